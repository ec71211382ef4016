// All SQL of appointments. A booking takes a place with one conditional UPDATE (booked < capacity),
// so two bookings racing for the last place cannot both win, on either database.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

export async function findCenter(db: Db, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'kind', 'region_code', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function findWindows(db: Db, centerId: number, from: string, to: string) {
  return db.selectFrom('appointment_windows').selectAll().where('center_unit_id', '=', centerId).where('day', '>=', from).where('day', '<=', to).orderBy('day').orderBy('half_day', 'desc').execute();
}

export async function findWindow(db: Db, centerId: number, day: string, halfDay: string) {
  return db.selectFrom('appointment_windows').selectAll().where('center_unit_id', '=', centerId).where('day', '=', day).where('half_day', '=', halfDay).executeTakeFirst();
}

export async function insertWindow(db: Db, row: Insertable<Database['appointment_windows']>) {
  await db.insertInto('appointment_windows').values(row).execute();
}

/** Changes a window unless its new capacity is below the places already taken; false then. */
export async function updateWindow(db: Db, id: number, values: { capacity: number; starts_at: string; ends_at: string; status: string; updated_at: string; updated_by: number | null }): Promise<boolean> {
  const result = await db.updateTable('appointment_windows').set(values).where('id', '=', id).where('booked', '<=', values.capacity).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes one place if one is left; false when the window is full or closed. */
export async function takePlace(db: Db, windowId: number): Promise<boolean> {
  const result = await db
    .updateTable('appointment_windows')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', windowId)
    .where('status', '=', 'open')
    .where((eb) => eb('booked', '<', eb.ref('capacity')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function givePlaceBack(db: Db, windowId: number): Promise<void> {
  await db.updateTable('appointment_windows').set((eb) => ({ booked: eb('booked', '-', 1) })).where('id', '=', windowId).where('booked', '>', 0).execute();
}

export async function insertAppointment(db: Db, row: Insertable<Database['appointments']>): Promise<number> {
  const inserted = await db.insertInto('appointments').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findAppointmentByCode(db: Db, code: string) {
  return db.selectFrom('appointments').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findAppointment(db: Db, id: number) {
  return db.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function hasActiveBooking(db: Db, windowId: number, phoneHash: string): Promise<boolean> {
  const row = await db.selectFrom('appointments').select('id').where('window_id', '=', windowId).where('phone_hash', '=', phoneHash).where('status', '=', 'booked').executeTakeFirst();
  return row !== undefined;
}

/** Marks a booking cancelled if it is still booked; false otherwise. */
export async function cancelAppointment(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable('appointments').set({ status: 'cancelled', cancelled_at: at }).where('id', '=', id).where('status', '=', 'booked').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Links a booking to the walk-in case its check-in created; false if it was not booked any more. */
export async function checkIn(db: Db, id: number, values: { caseId: number; at: string; by: number | null }): Promise<boolean> {
  const result = await db
    .updateTable('appointments')
    .set({ status: 'checked_in', checked_in_at: values.at, checked_in_by: values.by, case_id: values.caseId })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findDay(db: Db, centerId: number, day: string) {
  return db
    .selectFrom('appointments')
    .leftJoin('cases', 'cases.id', 'appointments.case_id')
    .selectAll('appointments')
    .select('cases.tracking_code')
    .where('appointments.center_unit_id', '=', centerId)
    .where('appointments.day', '=', day)
    .orderBy('appointments.half_day', 'desc')
    .orderBy('appointments.id')
    .execute();
}

export type AppointmentRow = NonNullable<Awaited<ReturnType<typeof findAppointment>>>;

/** Centres of a county subtree with places left from `from` on, and how many. */
export async function findCentersWithPlaces(db: Db, range: { from: string; to: string }, days: { from: string; to: string }) {
  return db
    .selectFrom('units')
    .innerJoin('appointment_windows as w', 'w.center_unit_id', 'units.id')
    .select((eb) => ['units.id', 'units.name', 'units.region_code', eb.fn.sum<number>(eb('w.capacity', '-', eb.ref('w.booked'))).as('open_places')])
    .where('units.kind', '=', 'center')
    .where('units.status', '=', 'active')
    .where('units.region_code', '>=', range.from)
    .where('units.region_code', '<=', range.to)
    .where('w.status', '=', 'open')
    .where('w.day', '>=', days.from)
    .where('w.day', '<=', days.to)
    .where((eb) => eb('w.booked', '<', eb.ref('w.capacity')))
    .groupBy(['units.id', 'units.name', 'units.region_code'])
    .orderBy('units.region_code')
    .execute();
}

/** The case a check-in created (its code and state only). */
export async function findLinkedCase(db: Db, caseId: number) {
  return db.selectFrom('cases').select(['id', 'tracking_code', 'status']).where('id', '=', caseId).executeTakeFirst();
}
