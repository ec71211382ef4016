// Personal fields at rest: AES-256-GCM under config.dataKey, one random IV per value, stored as text
// `v1:<iv>:<tag>:<ciphertext>` (base64url parts). The version prefix lets a later key or algorithm
// coexist with rows written before it. Masking helpers show the shape of a value without the value.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PiiDecryptError extends Error {}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes');
}

/** Encrypts one personal value; `context` (e.g. `users.phone`) is bound as associated data. */
export function encryptPii(key: Buffer, plaintext: string, context = ''): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

/** Decrypts a value written by encryptPii; throws PiiDecryptError on a wrong key, context or tampering. */
export function decryptPii(key: Buffer, stored: string, context = ''): string {
  assertKey(key);
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new PiiDecryptError(`unknown encrypted value format "${parts[0] ?? ''}"`);
  const [, ivText = '', tagText = '', dataText = ''] = parts;
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new PiiDecryptError('malformed encrypted value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new PiiDecryptError('encrypted value does not decrypt with this key');
  }
}

function stars(count: number): string {
  return '*'.repeat(Math.max(0, count));
}

/** `13912345678` → `139****5678`: the first 3 and last 4 characters stay, the middle is starred. */
export function maskPhone(phone: string): string {
  const chars = [...phone.replace(/\s+/g, '')];
  if (chars.length >= 8) return chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('');
  if (chars.length > 2) return stars(chars.length - 2) + chars.slice(-2).join('');
  return stars(chars.length);
}

/** `张三丰` → `张**`: the first character (the family name, for Chinese names) stays. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return stars(chars.length);
  return (chars[0] ?? '') + stars(chars.length - 1);
}

/** `620102199001011234` → `620***********1234`: the first 3 and last 4 characters stay. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber.trim()];
  if (chars.length >= 8) return chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('');
  return stars(chars.length);
}
