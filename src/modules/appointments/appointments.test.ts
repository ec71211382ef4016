// Appointments at a one-stop centre on both databases: windows published by the centre's staff
// only, booking (the last place raced by two: exactly one wins), cancelling with code and phone
// (the two failures read alike), the day's list, and check-in creating a walk_in case linked to
// the booking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, TOWNSHIP, VILLAGE, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { signInAs } from '../../../test/factories.js';
import { freshIp, freshPhone, fromIp } from '../../../test/portal-fixtures.js';
import { addDays, chinaToday } from './appointments.service.js';

type Json = Record<string, unknown>;

describe.each(testDialects())('appointments on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  const tomorrow = addDays(chinaToday(), 1);
  const today = chinaToday();
  const fieldsOf = (res: { json(): Json }) => ((res.json().errors as Array<{ field: string }> | undefined) ?? []).map((e) => e.field);
  const windowsUrl = () => `/api/v1/appointment-centers/${w.townshipCenterId}/windows`;
  const bookBody = (extra: Json = {}): Json => ({ centerId: w.townshipCenterId, day: tomorrow, halfDay: 'morning', name: '孙七', phone: freshPhone(), purpose: '咨询宅基地确权办理材料', consent: true, ...extra });
  const book = (body: Json) => fromIp(t.app, freshIp())({ method: 'POST', url: '/api/v1/public/appointments', payload: body });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
  });
  afterAll(async () => t?.close());

  it('lets only the centre’s operators and head publish windows, and checks what they publish', async () => {
    const put = (client: typeof w.operator, items: Json[]) => client.inject({ method: 'PUT', url: windowsUrl(), payload: { items } });
    expect((await put(w.police.client, [{ day: tomorrow, halfDay: 'morning', capacity: 2 }])).statusCode).toBe(403);
    expect((await put(w.outsider, [{ day: tomorrow, halfDay: 'morning', capacity: 2 }])).statusCode).toBe(403);
    const head = (await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.townshipCenterId }])).client;

    const bad = await put(w.operator, [
      { day: addDays(today, -1), halfDay: 'morning', capacity: 1 },
      { day: tomorrow, halfDay: 'afternoon', capacity: 1, startsAt: '15:00', endsAt: '14:00' },
      { day: addDays(today, 200), halfDay: 'morning', capacity: 1 },
      { day: tomorrow, halfDay: 'afternoon', capacity: 3 },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['items[0].day', 'items[1].endsAt', 'items[2].day', 'items[3].halfDay']);
    expect((await put(w.operator, [{ day: tomorrow, halfDay: 'evening', capacity: 1 }])).statusCode).toBe(400);

    const ok = await put(head, [
      { day: tomorrow, halfDay: 'morning', capacity: 2 },
      { day: tomorrow, halfDay: 'afternoon', capacity: 1, startsAt: '14:30', endsAt: '17:00' },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items.map((i: Json) => [i.halfDay, i.capacity, i.remaining, i.startsAt])).toEqual([
      ['morning', 2, 2, '09:00'],
      ['afternoon', 1, 1, '14:30'],
    ]);
    const listed = await w.operator.inject({ method: 'GET', url: windowsUrl() });
    expect(listed.json().items).toHaveLength(2);
  });

  it('books a place with a code, lists the centre for the resident’s township, and refuses bad bookings', async () => {
    const centers = await fromIp(t.app, freshIp())({ method: 'GET', url: `/api/v1/public/appointment-centers?regionCode=${VILLAGE}` });
    expect(centers.statusCode, centers.body).toBe(200);
    expect(centers.json().items[0]).toMatchObject({ id: w.townshipCenterId, regionCode: TOWNSHIP, openPlaces: 3 });
    const windows = await fromIp(t.app, freshIp())({ method: 'GET', url: `/api/v1/public/appointment-centers/${w.townshipCenterId}/windows` });
    expect(windows.json().items.map((i: Json) => [i.day, i.halfDay, i.remaining])).toEqual([[tomorrow, 'morning', 2], [tomorrow, 'afternoon', 1]]);

    const expectField = async (body: Json, field: string, status = 400) => {
      const res = await book(body);
      expect(res.statusCode, res.body).toBe(status);
      expect(fieldsOf(res)).toContain(field);
    };
    await expectField(bookBody({ consent: false }), 'consent');
    await expectField(bookBody({ day: addDays(today, 2) }), 'day');
    await expectField(bookBody({ day: addDays(today, -1) }), 'day');
    await expectField(bookBody({ centerId: w.police.id }), 'centerId');
    await expectField(bookBody({ phone: 'none' }), 'phone');

    const phone = freshPhone();
    const res = await book(bookBody({ phone, regionCode: VILLAGE }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ centerId: w.townshipCenterId, day: tomorrow, halfDay: 'morning', startsAt: '09:00', status: 'booked' });
    expect(res.json().code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await expectField(bookBody({ phone }), 'phone', 409);
    const stored = await t.db.selectFrom('appointments').selectAll().where('code', '=', res.json().code).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(phone);
    expect(JSON.stringify(stored)).not.toContain('孙七');
  });

  it('gives the last place to exactly one of two residents booking at once', async () => {
    const before = await t.db.selectFrom('appointment_windows').selectAll().where('center_unit_id', '=', w.townshipCenterId).where('day', '=', tomorrow).where('half_day', '=', 'afternoon').executeTakeFirstOrThrow();
    expect(before.capacity - before.booked).toBe(1);
    const [a, b] = await Promise.all([book(bookBody({ halfDay: 'afternoon' })), book(bookBody({ halfDay: 'afternoon' }))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(fieldsOf(loser)).toEqual(['halfDay']);
    const after = await t.db.selectFrom('appointment_windows').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(after.booked).toBe(after.capacity);
    const rows = await t.db.selectFrom('appointments').select('id').where('window_id', '=', before.id).where('status', '=', 'booked').execute();
    expect(rows).toHaveLength(1);
    // The full window is no longer offered, and lowering a capacity below its bookings is refused.
    const windows = await fromIp(t.app, freshIp())({ method: 'GET', url: `/api/v1/public/appointment-centers/${w.townshipCenterId}/windows` });
    expect(windows.json().items.map((i: Json) => i.halfDay)).toEqual(['morning']);
    const lower = await w.operator.inject({ method: 'PUT', url: windowsUrl(), payload: { items: [{ day: tomorrow, halfDay: 'afternoon', capacity: 0 }] } });
    expect(lower.statusCode).toBe(409);
    expect(fieldsOf(lower)).toEqual(['items[0].capacity']);
  });

  it('cancels with the code and the phone, gives the place back, and answers wrong phone and unknown code alike', async () => {
    const phone = freshPhone();
    const booked = await book(bookBody({ phone }));
    expect(booked.statusCode, booked.body).toBe(201);
    const code = booked.json().code as string;
    const visitor = fromIp(t.app, freshIp());
    const cancel = (c: string, p: string) => visitor({ method: 'POST', url: `/api/v1/public/appointments/${c}/cancel`, payload: { phone: p } });
    const wrongPhone = await cancel(code, freshPhone());
    const unknown = await cancel('ZZZZ-ZZZZ', phone);
    expect([wrongPhone.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(wrongPhone.json().detail).toBe(unknown.json().detail);
    const windowId = (await t.db.selectFrom('appointments').select('window_id').where('code', '=', code).executeTakeFirstOrThrow()).window_id;
    const bookedBefore = (await t.db.selectFrom('appointment_windows').select('booked').where('id', '=', windowId).executeTakeFirstOrThrow()).booked;
    const ok = await cancel(code.toLowerCase().replace('-', ''), `+86 ${phone}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ code, status: 'cancelled' });
    expect((await t.db.selectFrom('appointment_windows').select('booked').where('id', '=', windowId).executeTakeFirstOrThrow()).booked).toBe(bookedBefore - 1);
    expect((await cancel(code, phone)).statusCode).toBe(409);
  });

  it('checks a resident in: a walk_in case pre-filled from the booking, linked to it, once', async () => {
    // Today's window, so the booking is on the day the staff work.
    expect((await w.operator.inject({ method: 'PUT', url: windowsUrl(), payload: { items: [{ day: today, halfDay: 'afternoon', capacity: 5 }] } })).statusCode).toBe(200);
    const phone = freshPhone();
    const booked = await book(bookBody({ day: today, halfDay: 'afternoon', phone, regionCode: VILLAGE, purpose: '邻居违建影响采光，想咨询如何调解' }));
    expect(booked.statusCode, booked.body).toBe(201);

    const day = await w.operator.inject({ method: 'GET', url: `/api/v1/appointment-centers/${w.townshipCenterId}/appointments?day=${today}` });
    expect(day.statusCode, day.body).toBe(200);
    const entry = day.json().items.find((i: Json) => i.code === booked.json().code);
    expect(entry).toMatchObject({ name: '孙*', phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`, status: 'booked', caseId: null });
    expect((await w.police.client.inject({ method: 'GET', url: `/api/v1/appointment-centers/${w.townshipCenterId}/appointments` })).statusCode).toBe(403);

    const badCategory = await w.operator.inject({ method: 'POST', url: `/api/v1/appointments/${entry.id}/check-in`, payload: { categoryCode: '99' } });
    expect(badCategory.statusCode).toBe(400);
    expect(fieldsOf(badCategory)).toEqual(['categoryCode']);
    const res = await w.operator.inject({ method: 'POST', url: `/api/v1/appointments/${entry.id}/check-in`, payload: { categoryCode: '0203', kind: 'request' } });
    expect(res.statusCode, res.body).toBe(201);
    const { appointment, case: created } = res.json();
    expect(appointment).toMatchObject({ status: 'checked_in', caseId: created.id, trackingCode: created.trackingCode });
    const row = await t.db.selectFrom('cases').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'walk_in', kind: 'request', category_code: '0203', region_code: VILLAGE, description: '邻居违建影响采光，想咨询如何调解', status: 'submitted', owner_unit_id: w.townshipCenterId });
    const personal = await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${created.id}/personal-data` });
    expect(personal.json().reporter).toMatchObject({ name: '孙七', phone });

    // Again (a double click): the same case, nothing new.
    const cases = Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const again = await w.operator.inject({ method: 'POST', url: `/api/v1/appointments/${entry.id}/check-in`, payload: { categoryCode: '0203' } });
    expect(again.statusCode).toBe(201);
    expect(again.json().case.id).toBe(created.id);
    expect(Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(cases);
    // A checked-in booking cannot be cancelled.
    const cancel = await fromIp(t.app, freshIp())({ method: 'POST', url: `/api/v1/public/appointments/${booked.json().code}/cancel`, payload: { phone } });
    expect(cancel.statusCode).toBe(409);
  });

  it('takes a check-in without a village at the centre itself', async () => {
    const booked = await book(bookBody({ day: today, halfDay: 'afternoon' }));
    const row = await t.db.selectFrom('appointments').select('id').where('code', '=', booked.json().code).executeTakeFirstOrThrow();
    const res = await w.operator.inject({ method: 'POST', url: `/api/v1/appointments/${row.id}/check-in`, payload: { categoryCode: '1602' } });
    expect(res.statusCode, res.body).toBe(201);
    const created = await t.db.selectFrom('cases').selectAll().where('id', '=', res.json().case.id).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ region_code: TOWNSHIP, owner_unit_id: w.townshipCenterId, kind: 'consultation' });
  });
});
