// The demo organisation on the real Gansu regions: departments per township and county (police
// station and judicial office in every township; the bureaus of every county, city and the
// province), people's mediation committees, ~90,000 grids and ~200,000 accounts in every role.
// Built once per database (marked in settings), then read back as the in-memory world the case
// generator draws from. Rows go through the bulk writer; ids are assigned here.
import { hashPassword } from '../../crypto/password.js';
import type { Db } from '../../db/database.js';
import { ancestorCodes, levelOf, prefixOf } from '../regions/region-code.js';
import type { BulkWriter, Row } from './demo-bulk.js';
import * as repo from './demo.repository.js';
import { personName, shortVillageName } from './demo-text.js';
import { Rng } from './prng.js';

export const DEMO_WORLD_SETTING = 'demo.world';
/** Every demo account signs in with this password (documented in docs/benchmarks.md). */
export const DEMO_PASSWORD = 'pingan-demo-2026';

/** County, city and province bureaus: department kind → name suffix. */
export const BUREAUS: ReadonlyArray<readonly [string, string]> = [
  ['judicial_office', '司法局'],
  ['public_security', '公安局'],
  ['housing', '住房和城乡建设局'],
  ['human_resources_social_security', '人力资源和社会保障局'],
  ['market_regulation', '市场监督管理局'],
  ['natural_resources', '自然资源局'],
  ['ecology_environment', '生态环境局'],
  ['transport', '交通运输局'],
  ['water', '水务局'],
  ['health', '卫生健康局'],
  ['education', '教育局'],
  ['civil_affairs', '民政局'],
  ['emergency_management', '应急管理局'],
  ['urban_management', '城市管理局'],
  ['petition_office', '信访局'],
];

/** People per governance centre by region level (0 province … 3 township). */
const CENTER_STAFF: ReadonlyArray<Readonly<Record<string, number>>> = [
  { center_head: 1, center_operator: 6, supervisor: 2, analyst: 2, auditor: 1 },
  { center_head: 1, center_operator: 8, supervisor: 1, analyst: 1, auditor: 1 },
  { center_head: 1, center_operator: 4, supervisor: 1, analyst: 1 },
  { center_head: 1, center_operator: 2, township_coordinator: 1 },
];

export interface WorldUnit {
  id: number;
  kind: string;
  departmentKind: string | null;
  name: string;
  regionCode: string;
}

export interface WorldVillage {
  code: string;
  name: string;
  /** Relative number of cases (see docs/benchmarks.md: city population × community/urban factors). */
  weight: number;
  grids: string[];
  /** The grid worker of each grid (same order), or 0. */
  gridWorkers: number[];
}

export interface DemoWorld {
  provinceCode: string;
  villages: WorldVillage[];
  units: Map<number, WorldUnit>;
  /** Centre of a region (12-digit code) → unit id. */
  centerOf: Map<string, number>;
  /** `${regionCode}|${departmentKind}` → unit id. */
  departmentAt: Map<string, number>;
  /** Users holding `role` in a unit: `${unitId}|${role}` → user ids. */
  staff: Map<string, number[]>;
  usernames: Map<number, string>;
}

/** 2020 census population of each city (10,000 persons), the weight of its share of cases. */
export const CITY_POPULATION: Readonly<Record<string, number>> = {
  '6201': 436, '6202': 31, '6203': 44, '6204': 151, '6205': 298, '6206': 146, '6207': 113,
  '6208': 185, '6209': 106, '6210': 218, '6211': 252, '6212': 241, '6229': 211, '6230': 69,
};

export function isCommunity(name: string): boolean {
  return /社区|居委会|居民委员会/u.test(name);
}

/** City districts (市辖区) have county codes 01–20 in GB/T 2260. */
export function isUrbanDistrict(code: string): boolean {
  return Number(code.slice(4, 6)) <= 20;
}

function villageFactor(code: string, name: string): number {
  return (isCommunity(name) ? 3 : 1) * (isUrbanDistrict(code) ? 1.5 : 1);
}

function gridCount(rng: Rng, code: string, name: string): number {
  if (isCommunity(name)) return rng.between(8, 12);
  if (isUrbanDistrict(code)) return 6;
  return rng.chance(0.3) ? 5 : 4;
}

export interface WorldOptions {
  seed: number;
  provinceCode: string;
  /** Only this region's subtree (2–12 digit prefix) gets grids, people and cases; its ancestors get their centres' staff. */
  region?: string | undefined;
  log?: (message: string) => void;
}

function inScope(code: string, region: string | undefined): boolean {
  if (!region) return true;
  const prefix = prefixOf(region.padEnd(12, '0'));
  return code.startsWith(prefix) || region.padEnd(12, '0').startsWith(prefixOf(code));
}

/** Creates the demo organisation unless the database has it; then reads it back. */
export async function ensureDemoWorld(db: Db, writer: BulkWriter, options: WorldOptions): Promise<DemoWorld> {
  if (!(await repo.findSetting(db, DEMO_WORLD_SETTING))) await createWorld(db, writer, options);
  return loadWorld(db, options.provinceCode);
}

async function createWorld(db: Db, writer: BulkWriter, options: WorldOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const rng = new Rng(options.seed, 0x77071d);
  const now = new Date().toISOString();
  const regions = (await repo.findRegionsOfProvince(db, options.provinceCode)).filter((r) => inScope(r.code, options.region));
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const centers = await repo.findCenters(db);
  const centerByRegion = new Map(centers.map((c) => [c.region_code, c.id]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  let unitId = await writer.maxId('units');
  let userId = await writer.maxId('users');
  let membershipId = await writer.maxId('memberships');
  let assignmentId = await writer.maxId('grid_assignments');
  const units: Row[] = [];
  const users: Row[] = [];
  const memberships: Row[] = [];
  const grids: Row[] = [];
  const assignments: Row[] = [];

  const addUnit = (kind: string, departmentKind: string | null, name: string, regionCode: string) => {
    units.push([++unitId, kind, departmentKind, name, regionCode, 'active', now, now, 1]);
    return unitId;
  };
  const addUser = (username: string, role: string, unit: number) => {
    users.push([++userId, username, personName(rng), passwordHash, null, 'active', 0, null, now, now, 1]);
    memberships.push([++membershipId, userId, unit, role, now]);
    return userId;
  };
  const addStaff = (prefix: string, unit: number, counts: Readonly<Record<string, number>>) => {
    for (const [role, count] of Object.entries(counts)) {
      for (let k = 1; k <= count; k++) addUser(`${prefix}.${role}${count > 1 ? k : ''}`, role, unit);
    }
  };

  for (const region of regions) {
    const level = levelOf(region.code);
    const prefix = prefixOf(region.code);
    if (level < 4) {
      const center = centerByRegion.get(region.code);
      if (center !== undefined) addStaff(`c${prefix}`, center, CENTER_STAFF[level] ?? {});
    }
    if (level <= 2) {
      for (const [kind, suffix] of BUREAUS) {
        const unit = addUnit('department', kind, `${region.name}${suffix}`, region.code);
        addStaff(`d${prefix}.${kind}`, unit, { department_head: 1, department_handler: 3 });
      }
    } else if (level === 3) {
      const county = names.get(ancestorCodes(region.code)[2] ?? '') ?? '';
      const short = region.name.replace(/(街道办事处|街道|镇|乡)$/u, '');
      const police = addUnit('department', 'police_station', `${county}${short}派出所`, region.code);
      addStaff(`d${prefix}.police`, police, { department_head: 1, department_handler: 3 });
      const judicial = addUnit('department', 'judicial_office', `${county}${short}司法所`, region.code);
      addStaff(`d${prefix}.judicial`, judicial, { department_head: 1, department_handler: 3 });
      const committee = addUnit('mediation_committee', null, `${region.name}人民调解委员会`, region.code);
      addStaff(`m${prefix}`, committee, { mediator: 3 });
    } else {
      const township = centerByRegion.get(ancestorCodes(region.code)[3] ?? '');
      const committee = addUnit('mediation_committee', null, `${shortVillageName(region.name)}人民调解委员会`, region.code);
      addStaff(`m${prefix}`, committee, { mediator: 1 });
      if (township === undefined) continue;
      const count = gridCount(rng, region.code, region.name);
      for (let g = 1; g <= count; g++) {
        const code = `${region.code}${String(g).padStart(3, '0')}`;
        grids.push([code, region.code, `${shortVillageName(region.name)}第${g}网格`, 'active', now, now, null, 1]);
        const worker = addUser(`g${code}`, 'grid_worker', township);
        assignments.push([++assignmentId, code, worker, now, null]);
      }
      const volunteers = rng.chance(0.5) ? 4 : 3;
      for (let k = 1; k <= volunteers; k++) addUser(`v${prefix}.${k}`, 'volunteer', township);
    }
  }

  await writer.begin();
  try {
    await writer.insert('units', ['id', 'kind', 'department_kind', 'name', 'region_code', 'status', 'created_at', 'updated_at', 'version'], units);
    await writer.insert('users', ['id', 'username', 'display_name', 'password_hash', 'phone_enc', 'status', 'failed_logins', 'locked_until', 'created_at', 'updated_at', 'version'], users);
    await writer.insert('memberships', ['id', 'user_id', 'unit_id', 'role', 'created_at'], memberships);
    await writer.insert('grids', ['code', 'region_code', 'name', 'status', 'created_at', 'updated_at', 'retired_at', 'version'], grids);
    await writer.insert('grid_assignments', ['id', 'grid_code', 'user_id', 'assigned_at', 'ended_at'], assignments);
    await writer.insert('settings', ['key', 'value', 'updated_at'], [[DEMO_WORLD_SETTING, JSON.stringify({ seed: options.seed, region: options.region ?? null, units: units.length, users: users.length, grids: grids.length }), now]]);
    await writer.fixSequences(['units', 'users', 'memberships', 'grid_assignments']);
    await writer.commit();
  } catch (error) {
    await writer.rollback();
    throw error;
  }
  log(`demo world: ${units.length} units, ${users.length} accounts, ${grids.length} grids`);
}

/** The demo world as stored: villages with grids, units, centres, departments and who works where. */
export async function loadWorld(db: Db, provinceCode: string): Promise<DemoWorld> {
  const [regions, unitRows, staffRows, gridRows] = await Promise.all([
    repo.findRegionsOfProvince(db, provinceCode),
    repo.findActiveUnits(db),
    repo.findStaff(db),
    repo.findGridsWithWorkers(db),
  ]);
  const units = new Map<number, WorldUnit>();
  const centerOf = new Map<string, number>();
  const departmentAt = new Map<string, number>();
  for (const u of unitRows) {
    units.set(u.id, { id: u.id, kind: u.kind, departmentKind: u.department_kind, name: u.name, regionCode: u.region_code });
    // The lowest id wins, as the routing query's first row does.
    if (u.kind === 'center' && !centerOf.has(u.region_code)) centerOf.set(u.region_code, u.id);
    if (u.department_kind && !departmentAt.has(`${u.region_code}|${u.department_kind}`)) departmentAt.set(`${u.region_code}|${u.department_kind}`, u.id);
  }
  const staff = new Map<string, number[]>();
  const usernames = new Map<number, string>();
  for (const s of staffRows) {
    usernames.set(s.user_id, s.username);
    const key = `${s.unit_id}|${s.role}`;
    const list = staff.get(key);
    if (list) list.push(s.user_id);
    else staff.set(key, [s.user_id]);
  }
  const gridsOf = new Map<string, { grids: string[]; workers: number[] }>();
  for (const g of gridRows) {
    let entry = gridsOf.get(g.region_code);
    if (!entry) gridsOf.set(g.region_code, (entry = { grids: [], workers: [] }));
    if (entry.grids.at(-1) === g.code) continue;
    entry.grids.push(g.code);
    entry.workers.push(g.user_id ?? 0);
  }
  const cityWeight = (code: string) => CITY_POPULATION[code.slice(0, 4)] ?? 50;
  const villages: WorldVillage[] = [];
  const cityTotals = new Map<string, number>();
  const candidates = regions.filter((r) => r.level === 4 && gridsOf.has(r.code));
  for (const r of candidates) cityTotals.set(r.code.slice(0, 4), (cityTotals.get(r.code.slice(0, 4)) ?? 0) + villageFactor(r.code, r.name));
  for (const r of candidates) {
    const entry = gridsOf.get(r.code);
    if (!entry) continue;
    const weight = (cityWeight(r.code) * villageFactor(r.code, r.name)) / (cityTotals.get(r.code.slice(0, 4)) ?? 1);
    villages.push({ code: r.code, name: r.name, weight, grids: entry.grids, gridWorkers: entry.workers });
  }
  return { provinceCode, villages, units, centerOf, departmentAt, staff, usernames };
}
