import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GPS_IFD_TAG,
  MAKE_TAG,
  ORIENTATION_TAG,
  SCAN_DATA,
  TEST_LATITUDE,
  TEST_LONGITUDE,
  buildJpeg,
  rationals,
  readIfd0,
  segment,
} from '../../../test/jpeg-fixtures.js';
import { JpegFormatError, stripJpegLocation } from './jpeg-location.js';

const contains = (haystack: Buffer, needle: Buffer) => haystack.indexOf(needle) !== -1;

describe('stripJpegLocation', () => {
  for (const littleEndian of [true, false]) {
    it(`removes the GPS IFD and keeps the other tags (${littleEndian ? 'II' : 'MM'})`, () => {
      const input = buildJpeg({ exif: { littleEndian, orientation: 8 } });
      const lat = rationals(littleEndian, TEST_LATITUDE);
      const lon = rationals(littleEndian, TEST_LONGITUDE);
      expect(contains(input, lat)).toBe(true);
      expect(readIfd0(input)?.has(GPS_IFD_TAG)).toBe(true);

      const { bytes, removed } = stripJpegLocation(input);
      expect(removed).toBe(true);
      expect(contains(bytes, lat)).toBe(false);
      expect(contains(bytes, lon)).toBe(false);
      const tags = readIfd0(bytes);
      expect([...(tags?.keys() ?? [])]).toEqual([MAKE_TAG, ORIENTATION_TAG]);
      const orientation = tags?.get(ORIENTATION_TAG);
      expect(littleEndian ? orientation?.readUInt16LE(0) : orientation?.readUInt16BE(0)).toBe(8);
      expect(contains(bytes, Buffer.from('PinganCam\0', 'latin1'))).toBe(true);
      // Same length: the EXIF block was cleaned in place, so its offsets stay valid.
      expect(bytes.length).toBe(input.length);
      expect(bytes.subarray(bytes.length - SCAN_DATA.length - 2)).toEqual(input.subarray(input.length - SCAN_DATA.length - 2));
    });
  }

  it('leaves a JPEG without location untouched', () => {
    const input = buildJpeg({ exif: { gps: false } });
    const { bytes, removed } = stripJpegLocation(input);
    expect(removed).toBe(false);
    expect(bytes.equals(input)).toBe(true);
    const bare = buildJpeg({ exif: false });
    expect(stripJpegLocation(bare).bytes.equals(bare)).toBe(true);
  });

  it('drops XMP (also between scans), MPF and data after the end of the image', () => {
    const mpf = segment(0xe2, Buffer.from('MPF\0IIxx', 'latin1'));
    const withMpf = buildJpeg({ exif: false, xmp: true, xmpBetweenScans: true, trailer: Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.from('GPS in a second image')]) });
    const input = Buffer.concat([withMpf.subarray(0, 2), mpf, withMpf.subarray(2)]);
    const { bytes, removed } = stripJpegLocation(input);
    expect(removed).toBe(true);
    expect(bytes.includes('GPSLatitude')).toBe(false);
    expect(bytes.includes('MPF\0')).toBe(false);
    expect(bytes.includes('second image')).toBe(false);
    expect(bytes.includes('JFIF')).toBe(true);
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    // Both scans are still there, byte for byte.
    expect(bytes.indexOf(SCAN_DATA)).not.toBe(bytes.lastIndexOf(SCAN_DATA));
  });

  it('drops an EXIF block it cannot parse safely instead of keeping it', () => {
    const input = buildJpeg({ exif: { brokenGpsPointer: true } });
    const { bytes, removed } = stripJpegLocation(input);
    expect(removed).toBe(true);
    expect(bytes.includes('Exif\0\0')).toBe(false);
    expect(bytes.includes('JFIF')).toBe(true);
  });

  it('rejects files whose segment structure is broken', () => {
    expect(() => stripJpegLocation(Buffer.from('not a jpeg'))).toThrow(JpegFormatError);
    const good = buildJpeg();
    expect(() => stripJpegLocation(good.subarray(0, 30))).toThrow(JpegFormatError);
    const badLength = Buffer.from(good);
    badLength.writeUInt16BE(0xfff0, 4); // the JFIF segment claims more bytes than the file has
    expect(() => stripJpegLocation(badLength)).toThrow(JpegFormatError);
  });

  it('never fails with anything but JpegFormatError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const input = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(tail)]);
        try {
          stripJpegLocation(input);
        } catch (error) {
          expect(error).toBeInstanceOf(JpegFormatError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('copes with corrupted EXIF: no error, no GPS pointer left, stable on a second pass (property)', () => {
    const base = buildJpeg();
    const exifStart = base.indexOf('Exif\0\0') + 6;
    const readTags = (b: Buffer) => {
      try {
        return readIfd0(b);
      } catch {
        return undefined; // too damaged for the test's reader: nothing a viewer would find either
      }
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 120 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const input = Buffer.from(base);
        for (const [offset, value] of edits) input[exifStart + offset] = value;
        const { bytes } = stripJpegLocation(input);
        expect(readTags(bytes)?.has(GPS_IFD_TAG) ?? false).toBe(false);
        expect(stripJpegLocation(bytes).removed).toBe(false);
      }),
      // The first example is a counterexample a full-suite run once found (second pass not stable).
      { numRuns: 500, examples: [[[[106, 0], [36, 0]]]] },
    );
  });

  it('is idempotent on the files it produces', () => {
    fc.assert(
      fc.property(fc.record({ le: fc.boolean(), gps: fc.boolean(), xmp: fc.boolean(), between: fc.boolean(), trailer: fc.boolean() }), (o) => {
        const input = buildJpeg({ exif: { littleEndian: o.le, gps: o.gps }, xmp: o.xmp, xmpBetweenScans: o.between, ...(o.trailer ? { trailer: Buffer.from('tail') } : {}) });
        const once = stripJpegLocation(input);
        expect(once.removed).toBe(o.gps || o.xmp || o.between || o.trailer);
        const twice = stripJpegLocation(once.bytes);
        expect(twice.removed).toBe(false);
        expect(twice.bytes.equals(once.bytes)).toBe(true);
      }),
    );
  });
});
