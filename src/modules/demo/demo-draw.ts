// What a demo case is about, drawn from plausible distributions (documented in docs/benchmarks.md):
// when (seasons, weekdays, hours, a slow growth, the Spring Festival lull), where (cities by
// population, communities and city districts above remote villages), what (category by month and
// by town or country, kind from the category), how it came in (hotline dominant) and who is in it.
import { type CaseChannel, type CasePriority } from './demo-types.js';
import { idNumber, personName, phoneNumber, caseText } from './demo-text.js';
import { AliasTable, type Rng, weighted } from './prng.js';
import { type WorldVillage, isCommunity } from './demo-world.js';

export const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

const BASE_CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  '0101': 2, '0102': 1.5, '0103': 0.6, '0104': 0.8, '0201': 2, '0202': 1.5, '0203': 2, '0204': 2.5,
  '0301': 1.5, '0302': 0.6, '0303': 1, '0401': 4, '0402': 1.5, '0403': 1, '0501': 4, '0502': 1.5, '0503': 2,
  '0601': 1.5, '0602': 1.5, '0701': 0.8, '0702': 0.6, '0801': 2, '0802': 1.2, '0803': 1.2,
  '0901': 3.5, '0902': 1.2, '0903': 0.6, '0904': 2.5, '1001': 2.5, '1002': 1.5, '1003': 2,
  '1101': 3, '1102': 5, '1103': 2, '1201': 1.5, '1202': 1, '1203': 0.5, '1204': 0.4, '1301': 1.2, '1302': 0.4,
  '1401': 2, '1402': 1.2, '1403': 0.8, '1501': 0.3, '1502': 0.5, '1601': 4, '1602': 3, '1701': 1, '1702': 1,
};

/** Month (1–12) factors of seasonal categories; others are 1 all year. */
function monthFactor(category: string, month: number): number {
  const winter = month >= 11 || month <= 3;
  const summer = month >= 6 && month <= 8;
  switch (category) {
    case '1102': return winter ? 3 : month === 4 || month === 10 ? 0.5 : 0.05; // heating season Nov–Mar
    case '1101': return summer ? 2 : 1;
    case '0901': return month >= 5 && month <= 9 ? 1.6 : winter ? 0.6 : 1;
    case '1204': return month >= 6 && month <= 9 ? 3 : winter ? 0.2 : 1; // rainy season
    case '0303': return month >= 4 && month <= 6 ? 2.5 : winter ? 0.2 : 1;
    case '0401': return month === 12 || month <= 2 ? 2.5 : 1; // wages before the Spring Festival
    case '1301': return month >= 7 && month <= 9 ? 3 : 1;
    case '1202': return month >= 11 || month <= 4 ? 1.5 : 1;
    default: return 1;
  }
}

const RURAL = new Set(['0202', '0301', '0302', '0303', '0601', '1204']);
const URBAN = new Set(['0203', '0501', '0502', '0503', '1102', '0901', '1002', '1003']);

function placeFactor(category: string, community: boolean): number {
  if (RURAL.has(category)) return community ? 0.3 : 2.5;
  if (URBAN.has(category)) return community ? 2 : 0.4;
  return 1;
}

const CHANNELS: Readonly<Record<CaseChannel, number>> = { hotline: 0.55, grid_report: 0.14, online: 0.12, walk_in: 0.08, petition: 0.03, referral: 0.03, api: 0.03, sensor: 0.02 };
const SENSOR_CATEGORIES = new Set(['1101', '1103', '1202', '1203', '1204']);
const PRIORITIES: Readonly<Record<CasePriority, number>> = { low: 0.12, normal: 0.68, high: 0.15, urgent: 0.05 };
/** Local hour-of-day weights of intake (a hotline day: peaks mid-morning and mid-afternoon). */
const HOURS = [0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.2, 3.3, 3.0, 2.0, 1.8, 2.8, 3.1, 3.0, 2.6, 1.8, 1.5, 1.3, 1.1, 0.8, 0.5];
/** Sunday … Saturday. */
const WEEKDAYS = [0.7, 1.15, 1.05, 1.05, 1.0, 1.0, 0.75];
/** First day of the Spring Festival holidays: a week of few cases. */
const SPRING_FESTIVALS = ['2024-02-10', '2025-01-28', '2026-02-16', '2027-02-05'];

export interface DayPlan {
  /** Local midnight (UTC ms) of the day. */
  start: number;
  day: string;
  count: number;
  /** Hours (local) open for intake that day: all 24, fewer on the last, partial day. */
  hours: number;
}

function dayWeight(rng: Rng, day: string, position: number, hours: number): number {
  const date = new Date(`${day}T00:00:00Z`);
  const month = date.getUTCMonth() + 1;
  const festival = SPRING_FESTIVALS.some((f) => {
    const d = (date.getTime() - Date.parse(`${f}T00:00:00Z`)) / DAY_MS;
    return d >= -1 && d < 7;
  });
  const heating = month >= 11 || month <= 3 ? 1.15 : 1;
  const hourShare = HOURS.slice(0, hours).reduce((s, h) => s + h, 0) / HOURS.reduce((s, h) => s + h, 0);
  return (WEEKDAYS[date.getUTCDay()] ?? 1) * (0.9 + 0.2 * position) * (festival ? 0.55 : 1) * heating * (0.9 + 0.2 * rng.next()) * hourShare;
}

/** How many cases each day of the period gets (largest remainders, so they add up to `total`). */
export function planDays(rng: Rng, total: number, nowMs: number, days: number): DayPlan[] {
  const todayStart = Math.floor((nowMs + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const plans: DayPlan[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const start = todayStart - i * DAY_MS;
    const hours = i === 0 ? Math.floor((nowMs - start) / 3600_000) : 24;
    plans.push({ start, day: new Date(start + CHINA_OFFSET_MS).toISOString().slice(0, 10), count: 0, hours });
  }
  const weights = plans.map((p, i) => (p.hours > 0 ? dayWeight(rng, p.day, i / Math.max(1, days - 1), p.hours) : 0));
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  plans.forEach((p, i) => (p.count = Math.floor(exact[i] ?? 0)));
  let left = total - plans.reduce((s, p) => s + p.count, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    const plan = plans[i];
    if (plan && plan.hours > 0) {
      plan.count++;
      left--;
    }
  }
  return plans;
}

const hourTables = new Map<number, AliasTable>();

/** Sorted intake instants of one day: hour by the hotline curve, then minute, second and millisecond. */
export function intakeTimes(rng: Rng, plan: DayPlan): number[] {
  let table = hourTables.get(plan.hours);
  if (!table) hourTables.set(plan.hours, (table = new AliasTable(HOURS.slice(0, plan.hours))));
  const times: number[] = [];
  for (let i = 0; i < plan.count; i++) {
    let t = plan.start + table.sample(rng) * 3600_000 + rng.int(3600_000);
    if (t % 60_000 === 0) t += 1; // whole minutes belong to the SLA sweep
    times.push(t);
  }
  return times.sort((a, b) => a - b);
}

export interface Party {
  name: string;
  phone?: string;
  idNumber?: string;
  role: 'applicant' | 'respondent' | 'party' | 'third_party';
}

export interface CaseDraw {
  createdAt: number;
  village: WorldVillage;
  categoryCode: string;
  kind: string;
  channel: CaseChannel;
  priority: CasePriority;
  gridIndex: number | null;
  title: string;
  description: string;
  address: string | null;
  reporter: { name?: string; phone?: string; idNumber?: string } | null;
  parties: Party[];
}

export class CaseDrawer {
  private readonly villages: AliasTable;
  private readonly categoryTables = new Map<string, AliasTable>();

  constructor(
    private readonly villageList: readonly WorldVillage[],
    private readonly leaves: ReadonlyArray<{ code: string; kind: string }>,
  ) {
    if (villageList.length === 0) throw new Error('the demo world has no village with grids to place cases in');
    this.villages = new AliasTable(villageList.map((v) => v.weight));
  }

  private categoryTable(month: number, community: boolean): AliasTable {
    const key = `${month}|${community}`;
    let table = this.categoryTables.get(key);
    if (!table) {
      table = new AliasTable(this.leaves.map((l) => (BASE_CATEGORY_WEIGHTS[l.code] ?? 0.5) * monthFactor(l.code, month) * placeFactor(l.code, community)));
      this.categoryTables.set(key, table);
    }
    return table;
  }

  draw(rng: Rng, createdAt: number): CaseDraw {
    const village = this.villageList[this.villages.sample(rng)] as WorldVillage;
    const month = new Date(createdAt + CHINA_OFFSET_MS).getUTCMonth() + 1;
    const community = isCommunity(village.name);
    const leaf = this.leaves[this.categoryTable(month, community).sample(rng)] as { code: string; kind: string };
    let channel = weighted(rng, CHANNELS);
    if (channel === 'sensor' && !SENSOR_CATEGORIES.has(leaf.code)) channel = 'hotline';
    let priority = weighted(rng, PRIORITIES);
    if (leaf.code === '1501') priority = rng.chance(0.6) ? 'urgent' : 'high';
    else if (leaf.code === '0103' || leaf.code === '1204') priority = rng.chance(0.3) ? 'urgent' : 'high';
    else if (leaf.kind === 'praise' || leaf.kind === 'consultation') priority = rng.chance(0.3) ? 'low' : 'normal';
    const text = caseText(rng, leaf.code, village.name);
    const gridIndex = channel === 'grid_report' || rng.chance(0.6) ? rng.int(village.grids.length) : null;
    const anonymous = channel === 'sensor' || channel === 'api' || rng.chance(0.08);
    let reporter: CaseDraw['reporter'] = null;
    if (!anonymous && channel !== 'grid_report') {
      reporter = { name: personName(rng), phone: phoneNumber(rng) };
      if (channel === 'walk_in' || channel === 'petition' || rng.chance(0.1)) reporter.idNumber = idNumber(rng, village.code);
    }
    const parties: Party[] = [];
    if (leaf.kind === 'dispute') {
      const applicant: Party = reporter?.name ? { name: reporter.name, role: 'applicant' } : { name: personName(rng), role: 'applicant' };
      if (reporter?.phone) applicant.phone = reporter.phone;
      parties.push(applicant);
      const respondent: Party = { name: personName(rng), role: 'respondent' };
      if (rng.chance(0.6)) respondent.phone = phoneNumber(rng);
      if (rng.chance(0.3)) respondent.idNumber = idNumber(rng, village.code);
      parties.push(respondent);
      if (rng.chance(0.1)) parties.push({ name: personName(rng), role: 'third_party' });
    }
    const address = rng.chance(0.7) ? `${village.name.replace(/(居委会|村委会)$/u, '')}${rng.between(1, 120)}号` : null;
    return { createdAt, village, categoryCode: leaf.code, kind: leaf.kind, channel, priority, gridIndex, title: text.title, description: text.description, address, reporter, parties };
  }
}
