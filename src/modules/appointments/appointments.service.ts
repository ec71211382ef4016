// Appointments at a one-stop centre (预约办): the centre's operators publish windows (a date and a
// half-day, with places); a resident books one (a place is taken atomically), gets a code and may
// cancel with the code and their phone; on the day the staff check them in, which takes the visit
// in as a walk_in case pre-filled from the booking, linked to it in the same transaction.
import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { blindIndex, normalizePhone } from '../../crypto/blind-index.js';
import { decryptPii, encryptPii, maskName, maskPhone } from '../../crypto/pii.js';
import { AppError, type FieldError, invalid, isUniqueViolation, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Actor, type Role, isAdmin } from '../auth/actor.js';
import { auditActor } from '../auth/policy.js';
import { findCategory } from '../categories/categories.repository.js';
import { intakeCase } from '../cases/cases.intake.js';
import type { CreateCaseInput } from '../cases/cases.schemas.js';
import { subtreeRange } from '../regions/region-code.js';
import * as repo from './appointments.repository.js';
import type { BookInput, CheckInInput, HalfDay, WindowInputDto } from './appointments.schemas.js';

type Ctx = Pick<AppContext, 'db' | 'config'>;

export const CENTER_STAFF: Role[] = ['center_operator', 'center_head'];
const DEFAULT_HOURS: Record<HalfDay, { startsAt: string; endsAt: string }> = { morning: { startsAt: '09:00', endsAt: '12:00' }, afternoon: { startsAt: '14:00', endsAt: '17:30' } };
/** How far ahead windows may be published, and booked. */
export const HORIZON_DAYS = 90;
const PUBLIC_DAYS = 30;
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Today's date in China time (UTC+8 all year). */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function isRealDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

function newCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The code as typed: case and the dash do not matter. */
export function normalizeCode(code: string): string {
  const plain = code.replace(/-/g, '').toUpperCase();
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}

async function requireCenter(ctx: Ctx, unitId: number) {
  const unit = await repo.findCenter(ctx.db, unitId);
  if (!unit || unit.kind !== 'center' || unit.status !== 'active') throw notFound('Centre', unitId);
  return unit;
}

/** The centre, if the actor operates or heads it (admins: any centre). */
export async function requireCenterStaff(ctx: Ctx, actor: Actor, unitId: number) {
  const unit = await requireCenter(ctx, unitId);
  if (!isAdmin(actor) && !actor.grants.some((g) => g.unitId === unitId && CENTER_STAFF.includes(g.role))) {
    throw new AppError('forbidden', `Only the operators and head of centre ${unitId} manage its appointments`);
  }
  return unit;
}

function toWindowDto(w: Awaited<ReturnType<typeof repo.findWindows>>[number]) {
  return {
    id: w.id,
    centerId: w.center_unit_id,
    day: w.day,
    halfDay: w.half_day as HalfDay,
    startsAt: w.starts_at,
    endsAt: w.ends_at,
    capacity: w.capacity,
    booked: w.booked,
    remaining: Math.max(0, w.capacity - w.booked),
    status: w.status,
  };
}

// ---- windows (staff) ------------------------------------------------------------------------------

function checkWindows(items: readonly WindowInputDto[], today: string): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const at = `items[${i}]`;
    if (!isRealDay(item.day)) errors.push({ field: `${at}.day`, message: 'not a date' });
    else if (item.day < today) errors.push({ field: `${at}.day`, message: 'is in the past' });
    else if (item.day > addDays(today, HORIZON_DAYS)) errors.push({ field: `${at}.day`, message: `at most ${HORIZON_DAYS} days ahead` });
    const hours = { ...DEFAULT_HOURS[item.halfDay], ...(item.startsAt ? { startsAt: item.startsAt } : {}), ...(item.endsAt ? { endsAt: item.endsAt } : {}) };
    if (hours.startsAt >= hours.endsAt) errors.push({ field: `${at}.endsAt`, message: 'must be after startsAt' });
    const key = `${item.day}|${item.halfDay}`;
    if (seen.has(key)) errors.push({ field: `${at}.halfDay`, message: `${item.day} ${item.halfDay} is listed twice` });
    seen.add(key);
  });
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** Publishes or changes windows; a capacity below the places already booked is refused (409, naming it). */
export async function putWindows(ctx: Ctx, actor: Actor, unitId: number, items: readonly WindowInputDto[], ip: string | null) {
  const center = await requireCenterStaff(ctx, actor, unitId);
  checkWindows(items, chinaToday());
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, item] of items.entries()) {
      const hours = { ...DEFAULT_HOURS[item.halfDay], ...(item.startsAt ? { startsAt: item.startsAt } : {}), ...(item.endsAt ? { endsAt: item.endsAt } : {}) };
      const values = { capacity: item.capacity, starts_at: hours.startsAt, ends_at: hours.endsAt, status: item.status ?? 'open', updated_at: now, updated_by: actor.userId };
      const existing = await repo.findWindow(trx, unitId, item.day, item.halfDay);
      if (!existing) {
        await repo.insertWindow(trx, { center_unit_id: unitId, day: item.day, half_day: item.halfDay, ...values });
      } else if (!(await repo.updateWindow(trx, existing.id, values))) {
        throw new AppError('conflict', `items[${i}].capacity: ${existing.booked} places of ${item.day} ${item.halfDay} are already booked`, {
          errors: [{ field: `items[${i}].capacity`, message: `at least ${existing.booked} (already booked)` }],
        });
      }
    }
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'appointments.windows_published', entityType: 'unit', entityId: unitId, regionCode: center.region_code, detail: { windows: items.length }, at: now });
  });
  const days = items.map((i) => i.day).sort();
  return { items: (await repo.findWindows(ctx.db, unitId, days[0] ?? chinaToday(), days.at(-1) ?? chinaToday())).map(toWindowDto) };
}

export async function listWindows(ctx: Ctx, actor: Actor, unitId: number, range: { from?: string | undefined; to?: string | undefined }) {
  await requireCenterStaff(ctx, actor, unitId);
  const from = range.from ?? chinaToday();
  return { items: (await repo.findWindows(ctx.db, unitId, from, range.to ?? addDays(from, 31))).map(toWindowDto) };
}

// ---- the public side ---------------------------------------------------------------------------

/** Centres in the resident's county that have places left in the next 30 days; their own township's first. */
export async function publicCenters(ctx: Ctx, regionCode: string) {
  const code = regionCode.padEnd(12, '0');
  if (!code.startsWith(ctx.config.provinceCode)) throw invalid('regionCode', `${regionCode} is not in province ${ctx.config.provinceCode}`);
  const today = chinaToday();
  const rows = await repo.findCentersWithPlaces(ctx.db, subtreeRange(code.slice(0, 6)), { from: today, to: addDays(today, PUBLIC_DAYS) });
  const township = code.slice(0, 9);
  const rank = (r: (typeof rows)[number]) => (r.region_code.startsWith(township) ? 0 : 1);
  return {
    items: rows
      .sort((a, b) => rank(a) - rank(b) || a.region_code.localeCompare(b.region_code))
      .map((r) => ({ id: r.id, name: r.name, regionCode: r.region_code, openPlaces: Number(r.open_places) })),
  };
}

export async function publicWindows(ctx: Ctx, unitId: number, range: { from?: string | undefined; to?: string | undefined }) {
  const center = await requireCenter(ctx, unitId);
  const today = chinaToday();
  const from = range.from && range.from > today ? range.from : today;
  const to = range.to ?? addDays(today, PUBLIC_DAYS);
  const windows = await repo.findWindows(ctx.db, unitId, from, to);
  return {
    centerId: center.id,
    centerName: center.name,
    items: windows.filter((w) => w.status === 'open' && w.booked < w.capacity).map((w) => ({ day: w.day, halfDay: w.half_day as HalfDay, startsAt: w.starts_at, endsAt: w.ends_at, remaining: w.capacity - w.booked })),
  };
}

/** Books a place; 409 naming halfDay when none is left (two residents racing for the last: one wins). */
export async function book(ctx: Ctx, input: BookInput, ip: string | null) {
  if (!input.consent) throw invalid('consent', 'must be true: the centre keeps your name and phone for the visit');
  const center = await requireCenter(ctx, input.centerId).catch(() => {
    throw invalid('centerId', `no centre ${input.centerId} takes appointments`);
  });
  if (input.day < chinaToday()) throw invalid('day', 'is in the past');
  const window = await repo.findWindow(ctx.db, center.id, input.day, input.halfDay);
  if (!window || window.status !== 'open') throw invalid('day', `${center.name} has no open window on ${input.day} ${input.halfDay}`);
  const key = ctx.config.dataKey;
  const phoneHash = blindIndex(key, 'phone', input.phone);
  if (await repo.hasActiveBooking(ctx.db, window.id, phoneHash)) throw new AppError('conflict', 'This phone already has a booking in that window', { errors: [{ field: 'phone', message: 'already booked in this window' }] });
  const at = new Date().toISOString();
  for (let attempt = 0; ; attempt++) {
    const code = newCode();
    try {
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.takePlace(trx, window.id))) {
          throw new AppError('conflict', `No places left on ${input.day} ${input.halfDay} at ${center.name}`, { errors: [{ field: 'halfDay', message: 'no places left' }] });
        }
        const id = await repo.insertAppointment(trx, {
          code,
          window_id: window.id,
          center_unit_id: center.id,
          day: input.day,
          half_day: input.halfDay,
          name_enc: encryptPii(key, input.name, 'appointments.name'),
          phone_enc: encryptPii(key, input.phone, 'appointments.phone'),
          phone_hash: phoneHash,
          purpose: input.purpose,
          region_code: input.regionCode ?? null,
          status: 'booked',
          created_at: at,
          cancelled_at: null,
          checked_in_at: null,
          checked_in_by: null,
          case_id: null,
        });
        await appendAudit(trx, { actorUserId: null, actorLabel: 'resident:portal', action: 'appointments.booked', entityType: 'appointment', entityId: id, regionCode: center.region_code, detail: { centerId: center.id, day: input.day, halfDay: input.halfDay }, ip, at });
      });
      return { code, centerId: center.id, centerName: center.name, day: input.day, halfDay: input.halfDay, startsAt: window.starts_at, endsAt: window.ends_at, status: 'booked' };
    } catch (error) {
      // A code already taken (1 in 31^8): draw another.
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
}

/** One answer for an unknown code and a phone that does not match it. */
const noBooking = () => new AppError('not_found', 'No booking matches this code and phone');

/** Cancels with the code and the phone it was booked with; the place goes back to the window. */
export async function cancel(ctx: Ctx, code: string, phone: string, ip: string | null) {
  const row = await repo.findAppointmentByCode(ctx.db, normalizeCode(code));
  const stored = row ? decryptPii(ctx.config.dataKey, row.phone_enc, 'appointments.phone') : '';
  if (!row || normalizePhone(stored) !== normalizePhone(phone)) throw noBooking();
  if (row.status !== 'booked') throw new AppError('conflict', `Booking ${row.code} is ${row.status.replace('_', ' ')}; it cannot be cancelled`);
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.cancelAppointment(trx, row.id, at))) throw new AppError('conflict', `Booking ${row.code} changed meanwhile; it cannot be cancelled`);
    await repo.givePlaceBack(trx, row.window_id);
    await appendAudit(trx, { actorUserId: null, actorLabel: 'resident:portal', action: 'appointments.cancelled', entityType: 'appointment', entityId: row.id, detail: { centerId: row.center_unit_id, day: row.day }, ip, at });
  });
  return { code: row.code, status: 'cancelled' };
}

// ---- the day at the window (staff) --------------------------------------------------------------

type DayRow = Awaited<ReturnType<typeof repo.findDay>>[number];

function toStaffDto(ctx: Ctx, row: DayRow | repo.AppointmentRow, trackingCode: string | null) {
  const key = ctx.config.dataKey;
  return {
    id: row.id,
    code: row.code,
    day: row.day,
    halfDay: row.half_day as HalfDay,
    name: maskName(decryptPii(key, row.name_enc, 'appointments.name')),
    phone: maskPhone(decryptPii(key, row.phone_enc, 'appointments.phone')),
    purpose: row.purpose,
    regionCode: row.region_code,
    status: row.status,
    createdAt: row.created_at,
    checkedInAt: row.checked_in_at,
    caseId: row.case_id,
    trackingCode,
  };
}

export async function listDay(ctx: Ctx, actor: Actor, unitId: number, day: string | undefined) {
  await requireCenterStaff(ctx, actor, unitId);
  const date = day ?? chinaToday();
  return { day: date, items: (await repo.findDay(ctx.db, unitId, date)).map((r) => toStaffDto(ctx, r, r.tracking_code)) };
}

/**
 * Checks a resident in: their visit becomes a walk_in case taken in by this member of staff,
 * pre-filled from the booking (name, phone, purpose, village), linked to the booking in the
 * intake's transaction. A retry answers with the same case.
 */
export async function checkInAppointment(ctx: AppContext, actor: Actor, id: number, input: CheckInInput, ip: string | null) {
  const row = await repo.findAppointment(ctx.db, id);
  if (!row) throw notFound('Appointment', id);
  const center = await requireCenterStaff(ctx, actor, row.center_unit_id);
  if (row.status === 'cancelled') throw new AppError('conflict', `Booking ${row.code} was cancelled`);
  if (row.status === 'checked_in' && row.case_id !== null) {
    // Checked in already (a double click, a colleague): the same answer again.
    const linked = await repo.findLinkedCase(ctx.db, row.case_id);
    if (linked) return { appointment: toStaffDto(ctx, row, linked.tracking_code), case: { id: linked.id, trackingCode: linked.tracking_code, status: linked.status } };
  }
  const category = await findCategory(ctx.db, input.categoryCode);
  if (!category || category.status !== 'active') throw invalid('categoryCode', `unknown category ${input.categoryCode}`);
  const key = ctx.config.dataKey;
  const name = decryptPii(key, row.name_enc, 'appointments.name');
  const phone = decryptPii(key, row.phone_enc, 'appointments.phone');
  const regionCode = input.regionCode ?? row.region_code ?? center.region_code;
  const caseInput: CreateCaseInput = {
    kind: input.kind ?? ((category.default_kind ?? 'request') as CreateCaseInput['kind']),
    channel: 'walk_in',
    categoryCode: category.code,
    regionCode,
    title: input.title ?? [...`预约来访：${row.purpose}`.replace(/\s+/g, ' ')].slice(0, 60).join(''),
    description: input.description ?? row.purpose,
    reporter: { name, phone, ...(input.idNumber ? { idNumber: input.idNumber } : {}) },
    ...(input.parties ? { parties: input.parties } : {}),
  };
  const result = await intakeCase(ctx, actor, caseInput, {
    idempotencyKey: `appointment-${row.id}`,
    ip,
    // A village, or the centre's own county or township when the booking named no village.
    allowCoarseRegion: regionCode === center.region_code,
    afterInsert: async (trx, created) => {
      if (!(await repo.checkIn(trx, row.id, { caseId: created.id, at: new Date().toISOString(), by: actor.userId }))) {
        throw new AppError('conflict', `Booking ${row.code} is ${row.status.replace('_', ' ')}; it was checked in already`);
      }
    },
  });
  const after = await repo.findAppointment(ctx.db, id);
  if (!after) throw notFound('Appointment', id);
  return { appointment: toStaffDto(ctx, after, result.body.trackingCode), case: { id: result.body.id, trackingCode: result.body.trackingCode, status: result.body.status } };
}
