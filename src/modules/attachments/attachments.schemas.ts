// Schemas of case attachments. The upload itself is multipart/form-data, read by the handler.
import { type Static, Type } from 'typebox';
import { allowedMimes } from './file-type.js';

const strict = { additionalProperties: false } as const;

const attachmentProperties = {
  id: Type.Integer(),
  caseId: Type.Integer(),
  fileName: Type.String({ description: 'the name it was uploaded with (text only)' }),
  mime: Type.Enum(allowedMimes, { description: 'the type read from the file’s own bytes' }),
  size: Type.Integer({ description: 'bytes as stored' }),
  sha256: Type.String({ description: 'hex SHA-256 of the bytes as stored' }),
  uploadedBy: Type.String(),
  uploadedAt: Type.String(),
  isPublic: Type.Boolean({ description: 'shown to the resident on the portal' }),
};

export const Attachment = Type.Object(attachmentProperties, strict);
export type AttachmentDto = Static<typeof Attachment>;

export const UploadedAttachment = Type.Object(
  { ...attachmentProperties, locationRemoved: Type.Boolean({ description: 'whether location metadata (EXIF GPS, XMP) was removed before storing' }) },
  strict,
);

export const AttachmentList = Type.Object({ items: Type.Array(Attachment) }, strict);
export const AttachmentIdParams = Type.Object({ attachmentId: Type.Integer({ minimum: 1 }) }, strict);
