// The category taxonomy (two levels, editable data), category suggestions from text, and routing:
// which department kind is responsible for a category at a region level, and which unit that is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { ancestorCodes, levelOf } from '../regions/region-code.js';
import * as repo from './categories.repository.js';

export interface CategoryNode {
  code: string;
  name: string;
  nameEn: string;
  kind: string | null;
  departmentKind: string | null;
  children: CategoryNode[];
}

interface SeedCategory {
  code: string;
  name: string;
  nameEn: string;
  defaultKind?: string;
  departmentKind?: string;
  keywords?: string;
  children?: SeedCategory[];
}

const seedFile = path.resolve(import.meta.dirname, '../../../data/categories.json');

export async function seedCategories(db: Db): Promise<void> {
  if ((await repo.countCategories(db)) > 0) return;
  const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as { categories: SeedCategory[] };
  const now = new Date().toISOString();
  const rows: Parameters<typeof repo.insertCategories>[1] = [];
  const rules: Parameters<typeof repo.insertRoutingRules>[1] = [];
  seed.categories.forEach((top, i) => {
    rows.push({ code: top.code, parent_code: null, name: top.name, name_en: top.nameEn, default_kind: top.defaultKind ?? null, department_kind: top.departmentKind ?? null, keywords: top.keywords ?? '', sort: i, updated_at: now });
    if (top.departmentKind) rules.push({ category_code: top.code, region_level: null, department_kind: top.departmentKind, sort: 100, updated_at: now });
    (top.children ?? []).forEach((child, j) => {
      rows.push({
        code: child.code,
        parent_code: top.code,
        name: child.name,
        name_en: child.nameEn,
        default_kind: child.defaultKind ?? top.defaultKind ?? null,
        department_kind: child.departmentKind ?? top.departmentKind ?? null,
        keywords: child.keywords ?? '',
        sort: j,
        updated_at: now,
      });
      if (child.departmentKind) rules.push({ category_code: child.code, region_level: null, department_kind: child.departmentKind, sort: 50, updated_at: now });
    });
  });
  await repo.insertCategories(db, rows);
  await repo.insertRoutingRules(db, rules);
}

export async function categoryTree(db: Db): Promise<CategoryNode[]> {
  const rows = await repo.findCategories(db);
  const nodes = new Map<string, CategoryNode>();
  const roots: CategoryNode[] = [];
  for (const r of rows) nodes.set(r.code, { code: r.code, name: r.name, nameEn: r.name_en, kind: r.default_kind, departmentKind: r.department_kind, children: [] });
  for (const r of rows) {
    const node = nodes.get(r.code);
    if (!node) continue;
    const parent = r.parent_code ? nodes.get(r.parent_code) : undefined;
    if (parent) parent.children.push(node);
    else if (!r.parent_code) roots.push(node);
  }
  return roots;
}

/**
 * The department kind responsible for a category at a region level: the most specific rule
 * (level-2 category before level-1; a rule for the exact region level before one for any level).
 */
export async function responsibleDepartmentKind(db: Db, categoryCode: string, regionLevel: number): Promise<string | undefined> {
  const rules = await repo.findRoutingRules(db);
  const score = (r: (typeof rules)[number]) => {
    if (r.category_code !== categoryCode && r.category_code !== categoryCode.slice(0, 2)) return -1;
    if (r.region_level !== null && r.region_level !== regionLevel) return -1;
    return (r.category_code.length === 4 ? 2 : 0) + (r.region_level !== null ? 1 : 0);
  };
  let best: (typeof rules)[number] | undefined;
  for (const r of rules) if (score(r) >= 0 && (!best || score(r) > score(best))) best = r;
  return best?.department_kind;
}

export interface ProposedUnit {
  unitId: number;
  name: string;
  departmentKind: string;
  regionCode: string;
}

/** The proposed lead unit for a case: a unit of the responsible kind, nearest up the region path. */
export async function proposeLeadUnit(db: Db, categoryCode: string, regionCode: string): Promise<ProposedUnit | undefined> {
  const ancestors = [...ancestorCodes(regionCode), regionCode].reverse();
  for (const code of ancestors) {
    const kind = await responsibleDepartmentKind(db, categoryCode, levelOf(code));
    if (!kind) continue;
    const units = await repo.findUnitsOfKind(db, kind, [code]);
    const unit = units[0];
    if (unit) return { unitId: unit.id, name: unit.name, departmentKind: kind, regionCode: unit.region_code };
  }
  return undefined;
}

/** Category suggestions for free text: keyword and name hits, best first. */
export async function suggestCategories(db: Db, text: string, limit = 5): Promise<Array<{ code: string; name: string; score: number }>> {
  const rows = (await repo.findCategories(db)).filter((r) => r.parent_code !== null);
  const scored = rows
    .map((r) => {
      const words = [r.name, ...r.keywords.split(/\s+/)].filter((w) => w.length >= 2);
      const score = words.reduce((sum, w) => sum + (text.includes(w) ? w.length : 0), 0);
      return { code: r.code, name: r.name, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  return scored.slice(0, limit);
}
