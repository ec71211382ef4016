// GeoReport v2 contract: every endpoint in JSON and XML, validated against the shared schemas
// (test/fixtures/open311), and a POST then GET round trip, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, COUNTY, VILLAGE, act, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { signInAs } from '../../../test/factories.js';
import { asXmlText, parseXml, schemaErrors, schemas, xmlItems } from '../../../test/open311-helpers.js';

const BASE = '/open311/v2';
const LANZHOU = { lat: '36.06', long: '103.83' }; // 城关区
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe.each(testDialects())('Open311 GeoReport v2 on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let apiKey: string;

  async function countCases(): Promise<number> {
    const row = await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function post(fields: Record<string, string>, format: 'json' | 'xml' = 'json') {
    return t.app.inject({ method: 'POST', url: `${BASE}/requests.${format}`, ...form({ api_key: apiKey, ...fields }) });
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    // The 12345 platform of 城关区 gets a token through the foundation's API, bound to the county centre.
    const minted = await w.countyOperator.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: '12345 platform', unitId: w.countyCenterId } });
    expect(minted.statusCode, minted.body).toBe(201);
    apiKey = minted.json().token;
  });
  afterAll(async () => t.close());

  it('discovery names the endpoint and its formats, in JSON and XML', async () => {
    const json = await t.app.inject({ method: 'GET', url: `${BASE}/discovery.json` });
    expect(json.statusCode).toBe(200);
    const doc = json.json();
    expect(doc.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['application/json', 'text/xml'] });
    expect(doc.endpoints[0].url).toMatch(/\/open311\/v2$/);
    expect(Number.isNaN(Date.parse(doc.changeset))).toBe(false);
    const xml = await t.app.inject({ method: 'GET', url: `${BASE}/discovery.xml` });
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    const root = parseXml(xml.body);
    expect(root.name).toBe('discovery');
    const endpoint = root.children.find((c) => c.name === 'endpoints')?.children[0];
    expect(endpoint?.name).toBe('endpoint');
    expect(endpoint?.children.find((c) => c.name === 'formats')?.children.map((f) => `${f.name}:${f.text}`)).toEqual(['format:application/json', 'format:text/xml']);
  });

  it('lists the leaf categories as services, valid in JSON and the same in XML', async () => {
    const json = await t.app.inject({ method: 'GET', url: `${BASE}/services.json` });
    expect(json.statusCode).toBe(200);
    const services = json.json();
    expect(schemaErrors(schemas.services, services)).toBe('');
    expect(services.find((s: { service_code: string }) => s.service_code === '0201')).toMatchObject({ service_name: '相邻通行', group: '邻里纠纷', metadata: true, type: 'realtime' });
    expect(services.some((s: { service_code: string }) => s.service_code === '02')).toBe(false); // a group, not a service
    expect(services.some((s: { service_code: string }) => s.service_code === '1501')).toBe(false); // crisis: hotline only
    const xml = parseXml((await t.app.inject({ method: 'GET', url: `${BASE}/services.xml` })).body);
    expect(xml.name).toBe('services');
    expect(new Set(xml.children.map((c) => c.name))).toEqual(new Set(['service']));
    const items = xmlItems(xml);
    expect(items).toHaveLength(services.length);
    services.forEach((s: Record<string, unknown>, i: number) => {
      for (const [k, v] of Object.entries(s)) expect(items[i]?.[k], `${s.service_code}.${k}`).toBe(asXmlText(v));
    });
  });

  it('defines each service with its attributes; an unknown service is a 404 error list', async () => {
    const dispute = await t.app.inject({ method: 'GET', url: `${BASE}/services/0201.json` });
    expect(dispute.statusCode).toBe(200);
    expect(schemaErrors(schemas.serviceDefinition, dispute.json())).toBe('');
    const attrs = dispute.json().attributes as Array<{ code: string; required: boolean; values?: Array<{ key: string }> }>;
    expect(attrs.map((a) => a.code)).toEqual(['kind', 'party_names']);
    expect(attrs[1]?.required).toBe(true);
    expect(attrs[0]?.values?.map((v) => v.key)).not.toContain('crisis');
    const request = await t.app.inject({ method: 'GET', url: `${BASE}/services/1101.json` });
    expect(request.json().attributes[1].required).toBe(false);

    const xml = parseXml((await t.app.inject({ method: 'GET', url: `${BASE}/services/0201.xml` })).body);
    expect(xml.name).toBe('service_definition');
    const attributes = xml.children.find((c) => c.name === 'attributes');
    expect(attributes?.children.map((c) => c.name)).toEqual(['attribute', 'attribute']);
    const values = attributes?.children[0]?.children.find((c) => c.name === 'values');
    expect(values?.children[0]?.children.map((c) => c.name)).toEqual(['key', 'name']);

    for (const format of ['json', 'xml']) {
      const missing = await t.app.inject({ method: 'GET', url: `${BASE}/services/9999.${format}` });
      expect(missing.statusCode).toBe(404);
      if (format === 'json') expect(missing.json()).toEqual([{ code: 404, description: 'Service 9999 not found' }]);
      else expect(xmlItems(parseXml(missing.body))).toEqual([{ code: '404', description: 'Service 9999 not found' }]);
    }
  });

  it('takes a form post placed by lat/long to the county centre, then reads it back (round trip)', async () => {
    const before = await countCases();
    const description = '小区门口的路灯已经坏了两个星期，晚上一片漆黑，老人出行很不方便，希望尽快修好。';
    const created = await post({ service_code: '1101', ...LANZHOU, description, address_string: '城关区张掖路100号', first_name: '四', last_name: '李', phone: '13912345678', email: 'li@example.com', account_id: 'acc-7' });
    expect(created.statusCode, created.body).toBe(201);
    const [answer] = created.json();
    expect(Object.keys(answer)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    expect(answer.account_id).toBe('acc-7');
    expect(await countCases()).toBe(before + 1);

    const row = await t.db.selectFrom('cases').selectAll().where('tracking_code', '=', answer.service_request_id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'api', region_code: COUNTY, owner_unit_id: w.countyCenterId, category_code: '1101', kind: 'request', address: '城关区张掖路100号' });
    expect(row.title).toBe([...description].slice(0, 40).join(''));
    expect(row.reporter_phone_enc).not.toContain('1391234');

    const keyed = await t.app.inject({ method: 'GET', url: `${BASE}/requests/${answer.service_request_id}.json?api_key=${encodeURIComponent(apiKey)}` });
    expect(keyed.statusCode).toBe(200);
    expect(schemaErrors(schemas.requests, keyed.json())).toBe('');
    const [full] = keyed.json();
    expect(full).toMatchObject({ service_request_id: answer.service_request_id, status: 'open', service_code: '1101', description, address: '城关区张掖路100号', address_id: COUNTY, lat: 36.06, long: 103.83 });
    expect(full.agency_responsible).toBe((await t.db.selectFrom('units').select('name').where('id', '=', w.countyCenterId).executeTakeFirstOrThrow()).name);
    expect(full.requested_datetime).toBe(row.created_at);

    const anonymous = await t.app.inject({ method: 'GET', url: `${BASE}/requests/${answer.service_request_id}.json` });
    expect(schemaErrors(schemas.requests, anonymous.json())).toBe('');
    const [open] = anonymous.json();
    expect(open.description).toBe(row.title);
    expect(open.address).toBe('城关区');
    for (const secret of ['李四', '13912345678', '5678', 'li@example.com', '张掖路']) expect(anonymous.body).not.toContain(secret);
    for (const secret of ['李四', '13912345678', 'li@example.com']) expect(keyed.body).not.toContain(secret);

    const xml = parseXml((await t.app.inject({ method: 'GET', url: `${BASE}/requests/${answer.service_request_id}.xml?api_key=${encodeURIComponent(apiKey)}` })).body);
    expect(xml.name).toBe('service_requests');
    expect(xml.children.map((c) => c.name)).toEqual(['request']);
    const [item] = xmlItems(xml);
    for (const [k, v] of Object.entries(full)) expect(item?.[k], k).toBe(asXmlText(v));
  });

  it('places a JSON post by address_id in its village, with dispute parties from the attributes', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `${BASE}/requests.json`,
      payload: { api_key: apiKey, jurisdiction_id: 'gansu', service_code: '0201', address_id: VILLAGE, description: disputeBody.description, attribute: { kind: 'dispute', party_names: '李四，张三' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const code = created.json()[0].service_request_id;
    const row = await t.db.selectFrom('cases').selectAll().where('tracking_code', '=', code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ region_code: VILLAGE, owner_unit_id: w.townshipCenterId, kind: 'dispute', lat: null });
    const parties = await t.db.selectFrom('case_parties').select(['role']).where('case_id', '=', row.id).orderBy('id').execute();
    expect(parties.map((p) => p.role)).toEqual(['applicant', 'respondent']);
  });

  it('reads attribute[...] form fields and converts GCJ-02 positions when told', async () => {
    const created = await post({ service_code: '0201', 'attribute[kind]': 'dispute', 'attribute[party_names]': '王五、赵六', description: '两家因为通道问题争吵', ...LANZHOU, coordinate_system: 'gcj02' });
    expect(created.statusCode, created.body).toBe(201);
    const row = await t.db.selectFrom('cases').selectAll().where('tracking_code', '=', created.json()[0].service_request_id).executeTakeFirstOrThrow();
    expect(row.kind).toBe('dispute');
    // GCJ-02 is WGS84 shifted by a few hundred metres: the stored WGS84 position moved.
    expect(Math.abs((row.lat ?? 0) - 36.06) + Math.abs((row.lng ?? 0) - 103.83)).toBeGreaterThan(0.001);
    expect(Math.abs((row.lng ?? 0) - 103.83)).toBeLessThan(0.01);
  });

  it('answers bad posts with the standard error list and creates nothing', async () => {
    const before = await countCases();
    const cases: Array<[Record<string, string>, number, RegExp]> = [
      [{ service_code: '1101', lat: '39.9042', long: '116.4074', description: '北京的一个点' }, 400, /^lat: .*outside/],
      [{ service_code: '9999', ...LANZHOU, description: '未知服务' }, 400, /^service_code: unknown service 9999/],
      [{ service_code: '1101', description: '没有位置' }, 400, /^lat: a place is needed/],
      [{ service_code: '1101', lat: '36.06', description: '只有纬度' }, 400, /^long: lat and long go together/],
      [{ service_code: '1101', ...LANZHOU }, 400, /^description: is required/],
      [{ service_code: '0201', ...LANZHOU, description: '纠纷' }, 400, /^attribute\[party_names\]: a dispute needs/],
      [{ service_code: '1101', ...LANZHOU, description: 'x', 'attribute[colour]': 'red' }, 400, /^attribute\[colour\]: unknown attribute/],
      [{ service_code: '1101', ...LANZHOU, description: 'x', 'attribute[kind]': 'crisis' }, 400, /^attribute\[kind\]: must be one of/],
      [{ service_code: '1101', address_id: '110101001001', description: '外省' }, 400, /^address_id: .*not a county, township or village/],
      [{ service_code: '1101', address_id: '620102999999', description: '不存在的村' }, 400, /^address_id: unknown region/],
      [{ service_code: '1101', ...LANZHOU, description: 'x', jurisdiction_id: 'beijing' }, 400, /^jurisdiction_id: unknown jurisdiction/],
      [{ service_code: '1101', ...LANZHOU, description: 'x', colour: 'red' }, 400, /^colour: unknown field/],
      [{ service_code: '1101', ...LANZHOU, description: 'x', phone: 'call me' }, 400, /^phone: /],
      [{ service_code: '1101', ...LANZHOU, description: 'x', api_key: 'pat_nope' }, 403, /^api_key: unknown or revoked/],
    ];
    for (const [fields, status, description] of cases) {
      const res = await post(fields);
      expect(res.statusCode, `${JSON.stringify(fields)} → ${res.body}`).toBe(status);
      const errors = res.json() as Array<{ code: number; description: string }>;
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]?.code).toBe(status);
      expect(errors.map((e) => e.description).join(' | ')).toMatch(description);
    }
    const noKey = await t.app.inject({ method: 'POST', url: `${BASE}/requests.xml`, ...form({ service_code: '1101', ...LANZHOU, description: 'x' }) });
    expect(noKey.statusCode).toBe(400);
    const xmlErrors = parseXml(noKey.body);
    expect(xmlErrors.name).toBe('errors');
    expect(xmlItems(xmlErrors)[0]).toEqual({ code: '400', description: 'api_key: is required' });
    const malformed = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { 'content-type': 'application/json' }, payload: '{"api_key":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()[0].code).toBe(400);
    expect(await countCases()).toBe(before);
  });

  it('lists requests with filters and pages, valid in JSON and the same in XML; crisis cases never show', async () => {
    const crisis = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, kind: 'crisis', categoryCode: '1501', parties: undefined, title: '心理危机', description: '有人想不开' } });
    expect(crisis.statusCode, crisis.body).toBe(201);
    const closedOne = await post({ service_code: '1101', ...LANZHOU, description: '重复的路灯报修，不予受理' });
    const closedCode = closedOne.json()[0].service_request_id as string;
    const closedId = (await t.db.selectFrom('cases').select('id').where('tracking_code', '=', closedCode).executeTakeFirstOrThrow()).id;
    expect((await act(w.countyOperator, closedId, 'reject', { reason: '重复报修' })).statusCode).toBe(200);

    const all = await t.app.inject({ method: 'GET', url: `${BASE}/requests.json` });
    expect(all.statusCode).toBe(200);
    const list = all.json() as Array<{ service_request_id: string; status: string; service_code: string; requested_datetime: string }>;
    expect(schemaErrors(schemas.requests, list)).toBe('');
    expect(list.map((r) => r.service_request_id)).not.toContain(crisis.json().trackingCode);
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/requests/${crisis.json().trackingCode}.json` })).statusCode).toBe(404);
    expect(list.find((r) => r.service_request_id === closedCode)?.status).toBe('closed');
    const sorted = [...list].sort((a, b) => b.requested_datetime.localeCompare(a.requested_datetime));
    expect(list.map((r) => r.requested_datetime)).toEqual(sorted.map((r) => r.requested_datetime));

    const closed = (await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?status=closed` })).json() as typeof list;
    expect(closed.map((r) => r.service_request_id)).toEqual([closedCode]);
    const open = (await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?status=open&service_code=0201` })).json() as typeof list;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => r.status === 'open' && r.service_code === '0201')).toBe(true);
    const other = list.find((r) => r.service_request_id !== closedCode)?.service_request_id;
    const byId = (await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?service_request_id=${closedCode},${other}&status=open` })).json() as typeof list;
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([closedCode, other].sort()); // ids override other filters

    const page1 = (await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?page_size=2&page=1` })).json() as typeof list;
    const page2 = (await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?page_size=2&page=2` })).json() as typeof list;
    expect(page1.map((r) => r.service_request_id)).toEqual(list.slice(0, 2).map((r) => r.service_request_id));
    expect(page2.map((r) => r.service_request_id)).toEqual(list.slice(2, 4).map((r) => r.service_request_id));

    const future = (await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?start_date=2099-01-01T00:00:00Z&end_date=2099-02-01` })).json();
    expect(future).toEqual([]);
    const old = (await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?end_date=2020-01-01T00:00:00Z` })).json();
    expect(old).toEqual([]); // the default window is the 90 days before end_date

    const xml = parseXml((await t.app.inject({ method: 'GET', url: `${BASE}/requests.xml` })).body);
    expect(xml.name).toBe('service_requests');
    const items = xmlItems(xml);
    expect(items.map((i) => i.service_request_id)).toEqual(list.map((r) => r.service_request_id));
    items.forEach((item, i) => {
      for (const [k, v] of Object.entries(list[i] ?? {})) expect(item[k], k).toBe(asXmlText(v));
    });

    for (const [query, field] of [['start_date=2026-12-01&end_date=2026-11-01', 'start_date'], ['status=pending', 'status'], ['page_size=5000', 'page_size'], ['start_date=yesterday', 'start_date'], ['radius=5', 'radius'], ['api_key=pat_nope', 'api_key']] as const) {
      const res = await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?${query}` });
      expect(res.statusCode, `${query} → ${res.body}`).toBe(field === 'api_key' ? 403 : 400);
      expect(res.json()[0].description.startsWith(`${field}:`), res.body).toBe(true);
    }
  });

  it('shows agency_responsible and expected_datetime once the case is dispatched', async () => {
    const created = await post({ service_code: '0201', 'attribute[kind]': 'dispute', 'attribute[party_names]': '甲,乙', description: '通道纠纷待派单', ...LANZHOU });
    const code = created.json()[0].service_request_id as string;
    const id = (await t.db.selectFrom('cases').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow()).id;
    expect((await act(w.countyOperator, id, 'accept')).statusCode).toBe(200);
    const dispatched = await act(w.countyOperator, id, 'dispatch', { leadUnitId: w.judicial.id });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const [request] = (await t.app.inject({ method: 'GET', url: `${BASE}/requests/${code}.json` })).json();
    const row = await t.db.selectFrom('cases').select(['resolve_due_at', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(request.agency_responsible).toBe('城关区司法局');
    expect(row.resolve_due_at).not.toBeNull();
    expect(request.expected_datetime).toBe(row.resolve_due_at);
    expect(request.updated_datetime).toBe(row.updated_at);
    expect(request.status_notes).toMatch(/\(dispatched\)$/);
  });

  it('answers tokens with the request id, in JSON and XML', async () => {
    const code = (await post({ service_code: '1101', ...LANZHOU, description: '令牌测试' })).json()[0].service_request_id as string;
    const json = await t.app.inject({ method: 'GET', url: `${BASE}/tokens/${code}.json` });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual([{ service_request_id: code, token: code }]);
    const xml = parseXml((await t.app.inject({ method: 'GET', url: `${BASE}/tokens/${code}.xml` })).body);
    expect(xml.name).toBe('service_requests');
    expect(xmlItems(xml)).toEqual([{ service_request_id: code, token: code }]);
    const missing = await t.app.inject({ method: 'GET', url: `${BASE}/tokens/NOPE123.json` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0].code).toBe(404);
  });

  it('feeds one row per public status change, oldest first, in JSON and XML', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const code = (await post({ service_code: '1101', ...LANZHOU, description: '更新流测试' })).json()[0].service_request_id as string;
    const id = (await t.db.selectFrom('cases').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow()).id;
    expect((await act(w.countyOperator, id, 'accept')).statusCode).toBe(200);
    expect((await act(w.countyOperator, id, 'add_note', { text: '内部备注：不公开' })).statusCode).toBe(200);
    expect((await act(w.countyOperator, id, 'dispatch', { leadUnitId: w.housing.id })).statusCode).toBe(200);
    const url = `${BASE}/servicerequestupdates.json?start_date=${encodeURIComponent(start)}`;
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    const mine = (res.json() as Array<Record<string, unknown>>).filter((u) => u.service_request_id === code);
    expect(mine.map((u) => u.description)).toEqual(['已受理，待派单 (accepted)', '已派单，待承办单位签收 (dispatched)']);
    expect(mine.every((u) => u.status === 'open' && typeof u.update_id === 'string')).toBe(true);
    expect(res.body).not.toContain('内部备注');
    const all = res.json() as Array<{ updated_datetime: string }>;
    expect(all.map((u) => u.updated_datetime)).toEqual([...all.map((u) => u.updated_datetime)].sort());

    const xml = parseXml((await t.app.inject({ method: 'GET', url: url.replace('.json', '.xml') })).body);
    expect(xml.name).toBe('service_request_updates');
    expect(new Set(xml.children.map((c) => c.name))).toEqual(new Set(['request_update']));
    expect(xmlItems(xml).filter((u) => u.service_request_id === code).map((u) => u.description)).toEqual(mine.map((u) => u.description));
    const none = await t.app.inject({ method: 'GET', url: `${BASE}/servicerequestupdates.json?start_date=2099-01-01T00:00:00Z&end_date=2099-01-02T00:00:00Z` });
    expect(none.json()).toEqual([]);
  });

  it('escapes markup in XML and keeps it as text in JSON', async () => {
    const text = '<script>alert("x")</script> & 井盖 \'丢失\'';
    const code = (await post({ service_code: '1101', ...LANZHOU, description: text })).json()[0].service_request_id as string;
    const url = `${BASE}/requests/${code}.xml?api_key=${encodeURIComponent(apiKey)}`;
    const body = (await t.app.inject({ method: 'GET', url })).body;
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 井盖 &apos;丢失&apos;');
    expect(xmlItems(parseXml(body))[0]?.description).toBe(text);
    const json = await t.app.inject({ method: 'GET', url: url.replace('.xml', '.json') });
    expect(json.json()[0].description).toBe(text);
  });

  it('accepts the configured jurisdiction and answers unknown paths with an error list', async () => {
    for (const id of ['gansu', '62', '620000000000']) {
      expect((await t.app.inject({ method: 'GET', url: `${BASE}/services.json?jurisdiction_id=${id}` })).statusCode).toBe(200);
    }
    const wrong = await t.app.inject({ method: 'GET', url: `${BASE}/services.xml?jurisdiction_id=beijing` });
    expect(wrong.statusCode).toBe(400);
    expect(xmlItems(parseXml(wrong.body))[0]?.description).toMatch(/^jurisdiction_id: unknown jurisdiction "beijing"/);
    const unknown = await t.app.inject({ method: 'GET', url: `${BASE}/nothing.json` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()[0].code).toBe(404);
  });

  it('refuses a key whose holder may not take in cases, and a revoked key', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'analyst', regionCode: COUNTY }]);
    const minted = await client.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'analyst key' } });
    const analystKey = minted.json().token as string;
    const refused = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, ...form({ api_key: analystKey, service_code: '1101', ...LANZHOU, description: 'x' }) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()[0].description).toMatch(/^api_key: /);
    expect((await client.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${minted.json().id}` })).statusCode).toBe(204);
    const revoked = await t.app.inject({ method: 'GET', url: `${BASE}/requests.json?api_key=${encodeURIComponent(analystKey)}` });
    expect(revoked.statusCode).toBe(403);
  });
});
