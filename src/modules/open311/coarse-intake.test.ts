// The intake option Open311 and inbound events use: a case placed only to a county or township is
// accepted when asked for, and its own centre owns it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, TOWNSHIP, VILLAGE } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { createUnit } from '../../../test/factories.js';
import { AppError } from '../../errors.js';
import { systemActor } from '../auth/actor.js';
import { intakeCase } from '../cases/cases.intake.js';
import type { CreateCaseInput } from '../cases/cases.schemas.js';

const base: CreateCaseInput = { kind: 'hazard', channel: 'sensor', categoryCode: '1201', regionCode: VILLAGE, title: '烟感报警', description: '三号楼烟感报警' };

describe.each(testDialects())('coarse placement at intake on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());
  const ctx = () => ({ config: t.config, db: t.db, dialect: t.dialect, log: t.app.log });
  const actor = systemActor('test');

  async function rejection(input: CreateCaseInput, allowCoarseRegion: boolean): Promise<string | undefined> {
    try {
      await intakeCase(ctx(), actor, input, { allowCoarseRegion });
    } catch (error) {
      if (error instanceof AppError) return `${error.status} ${error.errors?.map((e) => e.field).join(',')}`;
      throw error;
    }
    return undefined;
  }

  it('refuses a county code unless asked, and a city code always', async () => {
    expect(await rejection({ ...base, regionCode: COUNTY }, false)).toBe('400 regionCode');
    expect(await rejection({ ...base, regionCode: '620100000000' }, true)).toBe('400 regionCode');
  });

  it('gives a county-placed case to the county centre and a township-placed one to the township centre', async () => {
    const county = await createUnit(t.db, { regionCode: COUNTY });
    const township = await createUnit(t.db, { regionCode: TOWNSHIP });
    const atCounty = await intakeCase(ctx(), actor, { ...base, regionCode: COUNTY }, { allowCoarseRegion: true });
    expect(atCounty.body.ownerUnitId).toBe(county.id);
    const atTownship = await intakeCase(ctx(), actor, { ...base, regionCode: TOWNSHIP }, { allowCoarseRegion: true });
    expect(atTownship.body.ownerUnitId).toBe(township.id);
    const atVillage = await intakeCase(ctx(), actor, base, { allowCoarseRegion: true });
    expect(atVillage.body.ownerUnitId).toBe(township.id);
    // The county case is counted in the county's and city's rollups, not a township's.
    const rows = await t.db.selectFrom('case_rollups').select(['region_code', 'received']).where('category_code', '=', '*').where('channel', '=', '*').execute();
    const received = (code: string) => rows.filter((r) => r.region_code === code).reduce((n, r) => n + Number(r.received), 0);
    expect(received(COUNTY)).toBe(3);
    expect(received(TOWNSHIP)).toBe(2);
  });
});
