// The public side of cases: a resident reports (or asks for an errand to be run), checks a case by
// its tracking code and the phone's last 4 digits, and rates the result. Reports go through the
// one intake as the portal's system actor; ratings go through the workflow as the resident
// (relation `reporter`, proven here).
//
// Enumeration: "no such case" and "wrong phone digits" are one answer (404, one text, same work:
// a row read and one decryption), and the routes throttle guessing per IP. A case without a
// reporter phone (anonymous, or taken in without one) has nothing to prove with: its code alone
// shows its status, and nothing else.
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { normalizePhone } from '../../crypto/blind-index.js';
import { decryptPii, encryptPii } from '../../crypto/pii.js';
import { AppError, invalid } from '../../errors.js';
import { residentActor, systemActor } from '../auth/actor.js';
import { findCategories } from '../categories/categories.repository.js';
import { runCaseAction } from '../cases/cases.actions.js';
import { intakeCase } from '../cases/cases.intake.js';
import type { CreateCaseInput } from '../cases/cases.schemas.js';
import type { AttachmentDeps } from '../attachments/attachments.service.js';
import { attachPhotos, findPhotos } from './portal.uploads.js';
import { fullView, isFeedbackOpen, statusOnlyView, timelineUnitIds } from './portal.presenter.js';
import * as repo from './portal.repository.js';
import type { FeedbackInput, ProxyErrandInput, PublicCaseInput, PublicCaseViewDto } from './portal.schemas.js';
import type { ResidentSession } from './resident-auth.service.js';

/** Who takes a portal report in: the portal itself (a system actor; the resident holds no role). */
export const PORTAL_ACTOR = systemActor('portal');
const TITLE_LENGTH = 40;
const DEFAULT_ERRAND_CATEGORY = '1602';

type CategoryRow = Awaited<ReturnType<typeof findCategories>>[number];

/** The category tree residents choose from: leaves under their groups; crisis categories left out (the hotline takes those). */
export async function publicCategories(ctx: AppContext) {
  const rows = await findCategories(ctx.db);
  const shown = rows.filter((r) => r.default_kind !== 'crisis');
  const node = (r: CategoryRow) => ({ code: r.code, name: r.name, nameEn: r.name_en, keywords: r.keywords, kind: r.default_kind });
  return {
    items: shown.filter((r) => r.parent_code === null).map((top) => ({ ...node(top), children: shown.filter((c) => c.parent_code === top.code).map(node) })),
  };
}

/** A category a resident may file under: active, a leaf, not a crisis. */
async function requireLeafCategory(ctx: AppContext, code: string): Promise<CategoryRow> {
  const rows = await findCategories(ctx.db);
  const category = rows.find((r) => r.code === code);
  if (!category || category.default_kind === 'crisis') throw invalid('categoryCode', `unknown category ${code}`);
  if (rows.some((r) => r.parent_code === code)) throw invalid('categoryCode', `${code} is a group; choose one of its categories`);
  return category;
}

function titleOf(title: string | undefined, description: string): string {
  const source = title?.trim() || description;
  return [...source.replace(/\s+/g, ' ').trim()].slice(0, TITLE_LENGTH).join('');
}

function requireProvince(ctx: AppContext, regionCode: string): void {
  if (!regionCode.startsWith(ctx.config.provinceCode)) throw invalid('regionCode', `${regionCode} is not in province ${ctx.config.provinceCode}`);
}

function requireConsent(consent: boolean): void {
  if (!consent) throw invalid('consent', 'must be true: the report is stored and shared with the units that handle it only with the resident’s consent');
}

/** Kind of a report: the category's; a dispute needs the names of both sides, else it is filed as a complaint. */
function kindOf(category: CategoryRow, input: PublicCaseInput): CreateCaseInput['kind'] {
  const kind = category.default_kind ?? 'request';
  if (kind === 'dispute') return input.reporter?.name && input.otherParty ? 'dispute' : 'complaint';
  return kind as CreateCaseInput['kind'];
}

export interface SubmitOptions {
  idempotencyKey?: string | undefined;
  ip: string | null;
}

/** Takes a resident's report in, with its photos, in one transaction. */
export async function submitReport(ctx: AppContext, deps: AttachmentDeps, input: PublicCaseInput, options: SubmitOptions): Promise<{ statusCode: 200 | 201; trackingCode: string }> {
  requireConsent(input.consent);
  requireProvince(ctx, input.regionCode);
  if (input.anonymous && input.reporter) throw invalid('reporter', 'leave contact details out of an anonymous report (or set anonymous to false)');
  if (!input.anonymous && !input.reporter) throw invalid('reporter.phone', 'is required unless the report is anonymous: it is how you check the case later');
  const category = await requireLeafCategory(ctx, input.categoryCode);
  const shareLocation = input.shareLocation ?? false;
  const photos = await findPhotos(ctx.db, input.photos ?? [], shareLocation);
  const kind = kindOf(category, input);
  const reporter = input.reporter;
  const caseInput: CreateCaseInput = {
    kind,
    channel: 'online',
    categoryCode: category.code,
    regionCode: input.regionCode,
    title: titleOf(input.title, input.description),
    description: input.description,
    ...(input.address ? { address: input.address } : {}),
    ...(shareLocation && input.location ? { location: input.location } : {}),
    ...(reporter ? { reporter: { ...(reporter.name ? { name: reporter.name } : {}), phone: reporter.phone } } : {}),
    ...(kind === 'dispute' && reporter?.name && input.otherParty
      ? { parties: [{ name: reporter.name, phone: reporter.phone, role: 'applicant' as const }, { name: input.otherParty.name, role: 'respondent' as const }] }
      : {}),
  };
  const result = await intakeCase(ctx, PORTAL_ACTOR, caseInput, {
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    ip: options.ip,
    afterInsert: (trx, created) => attachPhotos(trx, PORTAL_ACTOR, photos, created.id, input.regionCode, options.ip),
  });
  return { statusCode: result.replayed ? 200 : 201, trackingCode: result.body.trackingCode };
}

/** 委托代办: a resident asks their centre to run an errand; a case of kind proxy_errand. */
export async function submitProxyErrand(ctx: AppContext, input: ProxyErrandInput, options: SubmitOptions): Promise<{ statusCode: 200 | 201; trackingCode: string }> {
  requireConsent(input.consent);
  if (!input.authorize) throw invalid('authorize', 'must be true: the centre acts for you only with your authorisation');
  requireProvince(ctx, input.regionCode);
  const category = await requireLeafCategory(ctx, input.categoryCode ?? DEFAULT_ERRAND_CATEGORY);
  const caseInput: CreateCaseInput = {
    kind: 'proxy_errand',
    channel: 'online',
    categoryCode: category.code,
    regionCode: input.regionCode,
    title: titleOf(`委托代办：${input.description}`, input.description),
    description: input.description,
    ...(input.address ? { address: input.address } : {}),
    reporter: { name: input.name, phone: input.phone },
  };
  const result = await intakeCase(ctx, PORTAL_ACTOR, caseInput, { ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}), ip: options.ip });
  return { statusCode: result.replayed ? 200 : 201, trackingCode: result.body.trackingCode };
}

// ---- checking a case ----------------------------------------------------------------------------

/** One answer for "no such case" and "these digits do not match it". */
export const NO_MATCH_DETAIL = 'No case matches this tracking code and these phone digits';
const noMatch = () => new AppError('not_found', NO_MATCH_DETAIL);

// Decrypted when there is no case, so that the two failures take the same work.
const decoys = new WeakMap<Buffer, string>();
function decoy(key: Buffer): string {
  let value = decoys.get(key);
  if (!value) {
    value = encryptPii(key, '00000000000', 'cases.reporter_phone');
    decoys.set(key, value);
  }
  return value;
}

function sameDigits(phone: string, last4: string | undefined): boolean {
  const actual = Buffer.from(normalizePhone(phone).slice(-4).padStart(4, '-'));
  const given = Buffer.from((last4 ?? '').padStart(4, '#').slice(-4));
  return timingSafeEqual(actual, given) && last4 !== undefined;
}

export interface Proof {
  phoneLast4?: string | undefined;
  session?: ResidentSession | undefined;
}

type Verified = { row: repo.PublicCaseRow; verified: boolean };

/** The case and whether the caller proved to be its reporter; a 404 (always the same) otherwise. */
async function verify(ctx: AppContext, trackingCode: string, proof: Proof): Promise<Verified> {
  const key = ctx.config.dataKey;
  const row = await repo.findPublicCase(ctx.db, trackingCode.toUpperCase());
  const phone = decryptPii(key, row?.reporter_phone_enc ?? decoy(key), 'cases.reporter_phone');
  if (!row) throw noMatch();
  if (row.reporter_phone_enc === null) return { row, verified: false };
  if (proof.session && proof.session.phoneHash === row.reporter_phone_hash) return { row, verified: true };
  if (!sameDigits(phone, proof.phoneLast4)) throw noMatch();
  return { row, verified: true };
}

async function present(ctx: AppContext, { row, verified }: Verified): Promise<PublicCaseViewDto> {
  if (!verified) return statusOnlyView(row);
  const [events, category] = await Promise.all([repo.findPublicEvents(ctx.db, row.id), repo.findCategoryNames(ctx.db, row.category_code)]);
  const unitIds = [...timelineUnitIds(events), row.lead_unit_id ?? row.owner_unit_id];
  const unitNames = await repo.findUnitNames(ctx.db, [...new Set(unitIds)]);
  return fullView(row, { events, unitNames, category });
}

export async function trackCase(ctx: AppContext, trackingCode: string, proof: Proof): Promise<PublicCaseViewDto> {
  return present(ctx, await verify(ctx, trackingCode, proof));
}

/**
 * The resident's rating, once the case is resolved and nobody has followed up yet: a follow-up by
 * portal; "not fixed" also reopens the case (the reopen's guard reads that unsatisfied follow-up).
 */
export async function giveFeedback(ctx: AppContext, trackingCode: string, input: FeedbackInput, proof: Proof, ip: string | null): Promise<PublicCaseViewDto> {
  const checked = await verify(ctx, trackingCode, proof);
  // Without a phone there is no proof of being the reporter: the same 404 as a wrong guess.
  if (!checked.verified) throw noMatch();
  const { row } = checked;
  if (!isFeedbackOpen(row)) {
    throw new AppError('conflict', `Case ${row.tracking_code} is not waiting for your rating (it is ${row.status}${row.followed_up_at ? ', already rated' : ''})`, { extra: { caseStatus: row.status } });
  }
  if (!input.fixed && input.satisfaction !== 'unsatisfied') throw invalid('satisfaction', 'must be unsatisfied when the problem is not fixed');
  const actor = residentActor([row.id]);
  const followed = await runCaseAction(ctx, actor, row.id, 'follow_up', { version: row.version, method: 'portal', satisfaction: input.satisfaction, ...(input.comment ? { comment: input.comment } : {}) }, ip);
  if (!input.fixed) await reopenAsResident(ctx, row.id, followed.version, input.comment, ip);
  return trackCase(ctx, row.tracking_code, proof);
}

/**
 * The reopen after a "not fixed" rating. A separate transaction (runCaseAction owns its own), so a
 * staff action landing in between makes the version stale: read it again and retry while the case
 * still waits with that unsatisfied rating.
 */
async function reopenAsResident(ctx: AppContext, caseId: number, version: number, comment: string | undefined, ip: string | null): Promise<void> {
  const reason = [...`居民通过平安门户反馈：问题未解决${comment ? `。${comment}` : ''}`].slice(0, 1000).join('');
  let current = version;
  for (let attempt = 0; ; attempt++) {
    try {
      await runCaseAction(ctx, residentActor([caseId]), caseId, 'reopen', { version: current, reason }, ip);
      return;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'version_conflict' || attempt >= 2) throw error;
      const row = await repo.findPublicCaseById(ctx.db, caseId);
      if (!row || row.status !== 'resolved' || row.satisfaction !== 'unsatisfied') return;
      current = row.version;
    }
  }
}

/** Every case reported with the signed-in phone, newest first. */
export async function myCases(ctx: AppContext, session: ResidentSession) {
  const rows = await repo.findCasesByPhoneHash(ctx.db, session.phoneHash, 100);
  return rows.map((r) => ({
    trackingCode: r.tracking_code,
    title: r.title,
    kind: r.kind,
    status: r.status as PublicCaseViewDto['status'],
    category: r.category_name ? { code: r.category_code, name: r.category_name, nameEn: r.category_name_en ?? r.category_name } : null,
    submittedAt: r.created_at,
    updatedAt: r.updated_at,
    feedbackOpen: isFeedbackOpen(r),
  }));
}
