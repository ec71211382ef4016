import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiDecryptError, decryptPii, encryptPii, maskIdNumber, maskName, maskPhone } from './pii.js';

const key = randomBytes(32);

describe('encryptPii / decryptPii', () => {
  it('round-trips through the versioned text format with a fresh IV each time', () => {
    const a = encryptPii(key, '13912345678', 'users.phone');
    const b = encryptPii(key, '13912345678', 'users.phone');
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('13912345678');
    expect(decryptPii(key, a, 'users.phone')).toBe('13912345678');
    expect(decryptPii(key, encryptPii(key, '张三丰'))).toBe('张三丰');
  });

  it('refuses another key, another context, a tampered value and an unknown version', () => {
    const stored = encryptPii(key, '13912345678', 'users.phone');
    expect(() => decryptPii(randomBytes(32), stored, 'users.phone')).toThrow(PiiDecryptError);
    expect(() => decryptPii(key, stored, 'parties.phone')).toThrow(PiiDecryptError);
    const parts = stored.split(':');
    const flipped = `${parts[0]}:${parts[1]}:${parts[2]}:${(parts[3] ?? '').startsWith('A') ? 'B' : 'A'}${(parts[3] ?? '').slice(1)}`;
    expect(() => decryptPii(key, flipped, 'users.phone')).toThrow(PiiDecryptError);
    expect(() => decryptPii(key, `v9:${stored.slice(3)}`, 'users.phone')).toThrow(/format/);
  });

  it('needs a 32-byte key', () => {
    expect(() => encryptPii(randomBytes(16), 'x')).toThrow(/32 bytes/);
  });
});

describe('masks', () => {
  it('masks phones, names and ID numbers', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('0931-8123456')).toBe('093*****3456');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张')).toBe('*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskIdNumber('62010219900101123X')).toBe('620***********123X');
    expect(maskIdNumber('123')).toBe('***');
  });
});
