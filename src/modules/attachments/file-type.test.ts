import { describe, expect, it } from 'vitest';
import { buildJpeg } from '../../../test/jpeg-fixtures.js';
import { sniffMime } from './file-type.js';

const ftyp = (major: string, ...compatible: string[]) => {
  const body = Buffer.from(`ftyp${major}\0\0\0\0${compatible.join('')}`, 'latin1');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length + 4);
  return Buffer.concat([size, body, Buffer.alloc(16)]);
};

describe('sniffMime', () => {
  it('recognises the accepted types by their first bytes', () => {
    expect(sniffMime(buildJpeg())).toBe('image/jpeg');
    expect(sniffMime(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toBe('image/png');
    expect(sniffMime(Buffer.from('RIFF\x24\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffMime(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'))).toBe('application/pdf');
    expect(sniffMime(ftyp('heic', 'mif1', 'heic'))).toBe('image/heic');
    expect(sniffMime(ftyp('mif1', 'mif1', 'heic'))).toBe('image/heic');
  });

  it('refuses everything else, whatever it is called', () => {
    expect(sniffMime(Buffer.from('GIF89a\x01\0\x01\0', 'latin1'))).toBeUndefined();
    expect(sniffMime(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffMime(Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'))).toBeUndefined();
    expect(sniffMime(Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(sniffMime(ftyp('avif', 'mif1', 'avif'))).toBeUndefined();
    expect(sniffMime(ftyp('mif1', 'mif1', 'avif'))).toBeUndefined();
    expect(sniffMime(ftyp('isom', 'mp41'))).toBeUndefined();
    expect(sniffMime(Buffer.alloc(0))).toBeUndefined();
    expect(sniffMime(Buffer.from([0xff, 0xd8]))).toBeUndefined();
    expect(sniffMime(Buffer.from(' %PDF-1.4'))).toBeUndefined();
  });
});
