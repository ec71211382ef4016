// Helpers for the resident portal's tests: multipart bodies, a real (tiny) PNG, a report body,
// and inject() calls from a chosen client address (the public routes limit per IP).
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { VILLAGE } from './case-fixtures.js';

export type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

export function multipart(parts: Part[]) {
  const boundary = `----pingan${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = 'data' in p;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file ? `; filename="${p.filename}"` : ''}\r\n${file ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), file ? p.data : Buffer.from(p.value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG (decodable: a browser shows it) of one colour, `size` pixels square. */
export function solidPng(size = 16, rgb: [number, number, number] = [29, 78, 216]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: size }, () => Buffer.from(rgb)))]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

export const NOISE_REPORT = {
  categoryCode: '0901',
  regionCode: VILLAGE,
  description: '楼下商铺每晚十点后音响声音很大，影响休息。',
  anonymous: false,
  reporter: { name: '王五', phone: '13712345678' },
  consent: true,
};

let phoneCounter = 0;
/** A phone number ending in 5678 not used before in this run (the routes also limit per phone). */
export function freshPhone(): string {
  phoneCounter++;
  return `137${String(phoneCounter).padStart(4, '0')}5678`;
}

let ipCounter = 10;
/** A fresh client address, so one test's requests do not spend another's per-IP allowance. */
export function freshIp(): string {
  ipCounter++;
  return `10.${Math.floor(ipCounter / 250) % 250}.${ipCounter % 250}.${(ipCounter * 7) % 250}`;
}

/** inject() as an anonymous visitor from `ip`. */
export function fromIp(app: FastifyInstance, ip: string) {
  return (options: InjectOptions) => app.inject({ ...options, remoteAddress: ip });
}
