// The agreement template an admin can edit: a title and a list of blocks (headings, paragraphs with
// {{placeholders}}, and the generated parts: parties, terms, signatures). Stored in `settings`,
// seeded from data/templates/; an upload naming an unknown placeholder answers 400 naming the block.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, type FieldError } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { findSetting, upsertSetting } from '../sla/sla.repository.js';

export const TEMPLATE_SETTING = 'mediation.agreementTemplate';

const strict = { additionalProperties: false } as const;
const TextBlock = (type: string) => Type.Object({ type: Type.Literal(type), text: Type.String({ minLength: 1, maxLength: 4000 }) }, strict);

export const AgreementTemplate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    blocks: Type.Array(
      Type.Union([
        TextBlock('heading'),
        TextBlock('paragraph'),
        TextBlock('meta'),
        Type.Object({ type: Type.Literal('parties') }, strict),
        Type.Object({ type: Type.Literal('terms') }, strict),
        Type.Object({ type: Type.Literal('signatures') }, strict),
      ]),
      { minItems: 1, maxItems: 60 },
    ),
  },
  { ...strict, description: 'The mediation agreement template (调解协议书). Placeholders in text blocks: agreement.number, agreement.facts, agreement.responsibilities, agreement.effectiveDate, committee.name, case.trackingCode, mediators, copies, today' },
);
export type AgreementTemplateType = Static<typeof AgreementTemplate>;

/** The placeholders a template may use. */
export const PLACEHOLDERS = ['agreement.number', 'agreement.facts', 'agreement.responsibilities', 'agreement.effectiveDate', 'committee.name', 'case.trackingCode', 'mediators', 'copies', 'today'] as const;
export type PlaceholderValues = Record<(typeof PLACEHOLDERS)[number], string>;
const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

export function checkTemplate(body: unknown): AgreementTemplateType {
  const errors: FieldError[] = [];
  for (const e of Value.Errors(AgreementTemplate, body)) {
    const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body';
    if (!errors.some((x) => x.field === field)) errors.push({ field, message: e.message });
  }
  if (errors.length === 0) {
    const t = body as AgreementTemplateType;
    t.blocks.forEach((b, i) => {
      if (!('text' in b)) return;
      for (const match of b.text.matchAll(PLACEHOLDER)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(match[1] ?? '')) errors.push({ field: `blocks[${i}].text`, message: `unknown placeholder {{${match[1]}}}; known: ${PLACEHOLDERS.join(', ')}` });
      }
    });
    for (const part of ['parties', 'terms', 'signatures']) {
      if (!t.blocks.some((b) => b.type === part)) errors.push({ field: 'blocks', message: `the template must contain a ${part} block` });
    }
  }
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  return body as AgreementTemplateType;
}

export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name as keyof PlaceholderValues] ?? '');
}

const shippedFile = path.resolve(import.meta.dirname, '../../../data/templates/mediation-agreement.v1.json');

export function shippedTemplate(): AgreementTemplateType {
  return checkTemplate(JSON.parse(readFileSync(shippedFile, 'utf8')));
}

export async function loadTemplate(db: Db): Promise<AgreementTemplateType> {
  const raw = await findSetting(db, TEMPLATE_SETTING);
  return raw ? (JSON.parse(raw) as AgreementTemplateType) : shippedTemplate();
}

export async function seedAgreementTemplate(db: Db): Promise<void> {
  if ((await findSetting(db, TEMPLATE_SETTING)) === undefined) await upsertSetting(db, TEMPLATE_SETTING, JSON.stringify(shippedTemplate()), new Date().toISOString());
}

export async function getTemplate(ctx: AppContext) {
  return loadTemplate(ctx.db);
}

/** Replaces the template; the version must go up so printed agreements can say which one they used. */
export async function putTemplate(ctx: AppContext, actor: Actor, body: unknown) {
  const template = checkTemplate(body);
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const current = await loadTemplate(trx);
    if (template.version <= current.version) throw new AppError('conflict', `The template is at version ${current.version}; send version ${current.version + 1}`, { errors: [{ field: 'version', message: `must be greater than ${current.version}` }] });
    await upsertSetting(trx, TEMPLATE_SETTING, JSON.stringify(template), at);
    await appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'mediation.template_updated', entityType: 'setting', entityId: TEMPLATE_SETTING, detail: { version: template.version }, at });
  });
  return template;
}
