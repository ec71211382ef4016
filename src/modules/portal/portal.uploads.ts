// Photos of a report, uploaded one by one before the report is sent: each is checked by its bytes
// (JPEG, PNG, WebP or HEIC; 10 MB at most), its JPEG location removed unless the resident shares
// it, passed through the virus scanner, and stored content-addressed beside the case attachments.
// The answer is a token; the report claims its tokens in the intake's transaction and the photos
// become the case's attachments. Unclaimed uploads expire after a day (portal sweep).
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, invalid } from '../../errors.js';
import * as attachmentsRepo from '../attachments/attachments.repository.js';
import type { AttachmentDeps } from '../attachments/attachments.service.js';
import { MAX_ATTACHMENT_BYTES } from '../attachments/attachments.service.js';
import { sniffMime } from '../attachments/file-type.js';
import { JpegFormatError, stripJpegLocation } from '../attachments/jpeg-location.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import * as repo from './portal.repository.js';

export const UPLOAD_TTL_MS = 24 * 3600_000;
const PHOTO_MIMES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const fileError = (code: 'unsupported_media_type' | 'unprocessable' | 'payload_too_large', message: string) => new AppError(code, `file: ${message}`, { errors: [{ field: 'file', message }] });

export interface PhotoUpload {
  fileName: string;
  bytes: Buffer;
  keepLocation: boolean;
}

/** Checks, cleans, scans and stages one photo; answers with the token a report claims it by. */
export async function stagePhoto(ctx: AppContext, deps: AttachmentDeps, upload: PhotoUpload) {
  if (upload.bytes.length === 0) throw invalid('file', 'is empty');
  if (upload.bytes.length > MAX_ATTACHMENT_BYTES) throw fileError('payload_too_large', 'at most 10 MB');
  const mime = sniffMime(upload.bytes);
  if (!mime || !PHOTO_MIMES.includes(mime)) throw fileError('unsupported_media_type', 'only JPEG, PNG, WebP or HEIC photos are accepted, recognised by their content, not their name');
  let bytes = upload.bytes;
  let locationRemoved = false;
  if (mime === 'image/jpeg' && !upload.keepLocation) {
    try {
      const stripped = stripJpegLocation(bytes);
      bytes = stripped.bytes;
      locationRemoved = stripped.removed;
    } catch (error) {
      if (error instanceof JpegFormatError) throw fileError('unprocessable', `the JPEG is damaged (${error.message})`);
      throw error;
    }
  }
  let verdict: Awaited<ReturnType<AttachmentDeps['scanner']['scan']>>;
  try {
    verdict = await deps.scanner.scan(bytes, { fileName: upload.fileName, mime });
  } catch (error) {
    ctx.log.error({ err: error }, 'virus scanner failed');
    throw new AppError('unavailable', 'The virus scanner is not available; try again later');
  }
  if (!verdict.clean) throw fileError('unprocessable', `rejected by the virus scanner${verdict.reason ? `: ${verdict.reason}` : ''}`);

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const token = randomBytes(24).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + UPLOAD_TTL_MS).toISOString();
  const wrote = await deps.store.put(sha256, bytes);
  try {
    await repo.insertUpload(ctx.db, {
      token_hash: hashToken(token),
      sha256,
      mime,
      size: bytes.length,
      file_name: upload.fileName,
      location_kept: mime === 'image/jpeg' && upload.keepLocation ? 1 : 0,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      case_id: null,
      claimed_at: null,
    });
  } catch (error) {
    if (wrote && !(await repo.isShaInUse(ctx.db, sha256))) await deps.store.remove(sha256);
    throw error;
  }
  return { token, mime, size: bytes.length, fileName: upload.fileName, locationRemoved, expiresAt };
}

export type StagedPhoto = Awaited<ReturnType<typeof repo.findClaimableUploads>>[number];

/** The staged photos a report names, in its order; 400 naming `photos[i]` for a bad token. */
export async function findPhotos(db: Db, tokens: readonly string[], shareLocation: boolean): Promise<StagedPhoto[]> {
  const unique = [...new Set(tokens)];
  const rows = await repo.findClaimableUploads(db, unique.map(hashToken), new Date().toISOString());
  const byHash = new Map(rows.map((r) => [r.token_hash, r]));
  return unique.map((token) => {
    const index = tokens.indexOf(token);
    const row = byHash.get(hashToken(token));
    if (!row) throw invalid(`photos[${index}]`, 'unknown, expired or already used; upload the photo again');
    if (row.location_kept === 1 && !shareLocation) throw invalid(`photos[${index}]`, 'was uploaded with its location kept, but shareLocation is off; upload it again');
    return row;
  });
}

/** In the intake's transaction: the staged photos become attachments of the new case. */
export async function attachPhotos(trx: Db, actor: Actor, photos: readonly StagedPhoto[], caseId: number, regionCode: string, ip: string | null): Promise<void> {
  if (photos.length === 0) return;
  const at = new Date().toISOString();
  const claimed = await repo.claimUploads(trx, photos.map((p) => p.id), caseId, at);
  if (claimed !== photos.length) throw new AppError('conflict', 'A photo was used by another report at the same time; upload it again', { errors: [{ field: 'photos', message: 'already used' }] });
  for (const photo of photos) {
    const attachmentId = await attachmentsRepo.insertAttachment(trx, {
      case_id: caseId,
      file_name: photo.file_name,
      mime: photo.mime,
      size: photo.size,
      sha256: photo.sha256,
      uploaded_by: null,
      uploaded_by_label: actor.label,
      uploaded_at: at,
      is_public: 0,
    });
    await appendAudit(trx, {
      actorUserId: null,
      actorLabel: actor.label,
      action: 'case.attachment_added',
      entityType: 'case',
      entityId: caseId,
      regionCode,
      detail: { attachmentId, sha256: photo.sha256, mime: photo.mime, size: photo.size, locationKept: photo.location_kept === 1, isPublic: false, via: 'portal' },
      ip,
      at,
    });
  }
}

/** Removes uploads nobody claimed in time, and their bytes when nothing else uses them. */
export async function sweepExpiredUploads(ctx: AppContext, deps: Pick<AttachmentDeps, 'store'>, now: Date): Promise<number> {
  const expired = await repo.findExpiredUploads(ctx.db, now.toISOString(), 500);
  await repo.deleteUploads(ctx.db, expired.map((u) => u.id));
  for (const sha of new Set(expired.map((u) => u.sha256))) {
    if (!(await repo.isShaInUse(ctx.db, sha))) await deps.store.remove(sha);
  }
  return expired.length;
}
