// Where attachment bytes live. Content-addressed: a file is stored once under its SHA-256, so the
// same photo uploaded to two cases takes the space once and a name can never reach the path.
// Behind an interface so that object storage (S3-like) can replace the disk later.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface AttachmentStore {
  /** Stores the bytes under their SHA-256 unless already there; true when this call wrote them. */
  put(sha256: string, bytes: Buffer): Promise<boolean>;
  /** The stored bytes as a stream, or undefined when they are missing. */
  open(sha256: string): Promise<Readable | undefined>;
  has(sha256: string): Promise<boolean>;
  remove(sha256: string): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Files under <root>/<first two hex digits>/<sha256>, written to a temporary name and renamed. */
export class DiskAttachmentStore implements AttachmentStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async put(sha256: string, bytes: Buffer): Promise<boolean> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return false;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return true;
  }

  async open(sha256: string): Promise<Readable | undefined> {
    if (!(await this.has(sha256))) return undefined;
    return createReadStream(this.pathOf(sha256));
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
