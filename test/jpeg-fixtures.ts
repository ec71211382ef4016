// Tiny JPEG files built byte by byte, with EXIF (orientation, camera make, GPS position), XMP and
// trailers, for the location-stripping and upload tests. Not decodable images: only the segment
// structure a metadata reader walks is real.

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** The raw value bytes in the block's byte order (typeSize × count). */
  data: Buffer;
}

export const GPS_IFD_TAG = 0x8825;
export const ORIENTATION_TAG = 0x0112;
export const MAKE_TAG = 0x010f;

/** The position written into test photos; its rational bytes must never survive a strip. */
export const TEST_LATITUDE: Array<[number, number]> = [[36, 1], [3, 1], [123457, 10000]];
export const TEST_LONGITUDE: Array<[number, number]> = [[103, 1], [50, 1], [654321, 10000]];

function u16(le: boolean, v: number): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(v);
  else b.writeUInt16BE(v);
  return b;
}
function u32(le: boolean, v: number): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(v);
  else b.writeUInt32BE(v);
  return b;
}

export function rationals(le: boolean, values: Array<[number, number]>): Buffer {
  return Buffer.concat(values.flatMap(([n, d]) => [u32(le, n), u32(le, d)]));
}

function ifdSize(entries: TiffEntry[]): number {
  return 2 + entries.length * 12 + 4 + entries.reduce((sum, e) => sum + (e.data.length > 4 ? e.data.length + (e.data.length % 2) : 0), 0);
}

/** An IFD at `at` followed by its out-of-line values. */
function ifd(le: boolean, entries: TiffEntry[], at: number, next: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const head: Buffer[] = [u16(le, sorted.length)];
  const data: Buffer[] = [];
  let offset = at + 2 + sorted.length * 12 + 4;
  for (const e of sorted) {
    head.push(u16(le, e.tag), u16(le, e.type), u32(le, e.count));
    if (e.data.length <= 4) {
      head.push(Buffer.concat([e.data, Buffer.alloc(4 - e.data.length)]));
    } else {
      head.push(u32(le, offset));
      const padded = e.data.length % 2 ? Buffer.concat([e.data, Buffer.alloc(1)]) : e.data;
      data.push(padded);
      offset += padded.length;
    }
  }
  head.push(u32(le, next));
  return Buffer.concat([...head, ...data]);
}

export interface ExifOptions {
  littleEndian?: boolean;
  orientation?: number;
  make?: string;
  gps?: boolean;
  /** Points the GPS IFD past the end of the block (a broken EXIF). */
  brokenGpsPointer?: boolean;
}

/** A TIFF block: IFD0 (make, orientation, GPS pointer) and the GPS IFD with latitude and longitude. */
export function tiffBlock(o: ExifOptions = {}): Buffer {
  const le = o.littleEndian ?? true;
  const ifd0: TiffEntry[] = [
    { tag: MAKE_TAG, type: 2, count: (o.make ?? 'PinganCam').length + 1, data: Buffer.from(`${o.make ?? 'PinganCam'}\0`, 'latin1') },
    { tag: ORIENTATION_TAG, type: 3, count: 1, data: u16(le, o.orientation ?? 6) },
  ];
  const gps: TiffEntry[] = [
    { tag: 1, type: 2, count: 2, data: Buffer.from('N\0', 'latin1') },
    { tag: 2, type: 5, count: 3, data: rationals(le, TEST_LATITUDE) },
    { tag: 3, type: 2, count: 2, data: Buffer.from('E\0', 'latin1') },
    { tag: 4, type: 5, count: 3, data: rationals(le, TEST_LONGITUDE) },
  ];
  const withGps = o.gps ?? true;
  if (withGps) ifd0.push({ tag: GPS_IFD_TAG, type: 4, count: 1, data: u32(le, 0) });
  const gpsAt = 8 + ifdSize(ifd0);
  if (withGps) {
    const pointer = ifd0.find((e) => e.tag === GPS_IFD_TAG);
    if (pointer) pointer.data = u32(le, o.brokenGpsPointer ? 0xfffff0 : gpsAt);
  }
  const header = Buffer.concat([Buffer.from(le ? 'II' : 'MM', 'latin1'), u16(le, 42), u32(le, 8)]);
  return Buffer.concat([header, ifd(le, ifd0, 8, 0), ...(withGps ? [ifd(le, gps, gpsAt, 0)] : [])]);
}

export function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

export const exifSegment = (o: ExifOptions = {}) => segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffBlock(o)]));
export const xmpSegment = (xml = '<x:xmpmeta><rdf:Description exif:GPSLatitude="36,3.2N"/></x:xmpmeta>') =>
  segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xml, 'utf8')]));
export const jfifSegment = () => segment(0xe0, Buffer.from('JFIF\0\x01\x02\0\0\x01\0\x01\0\0', 'latin1'));

/** Entropy-coded bytes with byte stuffing (FF 00) and a restart marker (FF D0), as real scans have. */
export const SCAN_DATA = Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a, 0xbc]);

export interface JpegOptions {
  exif?: ExifOptions | false;
  xmp?: boolean;
  /** Bytes after EOI (a second image of MPF, a vendor trailer). */
  trailer?: Buffer;
  /** An XMP segment between two scans, as a progressive JPEG may have. */
  xmpBetweenScans?: boolean;
  /** Extra bytes inside the comment segment (to make distinct files). */
  comment?: string;
}

export function buildJpeg(o: JpegOptions = {}): Buffer {
  const sos = segment(0xda, Buffer.from([0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]));
  const parts = [
    Buffer.from([0xff, 0xd8]),
    jfifSegment(),
    ...(o.exif === false ? [] : [exifSegment(o.exif ?? {})]),
    ...(o.xmp ? [xmpSegment()] : []),
    segment(0xfe, Buffer.from(o.comment ?? 'test photo', 'utf8')),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xc0, Buffer.from([0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00])),
    sos,
    SCAN_DATA,
    ...(o.xmpBetweenScans ? [xmpSegment(), sos, SCAN_DATA] : []),
    Buffer.from([0xff, 0xd9]),
    ...(o.trailer ? [o.trailer] : []),
  ];
  return Buffer.concat(parts);
}

/** Tags of IFD0 of the first EXIF segment, read independently of the code under test. */
export function readIfd0(jpeg: Buffer): Map<number, Buffer> | undefined {
  let pos = 2;
  while (pos + 4 <= jpeg.length && jpeg[pos] === 0xff) {
    const marker = jpeg[pos + 1];
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = jpeg.readUInt16BE(pos + 2);
    const payload = jpeg.subarray(pos + 4, pos + 2 + length);
    if (marker === 0xe1 && payload.subarray(0, 6).toString('latin1') === 'Exif\0\0') {
      const tiff = payload.subarray(6);
      const le = tiff.toString('latin1', 0, 2) === 'II';
      const r16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
      const r32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
      const at = r32(4);
      const out = new Map<number, Buffer>();
      for (let i = 0; i < r16(at); i++) {
        const e = at + 2 + i * 12;
        out.set(r16(e), tiff.subarray(e + 8, e + 12));
      }
      return out;
    }
    pos += 2 + length;
  }
  return undefined;
}
