// Case attachments: who may add and read them, what is accepted, what is removed before storing.
// Reading follows the case: an attachment of a case outside the caller's scope does not exist for
// them (404). Adding is for the case's handlers. The type is read from the bytes; JPEG location
// metadata is removed unless the uploader keeps it on purpose; the scanner sees the bytes before
// anything is written; the row and its audit entry commit together.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { caseScope, relationsOf } from '../cases/cases.policy.js';
import * as casesRepo from '../cases/cases.repository.js';
import type { CaseStatus, Relation } from '../cases/workflow.js';
import * as repo from './attachments.repository.js';
import type { AttachmentDto } from './attachments.schemas.js';
import type { VirusScanner } from './attachments.scanner.js';
import type { AttachmentStore } from './attachments.storage.js';
import { type AllowedMime, sniffMime } from './file-type.js';
import { JpegFormatError, stripJpegLocation } from './jpeg-location.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const UPLOAD_RELATIONS: readonly Relation[] = ['owner', 'assigned', 'pending', 'lead'];

export interface AttachmentDeps {
  store: AttachmentStore;
  scanner: VirusScanner;
}

export interface Upload {
  fileName: string;
  bytes: Buffer;
  /** Keep EXIF GPS in a JPEG (a hazard's position, say); removed by default. */
  keepLocation: boolean;
  isPublic: boolean;
}

type CaseRow = NonNullable<Awaited<ReturnType<typeof casesRepo.findCaseById>>>;

function toDto(row: repo.AttachmentRow): AttachmentDto {
  return {
    id: row.id,
    caseId: row.case_id,
    fileName: row.file_name,
    mime: row.mime as AllowedMime,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by_label,
    uploadedAt: row.uploaded_at,
    isPublic: row.is_public === 1,
  };
}

/** The name as display text: no directories, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // Control characters and bidirectional overrides (which can disguise an extension) go.
  const cleaned = [...base.normalize('NFC').replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, '').trim()].slice(0, 200).join('');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
}

async function findVisibleCase(ctx: AppContext, actor: Actor, caseId: number): Promise<CaseRow> {
  const row = await casesRepo.findCaseById(ctx.db, caseId, caseScope(actor));
  if (!row) throw notFound('Case', caseId);
  return row;
}

/** The case an upload goes to, if the actor handles it (owner centre, lead, co-unit, pending unit). */
export async function requireUploadableCase(ctx: AppContext, actor: Actor, caseId: number): Promise<CaseRow> {
  const row = await findVisibleCase(ctx, actor, caseId);
  const units = await casesRepo.findUnitsOfCase(ctx.db, caseId);
  const relations = relationsOf(actor, {
    status: row.status as CaseStatus,
    regionCode: row.region_code,
    ownerUnitId: row.owner_unit_id,
    leadUnitId: row.lead_unit_id,
    units: units.map((u) => ({ unitId: u.unit_id, status: u.status, endedAt: u.ended_at })),
  });
  if (!UPLOAD_RELATIONS.some((r) => relations.has(r))) throw new AppError('forbidden', `Only the handlers of case ${caseId} may attach files to it`);
  return row;
}

const fileError = (code: 'unsupported_media_type' | 'unprocessable' | 'validation_failed', message: string) =>
  new AppError(code, `file: ${message}`, { errors: [{ field: 'file', message }] });

async function scan(ctx: AppContext, scanner: VirusScanner, bytes: Buffer, meta: { fileName: string; mime: string }) {
  try {
    return await scanner.scan(bytes, meta);
  } catch (error) {
    // Fail closed: a file nobody could scan is not stored.
    ctx.log.error({ err: error }, 'virus scanner failed');
    throw new AppError('unavailable', 'The virus scanner is not available; try again later');
  }
}

/** Checks, cleans, scans and stores one file of a case; answers with its metadata. */
export async function addAttachment(ctx: AppContext, deps: AttachmentDeps, actor: Actor, caseRow: CaseRow, upload: Upload, ip: string | null) {
  if (upload.bytes.length === 0) throw invalid('file', 'is empty');
  if (upload.bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large', 'file: at most 10 MB', { errors: [{ field: 'file', message: 'at most 10 MB' }] });
  const mime = sniffMime(upload.bytes);
  if (!mime) throw fileError('unsupported_media_type', 'only JPEG, PNG, WebP or HEIC images and PDF documents are accepted, recognised by their content, not their name');
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
  const verdict = await scan(ctx, deps.scanner, bytes, { fileName: upload.fileName, mime });
  if (!verdict.clean) throw fileError('unprocessable', `rejected by the virus scanner${verdict.reason ? `: ${verdict.reason}` : ''}`);

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const at = new Date().toISOString();
  // The bytes first, outside the transaction: the audit chain's lock is not held during disk I/O.
  const wrote = await deps.store.put(sha256, bytes);
  let id: number;
  try {
    id = await ctx.db.transaction().execute(async (trx) => {
      const newId = await repo.insertAttachment(trx, {
        case_id: caseRow.id,
        file_name: upload.fileName,
        mime,
        size: bytes.length,
        sha256,
        uploaded_by: actor.userId,
        uploaded_by_label: actor.label,
        uploaded_at: at,
        is_public: upload.isPublic ? 1 : 0,
      });
      await appendAudit(trx, {
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: 'case.attachment_added',
        entityType: 'case',
        entityId: caseRow.id,
        regionCode: caseRow.region_code,
        detail: { attachmentId: newId, sha256, mime, size: bytes.length, locationRemoved, isPublic: upload.isPublic },
        ip,
        at,
      });
      return newId;
    });
  } catch (error) {
    // Take back a file this call wrote, unless another row already uses the same bytes.
    if (wrote && !(await repo.isShaReferenced(ctx.db, sha256))) await deps.store.remove(sha256);
    throw error;
  }
  return {
    ...toDto({ id, case_id: caseRow.id, file_name: upload.fileName, mime, size: bytes.length, sha256, uploaded_by: actor.userId, uploaded_by_label: actor.label, uploaded_at: at, is_public: upload.isPublic ? 1 : 0 }),
    locationRemoved,
  };
}

export async function listAttachments(ctx: AppContext, actor: Actor, caseId: number) {
  await findVisibleCase(ctx, actor, caseId);
  return { items: (await repo.findAttachmentsOfCase(ctx.db, caseId)).map(toDto) };
}

/** An attachment and a stream of its bytes, if its case is visible to the actor (else 404). */
export async function openAttachment(ctx: AppContext, deps: AttachmentDeps, actor: Actor, attachmentId: number) {
  const row = await repo.findAttachment(ctx.db, attachmentId);
  const visible = row ? await casesRepo.findCaseById(ctx.db, row.case_id, caseScope(actor)) : undefined;
  if (!row || !visible) throw notFound('Attachment', attachmentId);
  const stream = await deps.store.open(row.sha256);
  if (!stream) throw new AppError('internal', `The file of attachment ${attachmentId} is missing from storage`);
  return { attachment: toDto(row), stream };
}
