import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestDb, createTestApp, createTestDb, testDialects } from '../../../test/context.js';
import { createUnit, signInAs } from '../../../test/factories.js';
import { centerName, ensureCenters } from './units.bootstrap.js';

const PROVINCE = '620000000000';
const LANZHOU = '620100000000';
const CHENGGUAN = '620102000000';
const JIUQUANLU = '620102001000';
const ZHANGYELU = '620102002000';

describe('centerName', () => {
  it('names province and city centres by the region, county and township centres with their parent', () => {
    expect(centerName('甘肃省', undefined, 0)).toBe('甘肃省综治中心');
    expect(centerName('兰州市', '甘肃省', 1)).toBe('兰州市综治中心');
    expect(centerName('城关区', '兰州市', 2)).toBe('兰州市城关区综治中心');
    expect(centerName('酒泉路街道', '城关区', 3)).toBe('城关区酒泉路街道综治中心');
    expect(centerName('嘉峪关市', '嘉峪关市', 2)).toBe('嘉峪关市综治中心');
  });
});

describe.each(testDialects())('governance centre bootstrap on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.cleanup());

  it('made one centre for each of the 1,506 province, city, county and township regions of Gansu', async () => {
    const centres = await t.db.selectFrom('units').select(['region_code', 'name']).where('kind', '=', 'center').execute();
    expect(centres).toHaveLength(1 + 14 + 88 + 1403);
    expect(new Set(centres.map((c) => c.region_code)).size).toBe(centres.length);
    const byRegion = new Map(centres.map((c) => [c.region_code, c.name]));
    expect(byRegion.get(PROVINCE)).toBe('甘肃省综治中心');
    expect(byRegion.get(LANZHOU)).toBe('兰州市综治中心');
    expect(byRegion.get(CHENGGUAN)).toBe('兰州市城关区综治中心');
    expect(byRegion.get(JIUQUANLU)).toBe('城关区酒泉路街道综治中心');
    expect(centres.every((c) => c.region_code.endsWith('000'))).toBe(true);
  });

  it('is idempotent and fills in only what is missing', async () => {
    expect(await ensureCenters(t.db, { provinceCode: '62', log: () => {} })).toBe(0);
    const victim = await t.db.selectFrom('units').select('id').where('region_code', '=', ZHANGYELU).where('kind', '=', 'center').executeTakeFirstOrThrow();
    await t.db.deleteFrom('units').where('id', '=', victim.id).execute();
    const messages: string[] = [];
    expect(await ensureCenters(t.db, { provinceCode: '62', log: (m) => messages.push(m) })).toBe(1);
    expect(messages).toEqual(['governance centres: created 1']);
    const count = await t.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'center').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1506);
  });

  it('does nothing for a province without regions', async () => {
    const messages: string[] = [];
    expect(await ensureCenters(t.db, { provinceCode: '11', log: (m) => messages.push(m) })).toBe(0);
    expect(messages[0]).toMatch(/no regions/);
  });
});

describe.each(testDialects())('units API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const admin = () => signInAs(t.app, t.db, [{ role: 'admin', regionCode: PROVINCE }]);

  it('lists the units of a region subtree, by kind and name, in pages', async () => {
    const { client } = await admin();
    const res = await client.inject({ method: 'GET', url: `/api/v1/units?region=620102&kind=center&limit=5` });
    expect(res.statusCode).toBe(200);
    const page1 = res.json();
    expect(page1.items).toHaveLength(5);
    expect(page1.items.every((u: { regionCode: string }) => u.regionCode.startsWith('620102'))).toBe(true);
    expect(page1.items[0]).toMatchObject({ kind: 'center', departmentKind: null, status: 'active', version: 1, regionName: expect.any(String) });
    expect(page1.next).toBe(page1.items[4].id);
    const page2 = (await client.inject({ method: 'GET', url: `/api/v1/units?region=620102&kind=center&limit=5&after=${page1.next}` })).json();
    expect(page2.items[0].id).toBeGreaterThan(page1.next);

    const byName = (await client.inject({ method: 'GET', url: `/api/v1/units?q=${encodeURIComponent('酒泉路')}` })).json();
    expect(byName.items.map((u: { regionCode: string }) => u.regionCode)).toContain(JIUQUANLU);
    const wildcard = (await client.inject({ method: 'GET', url: `/api/v1/units?q=${encodeURIComponent('%')}` })).json();
    expect(wildcard.items).toEqual([]);

    const bad = await client.inject({ method: 'GET', url: '/api/v1/units?region=6201x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('region');
    const unknown = await client.inject({ method: 'GET', url: '/api/v1/units?colour=red' });
    expect(unknown.statusCode).toBe(400);
  });

  it('hides a unit of another township from a township centre head (404) and shows their own', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: JIUQUANLU }]);
    const other = await createUnit(t.db, { regionCode: ZHANGYELU, kind: 'department', departmentKind: 'police_station', name: '张掖路派出所' });
    const own = await createUnit(t.db, { regionCode: JIUQUANLU, kind: 'mediation_committee', name: '酒泉路人民调解委员会' });
    expect((await client.inject({ method: 'GET', url: `/api/v1/units/${other.id}` })).statusCode).toBe(404);
    const mine = await client.inject({ method: 'GET', url: `/api/v1/units/${own.id}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ id: own.id, name: '酒泉路人民调解委员会', kind: 'mediation_committee' });
    const list = (await client.inject({ method: 'GET', url: '/api/v1/units?limit=200' })).json();
    expect(list.items.every((u: { regionCode: string }) => u.regionCode.startsWith('620102001'))).toBe(true);
    expect(list.items.map((u: { id: number }) => u.id)).not.toContain(other.id);
  });

  it('creates units in managed regions, audited; checks kinds, regions and scope', async () => {
    const { client, user } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: CHENGGUAN }]);
    const created = await client.inject({ method: 'POST', url: '/api/v1/units', payload: { kind: 'department', departmentKind: 'court', name: ' 城关区人民法院 ', regionCode: '620102' } });
    expect(created.statusCode).toBe(201);
    const unit = created.json();
    expect(unit).toMatchObject({ kind: 'department', departmentKind: 'court', name: '城关区人民法院', regionCode: CHENGGUAN, regionName: '城关区', version: 1 });
    const audit = await t.db.selectFrom('audit_log').select(['actor_user_id', 'region_code']).where('action', '=', 'unit.created').where('entity_id', '=', String(unit.id)).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_user_id: user.id, region_code: CHENGGUAN });

    const union = await client.inject({ method: 'POST', url: '/api/v1/units', payload: { kind: 'social_org', departmentKind: 'womens_federation', name: '城关区妇联', regionCode: CHENGGUAN } });
    expect(union.statusCode).toBe(201);

    const cases: [Record<string, unknown>, number, string][] = [
      [{ kind: 'department', name: 'x', regionCode: CHENGGUAN }, 400, 'departmentKind'],
      [{ kind: 'department', departmentKind: 'womens_federation', name: 'x', regionCode: CHENGGUAN }, 400, 'departmentKind'],
      [{ kind: 'mediation_committee', departmentKind: 'court', name: 'x', regionCode: CHENGGUAN }, 400, 'departmentKind'],
      [{ kind: 'center', name: 'x', regionCode: '620102999999' }, 400, 'regionCode'],
      [{ kind: 'center', name: 'x', regionCode: '62x' }, 400, 'regionCode'],
      [{ kind: 'center', name: '第二个中心', regionCode: JIUQUANLU }, 409, 'regionCode'],
      [{ kind: 'mediation_committee', name: 'x', regionCode: '620103' }, 403, 'regionCode'],
      [{ kind: 'mediation_committee', name: 'x'.repeat(101), regionCode: CHENGGUAN }, 400, 'name'],
      [{ kind: 'mediation_committee', name: '   ', regionCode: CHENGGUAN }, 400, 'name'],
      [{ kind: 'mediation_committee', name: 'x', regionCode: CHENGGUAN, owner: 'me' }, 400, 'owner'],
      [{ kind: 'bank', name: 'x', regionCode: CHENGGUAN }, 400, 'kind'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await client.inject({ method: 'POST', url: '/api/v1/units', payload });
      expect({ payload, status: res.statusCode }).toEqual({ payload, status });
      expect(res.json().errors?.[0]?.field).toBe(field);
    }
  });

  it('stores a script-shaped name verbatim as text', async () => {
    const { client } = await admin();
    const name = '<script>alert(1)</script>调委会';
    const res = await client.inject({ method: 'POST', url: '/api/v1/units', payload: { kind: 'mediation_committee', name, regionCode: JIUQUANLU } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((await client.inject({ method: 'GET', url: `/api/v1/units/${res.json().id}` })).json().name).toBe(name);
  });

  it('refuses unit writes to roles other than admin and center_head', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: CHENGGUAN }]);
    const res = await client.inject({ method: 'POST', url: '/api/v1/units', payload: { kind: 'mediation_committee', name: 'x', regionCode: CHENGGUAN } });
    expect(res.statusCode).toBe(403);
  });

  it('renames and retires with optimistic concurrency', async () => {
    const { client } = await admin();
    const unit = (await client.inject({ method: 'POST', url: '/api/v1/units', payload: { kind: 'department', departmentKind: 'health', name: '卫健局', regionCode: LANZHOU } })).json();
    const renamed = await client.inject({ method: 'PATCH', url: `/api/v1/units/${unit.id}`, payload: { name: '兰州市卫生健康委员会', version: 1 } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '兰州市卫生健康委员会', version: 2 });
    const stale = await client.inject({ method: 'PATCH', url: `/api/v1/units/${unit.id}`, payload: { status: 'retired', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const retired = await client.inject({ method: 'PATCH', url: `/api/v1/units/${unit.id}`, payload: { status: 'retired', version: 2 } });
    expect(retired.json()).toMatchObject({ status: 'retired', version: 3 });
    const audits = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'unit.updated').where('entity_id', '=', String(unit.id)).orderBy('id').execute();
    expect(audits.map((a) => JSON.parse(a.detail))).toEqual([
      { changes: { name: ['卫健局', '兰州市卫生健康委员会'] } },
      { changes: { status: ['active', 'retired'] } },
    ]);
    const missing = await client.inject({ method: 'PATCH', url: '/api/v1/units/99999999', payload: { version: 1 } });
    expect(missing.statusCode).toBe(404);
  });

  it('does not let a township centre head change a unit of another township', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: JIUQUANLU }]);
    const other = await createUnit(t.db, { regionCode: ZHANGYELU });
    const res = await client.inject({ method: 'PATCH', url: `/api/v1/units/${other.id}`, payload: { name: 'mine now', version: 1 } });
    expect(res.statusCode).toBe(404);
  });
});
