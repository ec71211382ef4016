// Removes where a JPEG photo was taken before it is stored: a resident's photo of a leaking pipe
// must not publish their home's coordinates to everyone who opens the case.
// - EXIF (APP1 "Exif"): the GPS IFD is zeroed and its pointer removed from IFD0/IFD1, in place, so
//   every other tag (orientation, time) and every offset stays valid. EXIF that cannot be parsed
//   safely is dropped whole rather than kept with a possible position in it.
// - XMP (APP1 "http://ns.adobe.com/…"): dropped whole; it may repeat the position as exif:GPS*.
// - MPF (APP2 "MPF") and bytes after EOI: dropped; phones store extra images (with their own EXIF)
//   there, and without them the MPF offsets would point nowhere.
// The walk covers every segment, including those between the scans of a progressive JPEG.

export class JpegFormatError extends Error {}

const GPS_IFD_TAG = 0x8825;
/** Bytes per value of each TIFF field type (EXIF 2.32, section 4.6.2). */
const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
const XMP_IDS = [Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1')];
const MPF_ID = Buffer.from('MPF\0', 'latin1');

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;
const APP2 = 0xe2;

export interface StripResult {
  bytes: Buffer;
  /** Whether anything was removed. */
  removed: boolean;
}

/** A TIFF block (the EXIF payload after "Exif\0\0") with bounds-checked access in its byte order. */
class Tiff {
  readonly le: boolean;
  constructor(readonly buf: Buffer) {
    const order = buf.toString('latin1', 0, 2);
    if (order !== 'II' && order !== 'MM') throw new JpegFormatError('EXIF: unknown byte order');
    this.le = order === 'II';
    if (this.u16(2) !== 42) throw new JpegFormatError('EXIF: not a TIFF header');
  }
  check(at: number, size: number) {
    if (!Number.isSafeInteger(at) || at < 0 || at + size > this.buf.length) throw new JpegFormatError('EXIF: offset out of range');
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.le ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.le ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
  }
  w16(at: number, value: number) {
    this.check(at, 2);
    if (this.le) this.buf.writeUInt16LE(value, at);
    else this.buf.writeUInt16BE(value, at);
  }
  zero(at: number, size: number) {
    this.check(at, size);
    this.buf.fill(0, at, at + size);
  }
}

/** Zeroes an IFD and every value it stores outside itself. */
function wipeIfd(tiff: Tiff, at: number) {
  const count = tiff.u16(at);
  for (let i = 0; i < count; i++) {
    const entry = at + 2 + i * 12;
    const size = TYPE_SIZES[tiff.u16(entry + 2)];
    if (size === undefined) throw new JpegFormatError('EXIF: unknown field type in the GPS IFD');
    const bytes = size * tiff.u32(entry + 4);
    if (bytes > 4) tiff.zero(tiff.u32(entry + 8), bytes);
  }
  tiff.zero(at, 2 + count * 12 + 4);
}

/** Removes the GPS pointer (and the GPS data) from the IFD at `at`; returns the next IFD's offset. */
function dropGpsFrom(tiff: Tiff, at: number): { next: number; changed: boolean } {
  let count = tiff.u16(at);
  let changed = false;
  for (let i = 0; i < count; ) {
    const entry = at + 2 + i * 12;
    if (tiff.u16(entry) !== GPS_IFD_TAG) {
      i++;
      continue;
    }
    const gps = tiff.u32(entry + 8);
    if (gps !== 0) wipeIfd(tiff, gps);
    // Shift the later entries and the next-IFD pointer down over the removed entry.
    const end = at + 2 + count * 12 + 4;
    tiff.check(at, end - at);
    tiff.buf.copyWithin(entry, entry + 12, end);
    tiff.zero(end - 12, 12);
    count--;
    tiff.w16(at, count);
    changed = true;
  }
  return { next: tiff.u32(at + 2 + count * 12), changed };
}

/** The EXIF payload without GPS; throws JpegFormatError when it cannot be parsed safely. */
export function removeExifGps(payload: Buffer): { payload: Buffer; changed: boolean } {
  const tiff = new Tiff(Buffer.from(payload.subarray(EXIF_ID.length)));
  const ifd0 = tiff.u32(4);
  const first = dropGpsFrom(tiff, ifd0);
  const second = first.next !== 0 && first.next !== ifd0 ? dropGpsFrom(tiff, first.next) : { changed: false };
  const changed = first.changed || second.changed;
  return { payload: changed ? Buffer.concat([payload.subarray(0, EXIF_ID.length), tiff.buf]) : payload, changed };
}

function startsWith(payload: Buffer, id: Buffer): boolean {
  return payload.length >= id.length && payload.subarray(0, id.length).equals(id);
}

/** One segment's replacement: the same bytes, cleaned bytes, or null to drop it. */
function cleanSegment(marker: number, segment: Buffer): { keep: Buffer | null; removed: boolean } {
  const payload = segment.subarray(4);
  if (marker === APP1 && startsWith(payload, EXIF_ID)) {
    try {
      const cleaned = removeExifGps(payload);
      if (!cleaned.changed) return { keep: segment, removed: false };
      // Damaged EXIF can make one pass expose another GPS pointer (or break the structure it
      // walked): keep the cleaned block only if a second pass finds nothing left to remove.
      if (removeExifGps(cleaned.payload).changed) return { keep: null, removed: true };
      return { keep: Buffer.concat([segment.subarray(0, 4), cleaned.payload]), removed: true };
    } catch (error) {
      if (error instanceof JpegFormatError) return { keep: null, removed: true };
      throw error;
    }
  }
  if (marker === APP1 && XMP_IDS.some((id) => startsWith(payload, id))) return { keep: null, removed: true };
  if (marker === APP2 && startsWith(payload, MPF_ID)) return { keep: null, removed: true };
  return { keep: segment, removed: false };
}

/** The end of the entropy-coded data starting at `from`: the next marker that is not a restart or stuffing. */
function scanEnd(input: Buffer, from: number): number {
  for (let p = from; p + 1 < input.length; p++) {
    if (input[p] !== 0xff) continue;
    const next = input[p + 1] ?? 0;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue;
    return p;
  }
  return input.length;
}

/** The JPEG without its location; throws JpegFormatError when the segment structure is broken. */
export function stripJpegLocation(input: Buffer): StripResult {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) throw new JpegFormatError('not a JPEG (no start-of-image marker)');
  const out: Buffer[] = [input.subarray(0, 2)];
  let removed = false;
  let pos = 2;
  while (pos < input.length) {
    if (input[pos] !== 0xff) throw new JpegFormatError(`expected a marker at byte ${pos}`);
    let m = pos + 1;
    while (m < input.length && input[m] === 0xff) m++; // fill bytes
    const marker = input[m];
    if (marker === undefined || marker === 0x00 || marker === SOI) throw new JpegFormatError(`bad marker at byte ${m}`);
    if (marker === EOI) {
      out.push(input.subarray(m - 1, m + 1));
      if (m + 1 < input.length) removed = true; // trailing data: extra images of MPF, vendor trailers
      return { bytes: Buffer.concat(out), removed };
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(input.subarray(m - 1, m + 1));
      pos = m + 1;
      continue;
    }
    if (m + 2 >= input.length) throw new JpegFormatError(`segment at byte ${m - 1} is cut off`);
    const length = input.readUInt16BE(m + 1);
    const end = m + 1 + length;
    if (length < 2 || end > input.length) throw new JpegFormatError(`segment at byte ${m - 1} is longer than the file`);
    const cleaned = cleanSegment(marker, input.subarray(m - 1, end));
    if (cleaned.keep) out.push(cleaned.keep);
    removed ||= cleaned.removed;
    pos = end;
    if (marker === SOS) {
      const scanStop = scanEnd(input, pos);
      out.push(input.subarray(pos, scanStop));
      pos = scanStop;
    }
  }
  // No end-of-image marker: a truncated file; what was there is kept.
  return { bytes: Buffer.concat(out), removed };
}
