// The resident portal's case API on both databases: reporting (with photos, by content, location
// stripped), bad input that writes nothing, checking a case (the two failures answer alike, the
// timeline is a whitelist, the due date is the staff's), and the resident's rating through the
// workflow (follow-up; "not fixed" reopens).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, VILLAGE, act, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { TEST_LATITUDE, buildJpeg, rationals } from '../../../test/jpeg-fixtures.js';
import { NOISE_REPORT, freshIp, freshPhone, fromIp, multipart, solidPng } from '../../../test/portal-fixtures.js';

type Json = Record<string, unknown>;

/** The noise report from a phone (ending 5678) of its own. */
const noise = (extra: Json = {}): Json => ({ ...NOISE_REPORT, reporter: { name: '王五', phone: freshPhone() }, ...extra });

describe.each(testDialects())('resident portal cases on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let ip: string;
  const visitor = () => fromIp(t.app, ip);
  const countOf = async (table: 'cases' | 'attachments' | 'portal_uploads') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const caseByCode = (code: string) => t.db.selectFrom('cases').selectAll().where('tracking_code', '=', code).executeTakeFirstOrThrow();

  const uploadPhoto = async (data: Buffer, filename: string, contentType: string, keepLocation?: boolean) =>
    visitor()({ method: 'POST', url: '/api/v1/public/uploads', ...multipart([...(keepLocation === undefined ? [] : [{ name: 'keepLocation', value: String(keepLocation) }]), { name: 'file', filename, contentType, data }]) });
  const report = (body: Json, headers: Record<string, string> = {}) => visitor()({ method: 'POST', url: '/api/v1/public/cases', payload: body, headers });
  const track = (code: string, last4?: string) => visitor()({ method: 'GET', url: `/api/v1/public/cases/${code}${last4 === undefined ? '' : `?phoneLast4=${last4}`}` });
  const feedback = (code: string, body: Json) => visitor()({ method: 'POST', url: `/api/v1/public/cases/${code}/feedback`, payload: body });
  const fieldsOf = (res: { json(): Json }) => ((res.json().errors as Array<{ field: string }> | undefined) ?? []).map((e) => e.field);

  /** A report taken in, accepted, dispatched to the police station and started: ready to resolve. */
  async function reportInProgress(body: Json = noise()) {
    const res = await report(body);
    expect(res.statusCode, res.body).toBe(201);
    const code = res.json().trackingCode as string;
    const row = await caseByCode(code);
    expect((await act(w.operator, row.id, 'accept')).statusCode).toBe(200);
    expect((await act(w.operator, row.id, 'dispatch', { leadUnitId: w.police.id })).statusCode).toBe(200);
    expect((await act(w.police.client, row.id, 'acknowledge')).statusCode).toBe(200);
    expect((await act(w.police.client, row.id, 'start')).statusCode).toBe(200);
    return { code, id: row.id };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
  });
  afterAll(async () => t?.close());
  // Each test counts against its own client address.
  beforeAll(() => {
    ip = freshIp();
  });

  it('offers the category tree without crisis categories, and the region cascader down to villages', async () => {
    ip = freshIp();
    const categories = await visitor()({ method: 'GET', url: '/api/v1/public/categories' });
    expect(categories.statusCode).toBe(200);
    const items = categories.json().items as Array<{ code: string; name: string; children: Array<{ code: string; name: string }> }>;
    const noise = items.find((c) => c.code === '09');
    expect(noise?.name).toBe('环境噪声');
    expect(noise?.children.find((c) => c.code === '0901')?.name).toBe('噪声扰民');
    expect(items.flatMap((c) => c.children).some((c) => c.code === '1501')).toBe(false);

    const children = await visitor()({ method: 'GET', url: '/api/v1/public/regions/620102001000/children' });
    expect(children.statusCode).toBe(200);
    expect(children.json().items.map((r: { code: string }) => r.code)).toContain(VILLAGE);
    const search = await visitor()({ method: 'GET', url: `/api/v1/public/regions?q=${encodeURIComponent('畅家巷')}` });
    expect(search.json().items[0].path.map((p: { name: string }) => p.name)).toContain('酒泉路街道');
    const otherProvince = await visitor()({ method: 'GET', url: '/api/v1/public/regions/110000/children' });
    expect(otherProvince.statusCode).toBe(404);
    const located = await visitor()({ method: 'GET', url: '/api/v1/public/locate?lat=36.0611&lng=103.8343' });
    expect(located.statusCode, located.body).toBe(200);
    expect(located.json().code).toBe('620102000000');
    const outside = await visitor()({ method: 'GET', url: '/api/v1/public/locate?lat=39.9&lng=116.4' });
    expect(outside.statusCode).toBe(400);
  });

  it('takes a report with photos checked by content; the JPEG loses its location; the case gets them as attachments', async () => {
    ip = freshIp();
    const disguised = await uploadPhoto(Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg');
    expect(disguised.statusCode).toBe(415);
    expect(fieldsOf(disguised)).toEqual(['file']);
    const pdf = await uploadPhoto(Buffer.from('%PDF-1.4\n%%EOF\n'), 'scan.png', 'image/png');
    expect(pdf.statusCode, 'a PDF is not a photo').toBe(415);

    const jpeg = await uploadPhoto(buildJpeg({ comment: 'noise at night' }), '现场.jpg', 'image/jpeg');
    expect(jpeg.statusCode, jpeg.body).toBe(201);
    expect(jpeg.json()).toMatchObject({ mime: 'image/jpeg', fileName: '现场.jpg', locationRemoved: true });
    const png = await uploadPhoto(solidPng(), 'renamed.gif', 'image/gif');
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json().mime).toBe('image/png');

    const before = await countOf('attachments');
    const res = await report(noise({ photos: [jpeg.json().token, png.json().token], location: { lat: 36.06, lng: 103.83 } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json())).toEqual(['trackingCode']);
    const row = await caseByCode(res.json().trackingCode);
    expect(row).toMatchObject({ channel: 'online', kind: 'complaint', category_code: '0901', region_code: VILLAGE, status: 'submitted', is_anonymous: 0, lat: null, lng: null });
    expect(row.reporter_phone_hash).not.toBeNull();
    const attachments = await t.db.selectFrom('attachments').selectAll().where('case_id', '=', row.id).orderBy('id').execute();
    expect(attachments.map((a) => a.mime)).toEqual(['image/jpeg', 'image/png']);
    expect(attachments.every((a) => a.uploaded_by_label === 'system:portal' && a.is_public === 0)).toBe(true);
    expect(await countOf('attachments')).toBe(before + 2);
    const stored = readFileSync(path.join(t.config.dataDir, 'attachments', attachments[0]?.sha256.slice(0, 2) ?? '', attachments[0]?.sha256 ?? ''));
    expect(stored.indexOf(rationals(true, TEST_LATITUDE))).toBe(-1);
    const event = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'submit', actor_label: 'system:portal', is_public: 1 });

    // A token is good for one report only.
    const again = await report(noise({ photos: [png.json().token] }));
    expect(again.statusCode).toBe(400);
    expect(fieldsOf(again)).toEqual(['photos[0]']);
  });

  it('keeps the location (case and photo) only when the resident shares it', async () => {
    ip = freshIp();
    const kept = await uploadPhoto(buildJpeg({ comment: 'with gps' }), 'gps.jpg', 'image/jpeg', true);
    expect(kept.json().locationRemoved).toBe(false);
    const refused = await report(noise({ photos: [kept.json().token] }));
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(refused)).toEqual(['photos[0]']);
    const shared = await report(noise({ photos: [kept.json().token], shareLocation: true, location: { lat: 36.06, lng: 103.83 } }));
    expect(shared.statusCode, shared.body).toBe(201);
    const row = await caseByCode(shared.json().trackingCode);
    expect([row.lat, row.lng]).toEqual([36.06, 103.83]);
    const attachment = await t.db.selectFrom('attachments').selectAll().where('case_id', '=', row.id).executeTakeFirstOrThrow();
    const bytes = readFileSync(path.join(t.config.dataDir, 'attachments', attachment.sha256.slice(0, 2), attachment.sha256));
    expect(bytes.indexOf(rationals(true, TEST_LATITUDE))).toBeGreaterThan(0);
  });

  it('answers bad reports with 400 naming the field, and writes nothing', async () => {
    ip = freshIp();
    const photo = await uploadPhoto(solidPng(8), 'a.png', 'image/png');
    const cases = await countOf('cases');
    const uploads = await t.db.selectFrom('portal_uploads').select('case_id').where('case_id', 'is', null).execute();
    // From a new address and phone each time: this is about validation, not the limits.
    const expectField = async (body: Json, field: string, status = 400) => {
      ip = freshIp();
      const samePhone = (body.reporter as { phone?: string } | undefined)?.phone === NOISE_REPORT.reporter.phone;
      const res = await report({ ...body, ...(samePhone ? { reporter: { name: '王五', phone: freshPhone() } } : {}) });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fieldsOf(res), res.body).toContain(field);
    };
    const good = { ...NOISE_REPORT, photos: [photo.json().token] };
    await expectField({ ...good, consent: false }, 'consent');
    const { consent: _consent, ...noConsent } = good;
    await expectField(noConsent, 'consent');
    await expectField({ ...good, anonymous: true }, 'reporter');
    const { reporter: _reporter, ...noReporter } = good;
    await expectField(noReporter, 'reporter.phone');
    await expectField({ ...good, reporter: { phone: 'call me' } }, 'reporter.phone');
    await expectField({ ...good, categoryCode: '1501' }, 'categoryCode');
    await expectField({ ...good, categoryCode: '09' }, 'categoryCode');
    await expectField({ ...good, regionCode: '620102001000' }, 'regionCode');
    await expectField({ ...good, regionCode: '110101001001' }, 'regionCode');
    await expectField({ ...good, description: '' }, 'description');
    await expectField({ ...good, photos: ['x'.repeat(30), 'y'.repeat(30)] }, 'photos[0]');
    await expectField({ ...good, photos: Array.from({ length: 7 }, () => photo.json().token) }, 'photos');
    await expectField({ ...good, isAdmin: true }, 'isAdmin');
    expect(await countOf('cases')).toBe(cases);
    const still = await t.db.selectFrom('portal_uploads').select('case_id').where('case_id', 'is', null).execute();
    expect(still.length).toBe(uploads.length);
  });

  it('stores markup as text and shows it back as the same text', async () => {
    ip = freshIp();
    const title = '<script>alert("x")</script><b>噪声</b>';
    const res = await report(noise({ title, description: '<img src=x onerror=alert(1)> 半夜施工' }));
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseByCode(res.json().trackingCode);
    expect(row.title).toBe(title);
    const view = await track(res.json().trackingCode, '5678');
    expect(view.headers['content-type']).toContain('application/json');
    expect(view.json().title).toBe(title);
  });

  it('honours Idempotency-Key: a retry answers the same code and creates nothing', async () => {
    ip = freshIp();
    const key = `portal-${Date.now()}-retry`;
    const body = noise();
    const first = await report(body, { 'idempotency-key': key });
    const cases = await countOf('cases');
    const second = await report(body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().trackingCode).toBe(first.json().trackingCode);
    expect(await countOf('cases')).toBe(cases);
    const changed = await report({ ...body, description: '另一件事' }, { 'idempotency-key': key });
    expect(changed.statusCode).toBe(422);
  });

  it('answers "no such case" and "wrong digits" identically, and shows a case only with its digits', async () => {
    ip = freshIp();
    const res = await report(noise());
    const code = res.json().trackingCode as string;
    const unknown = `${code.slice(0, -4)}9${code.slice(-3)}`;
    const answers = [await track(code, '0000'), await track(unknown, '5678'), await track(code)];
    const strip = (body: Json) => ({ ...body, requestId: 'x' });
    for (const a of answers) {
      expect(a.statusCode).toBe(404);
      expect(a.headers['content-type']).toContain('application/problem+json');
      expect(a.json().requestId).toEqual(expect.any(String));
    }
    const [first, ...rest] = answers.map((a) => JSON.stringify(strip(a.json())));
    for (const other of rest) expect(other).toBe(first);
    expect(first).not.toContain('0000');
    expect(first).not.toContain(code);

    const view = await track(code, '5678');
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      trackingCode: code,
      verified: true,
      status: 'submitted',
      category: { code: '0901', name: '噪声扰民' },
      responsibleUnit: '城关区酒泉路街道综治中心',
      dueAt: null,
      result: null,
      feedbackOpen: false,
      timeline: [{ action: 'submit', status: 'submitted', unitName: null, code: null, note: null }],
    });
  });

  it('shows an anonymous case by its code alone, status only', async () => {
    ip = freshIp();
    const { reporter: _r, ...anonymous } = NOISE_REPORT;
    const res = await report({ ...anonymous, anonymous: true });
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseByCode(res.json().trackingCode);
    expect(row.is_anonymous).toBe(1);
    for (const digits of [undefined, '1234']) {
      const view = await track(res.json().trackingCode, digits);
      expect(view.statusCode).toBe(200);
      expect(view.json()).toEqual({
        trackingCode: row.tracking_code, verified: false, status: 'submitted', submittedAt: null, updatedAt: null, title: null, kind: null,
        category: null, responsibleUnit: null, dueAt: null, result: null, satisfaction: null, feedbackOpen: false, timeline: [],
      });
    }
    const rating = await feedback(row.tracking_code, { satisfaction: 'satisfied', fixed: true });
    expect(rating.statusCode, 'nothing proves an anonymous reporter').toBe(404);
  });

  it('tells the resident where the case is in plain words: no staff names, no notes, the staff’s own due date through every hand-off', async () => {
    ip = freshIp();
    const { code, id } = await reportInProgress();
    expect((await act(w.police.client, id, 'add_note', { text: '内部备注：当事人情绪激动' })).statusCode).toBe(200);
    const staffView = await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${id}` });
    const due = staffView.json().resolveDueAt as string;
    expect(due).toEqual(expect.any(String));

    const view = await track(code, '5678');
    expect(view.statusCode).toBe(200);
    const body = view.json();
    expect(body.status).toBe('in_progress');
    expect(body.dueAt).toBe(due);
    expect(body.responsibleUnit).toBe('酒泉路派出所');
    expect(body.timeline.map((e: Json) => e.action)).toEqual(['submit', 'accept', 'dispatch', 'acknowledge', 'start']);
    expect(body.timeline[2]).toMatchObject({ unitName: '酒泉路派出所', status: 'dispatched' });
    const text = view.body;
    expect(text).not.toContain('内部备注');
    const usernames = await t.db.selectFrom('users').select('username').execute();
    for (const u of usernames) expect(text).not.toContain(u.username);
    expect(text).not.toContain('王五');
    expect(text).not.toContain('13712345678');

    // The police return it and the centre transfers it: the resident's due date is the same clock.
    expect((await act(w.operator, id, 'transfer', { leadUnitId: w.housing.id, reason: '属住建部门职责' })).statusCode).toBe(200);
    const after = await track(code, '5678');
    expect(after.json().dueAt).toBe(due);
    expect(after.json().responsibleUnit).toBe('城关区住建局');
    expect(after.json().timeline.at(-1)).toMatchObject({ action: 'transfer', unitName: '城关区住建局' });
    expect(after.body).not.toContain('属住建部门职责');
  });

  it('lets the resident rate a resolved case once, as a follow-up by portal', async () => {
    ip = freshIp();
    const { code, id } = await reportInProgress();
    const early = await feedback(code, { phoneLast4: '5678', satisfaction: 'satisfied', fixed: true });
    expect(early.statusCode).toBe(409);
    expect((await act(w.police.client, id, 'resolve', { result: 'fixed', resultText: '已约谈商铺，晚十点后停止外放音响' })).statusCode).toBe(200);

    const resolved = await track(code, '5678');
    expect(resolved.json()).toMatchObject({ status: 'resolved', feedbackOpen: true, result: { code: 'fixed', text: '已约谈商铺，晚十点后停止外放音响' } });
    const wrong = await feedback(code, { phoneLast4: '1111', satisfaction: 'satisfied', fixed: true });
    expect(wrong.statusCode).toBe(404);
    const contradictory = await feedback(code, { phoneLast4: '5678', satisfaction: 'satisfied', fixed: false });
    expect(contradictory.statusCode).toBe(400);
    expect(fieldsOf(contradictory)).toEqual(['satisfaction']);

    const rated = await feedback(code, { phoneLast4: '5678', satisfaction: 'basically_satisfied', fixed: true, comment: '<b>谢谢</b>' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'resolved', satisfaction: 'basically_satisfied', feedbackOpen: false });
    expect(rated.json().timeline.at(-1)).toMatchObject({ action: 'follow_up', code: 'basically_satisfied', note: null });
    const event = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', id).where('action', '=', 'follow_up').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_label: 'resident:portal', actor_user_id: null, is_public: 1 });
    expect(JSON.parse(event.payload)).toEqual({ method: 'portal', satisfaction: 'basically_satisfied', comment: '<b>谢谢</b>' });

    const twice = await feedback(code, { phoneLast4: '5678', satisfaction: 'satisfied', fixed: true });
    expect(twice.statusCode).toBe(409);
    // The centre can now close it: the follow-up is done.
    expect((await act(w.operator, id, 'close')).statusCode).toBe(200);
  });

  it('reopens the case when the resident says it is not fixed', async () => {
    ip = freshIp();
    const { code, id } = await reportInProgress();
    expect((await act(w.police.client, id, 'resolve', { result: 'fixed', resultText: '已处理' })).statusCode).toBe(200);
    const res = await feedback(code, { phoneLast4: '5678', satisfaction: 'unsatisfied', fixed: false, comment: '晚上依然很吵' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_progress', result: null, feedbackOpen: false });
    expect(res.json().timeline.slice(-2).map((e: Json) => e.action)).toEqual(['follow_up', 'reopen']);
    const row = await caseByCode(code);
    expect(row).toMatchObject({ status: 'in_progress', reopen_count: 1, satisfaction: 'unsatisfied' });
    const events = await t.db.selectFrom('case_events').select(['action', 'actor_label', 'payload']).where('case_id', '=', id).orderBy('seq').execute();
    expect(events.slice(-2).map((e) => [e.action, e.actor_label])).toEqual([['follow_up', 'resident:portal'], ['reopen', 'resident:portal']]);
    expect(JSON.parse(events.at(-1)?.payload ?? '{}').reason).toContain('晚上依然很吵');
    // The staff see it back in their hands, with a fresh resolve clock.
    expect(row.resolve_due_at).not.toBeNull();
  });

  it('files a proxy errand (委托代办) as a case of its own kind, only with the resident’s authorisation', async () => {
    ip = freshIp();
    const body = { regionCode: VILLAGE, description: '请帮我代办老年人优待证，本人行动不便', name: '赵六', phone: '13600001234', consent: true, authorize: true };
    const refused = await visitor()({ method: 'POST', url: '/api/v1/public/proxy-errands', payload: { ...body, authorize: false } });
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(refused)).toEqual(['authorize']);
    const res = await visitor()({ method: 'POST', url: '/api/v1/public/proxy-errands', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseByCode(res.json().trackingCode);
    expect(row).toMatchObject({ kind: 'proxy_errand', channel: 'online', category_code: '1602', status: 'submitted' });
    expect(row.title.startsWith('委托代办')).toBe(true);
    // The staff list filters by it like any kind.
    const listed = await w.operator.inject({ method: 'GET', url: '/api/v1/cases?kind=proxy_errand' });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((c: { id: number }) => c.id)).toContain(row.id);
  });
});
