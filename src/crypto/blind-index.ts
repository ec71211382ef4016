// Keyed hashes of personal values (phone numbers, names) so that "this caller's earlier cases" and
// "same parties" can be found without decrypting every row. HMAC-SHA256 under a key derived from
// the data key, over a normalised value; equal values give equal hashes, nothing else leaks.
import { createHmac, hkdfSync } from 'node:crypto';

const derived = new WeakMap<Buffer, Buffer>();

function indexKey(dataKey: Buffer): Buffer {
  let key = derived.get(dataKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'pingan blind index v1', 32));
    derived.set(dataKey, key);
  }
  return key;
}

export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
}

export function blindIndex(dataKey: Buffer, kind: 'phone' | 'name', value: string): string {
  const normalized = kind === 'phone' ? normalizePhone(value) : value.trim().replace(/\s+/g, '');
  return createHmac('sha256', indexKey(dataKey)).update(`${kind}:${normalized}`).digest('hex').slice(0, 32);
}
