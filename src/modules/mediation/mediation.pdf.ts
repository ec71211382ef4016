// The agreement as a printable PDF in Chinese typography: A4, Noto Serif CJK (宋体-like) body with
// two-character first-line indents and justified lines, Noto Sans CJK Bold (黑体-like) title and
// headings, terms numbered 一、二、…, dates as 2026年11月27日. The fonts come from Debian's
// fonts-noto-cjk; without them the PDF cannot be made and the caller gets a 503 saying so.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors.js';
import type { AgreementTemplateType, PlaceholderValues } from './mediation.template.js';
import { fillPlaceholders } from './mediation.template.js';

const FONT_DIR = '/usr/share/fonts/opentype/noto';
export const CJK_FONTS = {
  body: { file: `${FONT_DIR}/NotoSerifCJK-Regular.ttc`, name: 'NotoSerifCJKsc-Regular', fallback: { file: `${FONT_DIR}/NotoSansCJK-Regular.ttc`, name: 'NotoSansCJKsc-Regular' } },
  heading: { file: `${FONT_DIR}/NotoSansCJK-Bold.ttc`, name: 'NotoSansCJKsc-Bold', fallback: { file: `${FONT_DIR}/NotoSansCJK-Regular.ttc`, name: 'NotoSansCJKsc-Regular' } },
} as const;
export const REQUIRED_FONT = `${FONT_DIR}/NotoSansCJK-Regular.ttc`;

function pickFont(spec: { file: string; name: string; fallback: { file: string; name: string } }): { file: string; name: string } {
  if (existsSync(spec.file)) return { file: spec.file, name: spec.name };
  if (existsSync(spec.fallback.file)) return spec.fallback;
  throw new AppError('unavailable', `The CJK font ${spec.fallback.file} is missing: install Debian's fonts-noto-cjk to print mediation agreements`);
}

export interface AgreementDocument {
  status: string;
  parties: Array<{ role: string; name: string }>;
  terms: Array<{ numeral: string; text: string; how: string; due: string; status: string }>;
  signatures: Array<{ name: string; signedOn: string | null }>;
  seal: { committee: string; sealedBy: string | null; sealedOn: string | null };
  values: PlaceholderValues;
}

const ROLE_LABELS: Record<string, string> = { applicant: '申请人', respondent: '被申请人', party: '当事人', third_party: '第三人' };
const PT = 1;
const CM = 28.3465 * PT;

/** Renders the agreement into a PDF buffer. */
export async function renderAgreementPdf(template: AgreementTemplateType, doc: AgreementDocument): Promise<Buffer> {
  const body = pickFont(CJK_FONTS.body);
  const heading = pickFont(CJK_FONTS.heading);
  const pdf = new PDFDocument({ size: 'A4', margins: { top: 3.7 * CM, bottom: 3.5 * CM, left: 2.8 * CM, right: 2.6 * CM }, info: { Title: template.title, Subject: doc.values['agreement.number'], Creator: 'Pingan' } });
  pdf.registerFont('body', body.file, body.name);
  pdf.registerFont('heading', heading.file, heading.name);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const size = 14;
  const indent = 2 * size;
  const para = (text: string) => pdf.font('body').fontSize(size).text(text, { indent, align: 'justify', lineGap: size * 0.6, paragraphGap: size * 0.4 });

  pdf.font('heading').fontSize(22).text(template.title, { align: 'center', characterSpacing: 4 });
  if (doc.status !== 'effective' && doc.status !== 'performed' && doc.status !== 'reopened') pdf.font('body').fontSize(10.5).fillColor('#888').text('（草稿，未生效）', { align: 'center' }).fillColor('black');
  pdf.moveDown(1);
  for (const block of template.blocks) {
    switch (block.type) {
      case 'meta':
        pdf.font('body').fontSize(12).text(fillPlaceholders(block.text, doc.values), { align: 'right', lineGap: 4 });
        break;
      case 'heading':
        pdf.moveDown(0.5).font('heading').fontSize(15).text(fillPlaceholders(block.text, doc.values), { lineGap: 6 });
        break;
      case 'paragraph':
        para(fillPlaceholders(block.text, doc.values));
        break;
      case 'parties':
        for (const p of doc.parties) para(`${ROLE_LABELS[p.role] ?? '当事人'}：${p.name}`);
        break;
      case 'terms':
        for (const t of doc.terms) para(`${t.numeral}、${t.text}（履行方式：${t.how}；履行期限：${t.due}前）`);
        break;
      case 'signatures':
        pdf.moveDown(1);
        for (const s of doc.signatures) pdf.font('body').fontSize(size).text(`当事人（签名）：${s.name}　　　${s.signedOn ?? '____年__月__日'}`, { lineGap: size });
        pdf.moveDown(0.5);
        pdf.text(`人民调解委员会（盖章）：${doc.seal.committee}`, { lineGap: size });
        pdf.text(`盖章经办：${doc.seal.sealedBy ?? '________'}　　　${doc.seal.sealedOn ?? '____年__月__日'}`, { lineGap: size });
        break;
      default:
        break;
    }
  }
  pdf.end();
  return done;
}
