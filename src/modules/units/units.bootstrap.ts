// Bootstrap step: a governance centre (综治中心) for every province, city, county and township region
// that has none. Runs after the regions import; without regions it does nothing.
import type { BootstrapStep } from '../../bootstrap.js';
import type { Db } from '../../db/database.js';
import { levelOf, parentCode } from '../regions/region-code.js';
import * as unitsRepo from './units.repository.js';
import { CENTER_SUFFIX } from './units.table.js';

/**
 * `甘肃省综治中心`, `兰州市综治中心`, `兰州市城关区综治中心`, `城关区酒泉路街道综治中心`: county and
 * township centres carry their parent's name, because names like 城关镇 recur across the province.
 */
export function centerName(name: string, parentName: string | undefined, level: number): string {
  if (level < 2 || !parentName || name.startsWith(parentName)) return `${name}${CENTER_SUFFIX}`;
  return `${parentName}${name}${CENTER_SUFFIX}`;
}

export async function ensureCenters(db: Db, options: { provinceCode: string; log: (message: string) => void }): Promise<number> {
  const regions = await unitsRepo.findNonVillageRegions(db, options.provinceCode);
  if (regions.length === 0) {
    options.log(`governance centres: no regions of province ${options.provinceCode} yet; skipped`);
    return 0;
  }
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const created = await db.transaction().execute(async (trx) => {
    await unitsRepo.lockCenterCreation(trx);
    const existing = await unitsRepo.findCenterRegionCodes(trx, options.provinceCode);
    const missing = regions
      .filter((r) => !existing.has(r.code))
      .map((r) => {
        const parent = parentCode(r.code);
        return { regionCode: r.code, name: centerName(r.name, parent ? names.get(parent) : undefined, levelOf(r.code)) };
      });
    await unitsRepo.insertCenters(trx, missing, new Date().toISOString());
    return missing.length;
  });
  if (created > 0) options.log(`governance centres: created ${created}`);
  return created;
}

export const unitsBootstrapStep: BootstrapStep = {
  name: 'governance centres',
  run: async (db, options) => {
    await ensureCenters(db, options);
  },
};
