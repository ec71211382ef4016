// Inbound webhook: sources (admin), signatures, idempotency on eventId and placement, on both databases.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, TOWNSHIP, VILLAGE, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, createUnit, signInAs } from '../../../test/factories.js';

const DUNHUANG = '620982000000';

function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

describe.each(testDialects())('inbound webhook on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let sensor: { id: number; secret: string };
  let referral: { id: number; secret: string };
  let eventSeq = 0;

  async function countCases(): Promise<number> {
    const row = await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  function event(overrides: Record<string, unknown> = {}) {
    eventSeq++;
    return { eventId: `evt-${eventSeq}`, title: '烟感报警', description: '3号楼2单元烟感探测器报警', occurredAt: new Date().toISOString(), ...overrides };
  }

  async function deliver(source: { id: number; secret: string }, body: unknown, options: { timestamp?: string; secret?: string; raw?: string; headers?: Record<string, string> } = {}) {
    const raw = options.raw ?? JSON.stringify(body);
    const timestamp = options.timestamp ?? nowSeconds();
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/inbound/${source.id}`,
      headers: { 'content-type': 'application/json', 'x-pingan-timestamp': timestamp, 'x-pingan-signature': sign(options.secret ?? source.secret, timestamp, raw), ...options.headers },
      payload: raw,
    });
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await createCaseWorld(t.app, t.db);
    admin = (await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }])).client;
    const s = await admin.inject({ method: 'POST', url: '/api/v1/inbound-sources', payload: { name: '畅家巷社区烟感', channel: 'sensor', defaultRegionCode: VILLAGE, defaultCategoryCode: '1201' } });
    expect(s.statusCode, s.body).toBe(201);
    sensor = { id: s.json().id, secret: s.json().secret };
    const r = await admin.inject({ method: 'POST', url: '/api/v1/inbound-sources', payload: { name: '城关区法院诉前调解平台', channel: 'referral' } });
    expect(r.statusCode, r.body).toBe(201);
    referral = { id: r.json().id, secret: r.json().secret };
  });
  afterAll(async () => t.close());

  it('shows the secret once, stores it encrypted, and lets only admins manage sources', async () => {
    expect(sensor.secret).toMatch(/^ibs_[A-Za-z0-9_-]{40,}$/);
    const list = await admin.inject({ method: 'GET', url: '/api/v1/inbound-sources' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(sensor.secret);
    expect(list.json().items.find((s: { id: number }) => s.id === sensor.id)).toMatchObject({ channel: 'sensor', defaultRegionCode: VILLAGE, status: 'active', endpoint: `/api/v1/inbound/${sensor.id}` });
    const row = await t.db.selectFrom('inbound_sources').selectAll().where('id', '=', sensor.id).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(sensor.secret.slice(4, 20));
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'inbound_source').execute();
    expect(audit.map((a) => a.action)).toContain('inbound.source_created');

    const { client: operator } = await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: COUNTY }]);
    expect((await operator.inject({ method: 'POST', url: '/api/v1/inbound-sources', payload: { name: 'x', channel: 'sensor' } })).statusCode).toBe(403);
    expect((await operator.inject({ method: 'GET', url: '/api/v1/inbound-sources' })).statusCode).toBe(403);
    for (const [payload, field] of [
      [{ name: 'x', channel: 'sensor', defaultRegionCode: '110101001001' }, 'defaultRegionCode'],
      [{ name: 'x', channel: 'sensor', defaultCategoryCode: '9999' }, 'defaultCategoryCode'],
      [{ name: 'x', channel: 'hotline' }, 'channel'],
      [{ name: 'x', channel: 'sensor', unitId: 999999 }, 'unitId'],
      [{ name: 'x', channel: 'sensor', secret: 'mine' }, 'secret'],
    ] as const) {
      const res = await admin.inject({ method: 'POST', url: '/api/v1/inbound-sources', payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('turns a signed event into a sensor case, and a repeat into the same case', async () => {
    const before = await countCases();
    const body = event({ regionCode: VILLAGE });
    const first = await deliver(sensor, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'submitted', replayed: false });
    const row = await t.db.selectFrom('cases').selectAll().where('id', '=', first.json().caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'sensor', kind: 'hazard', category_code: '1201', region_code: VILLAGE, tracking_code: first.json().trackingCode });
    expect(row.description).toContain(body.occurredAt);
    const submit = await t.db.selectFrom('case_events').select('actor_label').where('case_id', '=', row.id).executeTakeFirstOrThrow();
    expect(submit.actor_label).toBe(`inbound:${sensor.id}`);

    const again = await deliver(sensor, body);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual({ ...first.json(), replayed: true });
    expect(await countCases()).toBe(before + 1);

    const changed = await deliver(sensor, { ...body, title: '另一个事件' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().errors[0].field).toBe('eventId');
    expect(await countCases()).toBe(before + 1);
  });

  it('creates one case when the same event arrives twice at once', async () => {
    const before = await countCases();
    const body = event();
    const [a, b] = await Promise.all([deliver(sensor, body), deliver(sensor, body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().trackingCode).toBe(b.json().trackingCode);
    expect(await countCases()).toBe(before + 1);
  });

  it('refuses bad, missing, stale and foreign signatures with 401 and creates nothing', async () => {
    const before = await countCases();
    const body = event();
    const raw = JSON.stringify(body);
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const ahead = String(Math.floor(Date.now() / 1000) + 600);
    const cases: Array<[string, () => Promise<{ statusCode: number; json(): { errors?: Array<{ field: string }> } }>, string]> = [
      ['wrong secret', () => deliver(sensor, body, { secret: 'ibs_wrong' }), 'x-pingan-signature'],
      ['other source secret', () => deliver(sensor, body, { secret: referral.secret }), 'x-pingan-signature'],
      ['tampered body', () => t.app.inject({ method: 'POST', url: `/api/v1/inbound/${sensor.id}`, headers: { 'content-type': 'application/json', 'x-pingan-timestamp': nowSeconds(), 'x-pingan-signature': sign(sensor.secret, nowSeconds(), raw) }, payload: raw.replace('烟感', '火警') }), 'x-pingan-signature'],
      ['stale timestamp', () => deliver(sensor, body, { timestamp: old }), 'x-pingan-timestamp'],
      ['timestamp from the future', () => deliver(sensor, body, { timestamp: ahead }), 'x-pingan-timestamp'],
      ['milliseconds', () => deliver(sensor, body, { timestamp: String(Date.now()) }), 'x-pingan-timestamp'],
      ['no headers', () => t.app.inject({ method: 'POST', url: `/api/v1/inbound/${sensor.id}`, headers: { 'content-type': 'application/json' }, payload: raw }), 'x-pingan-signature'],
      ['unknown source', () => deliver({ id: 999999, secret: sensor.secret }, body), 'x-pingan-signature'],
      ['bad signature and bad body', () => deliver(sensor, { nonsense: true }, { secret: 'ibs_wrong' }), 'x-pingan-signature'],
    ];
    for (const [label, run, field] of cases) {
      const res = await run();
      expect(res.statusCode, label).toBe(401);
      expect(res.json().errors?.[0]?.field, label).toBe(field);
    }
    expect(await countCases()).toBe(before);
  });

  it('refuses events from a revoked source', async () => {
    const s = await admin.inject({ method: 'POST', url: '/api/v1/inbound-sources', payload: { name: '旧设备', channel: 'sensor', defaultCategoryCode: '1201', defaultRegionCode: VILLAGE } });
    const source = { id: s.json().id as number, secret: s.json().secret as string };
    expect((await deliver(source, event())).statusCode).toBe(201);
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/inbound-sources/${source.id}` })).statusCode).toBe(204);
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/inbound-sources/${source.id}` })).statusCode).toBe(204);
    expect((await deliver(source, event())).statusCode).toBe(401);
    expect((await admin.inject({ method: 'DELETE', url: '/api/v1/inbound-sources/999999' })).statusCode).toBe(404);
  });

  it('answers a well-signed bad body with 400 naming the fields', async () => {
    const before = await countCases();
    const cases: Array<[unknown, string[]]> = [
      [{ eventId: 'e-bad-1', description: 'x', occurredAt: new Date().toISOString() }, ['title']],
      [{ ...event(), colour: 'red' }, ['colour']],
      [{ ...event(), occurredAt: 'yesterday' }, ['occurredAt']],
      [{ ...event(), location: { lat: 95, lng: 103 } }, ['location.lat']],
      [{ ...event(), regionCode: '6201' }, ['regionCode']],
      [{ ...event(), eventId: 'has spaces' }, ['eventId']],
      [{ ...event(), location: { lat: 39.9042, lng: 116.4074 } }, ['location']], // Beijing: outside Gansu
      [{ ...event(), regionCode: '620102999999' }, ['regionCode']],
    ];
    for (const [body, fields] of cases) {
      const res = await deliver(sensor, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field), res.body).toEqual(expect.arrayContaining(fields));
    }
    const malformed = await deliver(sensor, undefined, { raw: '{"eventId":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformed_body');
    const noCategory = await deliver(referral, event({ regionCode: VILLAGE }));
    expect(noCategory.statusCode).toBe(400);
    expect(noCategory.json().errors[0].field).toBe('categoryCode');
    expect(await countCases()).toBe(before);
  });

  it('places by location: the county by point in polygon, refined by the source default in that county', async () => {
    const dunhuangCentre = await createUnit(t.db, { regionCode: DUNHUANG });
    const far = await deliver(sensor, event({ location: { lat: 40.14, lng: 94.66 } }));
    expect(far.statusCode, far.body).toBe(201);
    expect(far.json().ownerUnitId).toBe(dunhuangCentre.id);
    const farRow = await t.db.selectFrom('cases').select(['region_code', 'lat', 'lng']).where('id', '=', far.json().caseId).executeTakeFirstOrThrow();
    expect(farRow).toEqual({ region_code: DUNHUANG, lat: 40.14, lng: 94.66 });

    const near = await deliver(sensor, event({ location: { lat: 36.06, lng: 103.83 } }));
    expect(near.statusCode, near.body).toBe(201);
    const nearRow = await t.db.selectFrom('cases').select(['region_code', 'owner_unit_id']).where('id', '=', near.json().caseId).executeTakeFirstOrThrow();
    expect(nearRow.region_code).toBe(VILLAGE); // the sensor's own village, inside the located county
    const township = await t.db.selectFrom('units').select('id').where('region_code', '=', TOWNSHIP).where('kind', '=', 'center').executeTakeFirstOrThrow();
    expect(nearRow.owner_unit_id).toBe(township.id);
  });

  it('takes referrals as their category kind: a dispute needs its parties', async () => {
    const noParties = await deliver(referral, event({ categoryCode: '0201', regionCode: VILLAGE, title: '通道纠纷', description: '诉前调解转来的相邻通行纠纷' }));
    expect(noParties.statusCode).toBe(400);
    expect(noParties.json().errors[0].field).toBe('parties');
    const withParties = await deliver(
      referral,
      event({ categoryCode: '0201', regionCode: COUNTY.slice(0, 6), title: '通道纠纷', description: '诉前调解转来的相邻通行纠纷', parties: [{ name: '张三', role: 'applicant' }, { name: '李四', role: 'respondent' }] }),
    );
    expect(withParties.statusCode, withParties.body).toBe(201);
    const row = await t.db.selectFrom('cases').select(['channel', 'kind', 'region_code']).where('id', '=', withParties.json().caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'referral', kind: 'dispute', region_code: COUNTY });
  });
});
