// The rules of people's mediation as data and pure functions (People's Mediation Law of the PRC,
// 2010; Civil Procedure Law on judicial confirmation): statuses, modes, statutory periods counted
// on the business calendar, the safety screen, and when the next follow-up visit is due.
import { type BusinessCalendar, isWorkingDay, localDay } from '../sla/business-calendar.js';

export const mediationStatuses = ['in_progress', 'agreed', 'completed', 'refused', 'failed'] as const;
export type MediationStatus = (typeof mediationStatuses)[number];
export const origins = ['application', 'initiative', 'referral'] as const;
export const modes = ['joint', 'shuttle', 'remote', 'not_suitable'] as const;
export type Mode = (typeof modes)[number];
export const sessionModes = ['joint', 'shuttle', 'remote'] as const;
export const sessionOutcomes = ['progress', 'agreement_reached', 'no_agreement', 'adjourned', 'party_left'] as const;
export const mediatorHow = ['assigned', 'chosen_by_parties'] as const;
export const inviteeRelations = ['relative', 'neighbour', 'expert', 'lawyer', 'community_member', 'other'] as const;
export const failureRoutes = ['arbitration', 'administrative', 'court', 'other'] as const;
export const followUpMethods = ['visit', 'phone', 'video', 'other'] as const;
export const followUpFindings = ['on_track', 'breach', 'new_tension'] as const;
export const termStatuses = ['pending', 'performed', 'breached'] as const;

/** Settle within 30 days of acceptance (default; counted like a statutory period). */
export const SETTLE_WITHIN_DAYS = 30;
/** Both parties may apply for judicial confirmation within 30 days of the agreement taking effect. */
export const CONFIRM_WINDOW_DAYS = 30;
/** The court decides on accepting an application within 3 days … */
export const COURT_ACCEPT_DAYS = 3;
/** … and rules within 15 days of accepting it, extendable once by 10 days. */
export const COURT_RULING_DAYS = 15;
export const COURT_EXTENSION_DAYS = 10;
/** Working days before a deadline (the mediation's own, the confirmation window) when people are warned. */
export const WARN_BEFORE_WORKING_DAYS = 5;
/** The first follow-up visit after the agreement takes effect, and the longest gap between visits. */
export const FIRST_FOLLOW_UP_DAYS = 7;
export const MAX_FOLLOW_UP_GAP_DAYS = 30;

const DAY_MS = 86_400_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last instant of a local day. */
export function endOfLocalDay(calendar: BusinessCalendar, day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1 - calendar.offsetMinutes * 60_000);
}

/**
 * The end of a period of `days` days from `start`, as the law counts it: the start day does not
 * count, the period ends with its last day, and a last day that is not a working day on the business
 * calendar (weekend, public holiday) moves to the next working day.
 */
export function periodEnd(calendar: BusinessCalendar, start: Date, days: number): Date {
  let day = addDays(localDay(calendar, start), days);
  for (let i = 0; i < 60 && !isWorkingDay(calendar, day); i++) day = addDays(day, 1);
  return endOfLocalDay(calendar, day);
}

/** The safety screen put before any session. A yes to any of the first four is a safety concern. */
export const screeningQuestions = ['fear_of_other_party', 'violence_or_threats', 'weapon_mentioned', 'controlling_behaviour', 'wants_to_meet_apart'] as const;
export type ScreeningAnswers = Partial<Record<(typeof screeningQuestions)[number], 'yes' | 'no' | 'unknown'>>;

export function safetyConcerns(answers: ScreeningAnswers): string[] {
  return screeningQuestions.filter((q) => q !== 'wants_to_meet_apart' && answers[q] === 'yes');
}

export interface Restrictions {
  jointSessionsAllowed: boolean;
  sessionsPaused: boolean;
}

/** Why a screening may not choose `mode` (undefined when it may). */
export function screeningModeProblem(mode: Mode, answers: ScreeningAnswers, restrictions: Restrictions): string | undefined {
  if (mode !== 'joint') return undefined;
  const concerns = safetyConcerns(answers);
  if (concerns.length > 0) return `the screen found safety concerns (${concerns.join(', ')}): choose shuttle, remote or not_suitable`;
  if (answers.wants_to_meet_apart === 'yes') return 'a party wants to meet apart: choose shuttle or remote';
  if (!restrictions.jointSessionsAllowed) return 'the risk warning on this case does not allow joint sessions';
  return undefined;
}

/** Session modes the latest screening and the case's risk warning allow now. */
export function allowedSessionModes(screenedMode: string | null, restrictions: Restrictions): Array<(typeof sessionModes)[number]> {
  if (screenedMode === null || restrictions.sessionsPaused) return [];
  const byScreen: Record<string, Array<(typeof sessionModes)[number]>> = { joint: ['joint', 'shuttle', 'remote'], remote: ['remote', 'shuttle'], shuttle: ['shuttle'], not_suitable: [] };
  const allowed = byScreen[screenedMode] ?? [];
  return restrictions.jointSessionsAllowed ? allowed : allowed.filter((m) => m !== 'joint');
}

/** When the next follow-up visit is due: the first pending term's due day, at most a month away, at least a day. */
export function nextFollowUpAt(calendar: BusinessCalendar, now: Date, pendingDueDates: string[], requested?: Date): Date {
  if (requested && requested.getTime() > now.getTime()) return requested;
  const latest = new Date(now.getTime() + MAX_FOLLOW_UP_GAP_DAYS * DAY_MS);
  const earliest = new Date(now.getTime() + DAY_MS);
  const firstDue = pendingDueDates.sort()[0];
  const byTerm = firstDue ? endOfLocalDay(calendar, firstDue) : latest;
  const pick = byTerm.getTime() < latest.getTime() ? byTerm : latest;
  return pick.getTime() < earliest.getTime() ? earliest : pick;
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 12 → 十二, 20 → 二十 (agreement terms are numbered this way). */
export function chineseNumeral(n: number): string {
  if (n < 10) return NUMERALS[n] ?? String(n);
  if (n < 20) return `十${NUMERALS[n % 10]}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10)]}十${NUMERALS[n % 10]}`;
  return String(n);
}

/** 2026-11-27T… → 2026年11月27日 in local time. */
export function chineseDate(calendar: BusinessCalendar, at: Date | string): string {
  const day = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : localDay(calendar, new Date(at));
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
