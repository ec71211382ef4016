// Managing the risk data: instruments, rules and the tier table, each a versioned JSON document.
// A new version is uploaded (never edited in place); a version can be retired; evaluations use the
// newest active version of each. Every change is audited. Shipped versions are seeded at bootstrap.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { type DefinitionType, type Instrument, type Rule, type Tiers, checkDefinition } from './risk.definitions.js';
import * as repo from './risk.repository.js';

export interface DefinitionSummary {
  id: number;
  type: string;
  key: string;
  version: number;
  name: string;
  status: string;
  createdBy: string;
  createdAt: string;
  retiredAt: string | null;
  retiredBy: string | null;
  definition: unknown;
}

function toSummary(r: Awaited<ReturnType<typeof repo.findDefinitions>>[number]): DefinitionSummary {
  return {
    id: r.id,
    type: r.type,
    key: r.key,
    version: r.version,
    name: r.name,
    status: r.status,
    createdBy: r.created_by_label,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
    retiredBy: r.retired_by_label,
    definition: JSON.parse(r.definition) as unknown,
  };
}

export async function listDefinitions(ctx: AppContext, type: DefinitionType) {
  return { items: (await repo.findDefinitions(ctx.db, type)).map(toSummary) };
}

async function storeDefinition(db: Db, type: DefinitionType, body: unknown, actor: Actor, at: string): Promise<number> {
  const def = checkDefinition(type, body);
  const latest = await repo.maxDefinitionVersion(db, type, def.key);
  if (def.version <= latest) {
    throw new AppError('conflict', `${type} ${def.key} already has version ${latest}; upload version ${latest + 1} or higher (versions are never edited in place)`, {
      errors: [{ field: 'version', message: `must be greater than ${latest}` }],
    });
  }
  const id = await repo.insertDefinition(db, { type, key: def.key, version: def.version, name: def.name, status: 'active', definition: JSON.stringify(def), created_by_label: actor.label, created_at: at, retired_at: null, retired_by_label: null });
  await appendAudit(db, { actorUserId: actor.userId, actorLabel: actor.label, action: `risk.${type}_uploaded`, entityType: `risk_${type}`, entityId: id, detail: { key: def.key, version: def.version }, at });
  return id;
}

/** Uploads a new version; 400 naming the field (never-list, schema), 409 on a version not above the last. */
export async function uploadDefinition(ctx: AppContext, actor: Actor, type: DefinitionType, body: unknown) {
  const at = new Date().toISOString();
  const id = await ctx.db.transaction().execute((trx) => storeDefinition(trx, type, body, actor, at));
  const rows = await repo.findDefinitions(ctx.db, type);
  const row = rows.find((r) => r.id === id);
  if (!row) throw notFound(`Risk ${type}`, id);
  return toSummary(row);
}

export async function retireDefinition(ctx: AppContext, actor: Actor, type: DefinitionType, key: string, version: number) {
  const at = new Date().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findDefinition(trx, type, key, version);
    if (!row) throw notFound(`Risk ${type}`, `${key} v${version}`);
    if (row.status === 'retired') throw new AppError('conflict', `Risk ${type} ${key} v${version} is already retired`);
    if (type === 'tiers') {
      const active = await repo.findActiveDefinitions(trx, 'tiers');
      if (active.length === 1 && active[0]?.id === row.id) throw new AppError('conflict', 'The only active tier table cannot be retired; upload a new version first');
    }
    await repo.retireDefinition(trx, row.id, actor.label, at);
    await appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: `risk.${type}_retired`, entityType: `risk_${type}`, entityId: row.id, detail: { key, version }, at });
    return toSummary({ ...row, status: 'retired', retired_at: at, retired_by_label: actor.label });
  });
}

export interface LoadedDefinition<T> {
  id: number;
  def: T;
}

export async function activeInstrument(db: Db, key: string, version?: number): Promise<LoadedDefinition<Instrument> | undefined> {
  const row = version === undefined ? (await repo.findActiveDefinitions(db, 'instrument', key))[0] : await repo.findDefinition(db, 'instrument', key, version);
  if (!row || row.status !== 'active') return undefined;
  return { id: row.id, def: JSON.parse(row.definition) as Instrument };
}

export async function instrumentById(db: Db, key: string, version: number): Promise<LoadedDefinition<Instrument> | undefined> {
  const row = await repo.findDefinition(db, 'instrument', key, version);
  return row ? { id: row.id, def: JSON.parse(row.definition) as Instrument } : undefined;
}

export async function activeRules(db: Db): Promise<Rule[]> {
  return (await repo.findActiveDefinitions(db, 'rule')).map((r) => JSON.parse(r.definition) as Rule);
}

export async function activeTiers(db: Db): Promise<Tiers> {
  const row = (await repo.findActiveDefinitions(db, 'tiers'))[0];
  if (!row) return shippedTiers();
  return JSON.parse(row.definition) as Tiers;
}

const dataDir = path.resolve(import.meta.dirname, '../../../data/risk');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function shippedTiers(): Tiers {
  return checkDefinition('tiers', readJson(path.join(dataDir, 'tiers.v1.json')));
}

/** Seeds the shipped checklist, rules and tier table into a database that has none of a type. */
export async function seedRiskDefinitions(db: Db): Promise<void> {
  const system: Actor = { kind: 'system', userId: null, label: 'system:bootstrap', grants: [] };
  const at = new Date().toISOString();
  const files: Record<DefinitionType, string[]> = {
    instrument: readdirSync(path.join(dataDir, 'instruments')).filter((f) => f.endsWith('.json')).map((f) => path.join(dataDir, 'instruments', f)),
    rule: readdirSync(path.join(dataDir, 'rules')).filter((f) => f.endsWith('.json')).map((f) => path.join(dataDir, 'rules', f)),
    tiers: [path.join(dataDir, 'tiers.v1.json')],
  };
  for (const type of ['instrument', 'rule', 'tiers'] as const) {
    if ((await repo.countDefinitions(db, type)) > 0) continue;
    for (const file of files[type].sort()) await storeDefinition(db, type, readJson(file), system, at);
  }
}
