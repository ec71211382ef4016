// Cases on the clock for deadline tests: taken in, accepted and dispatched through the API, with the
// deadlines the write path stored, so a test can pick instants relative to them and sweep at those.
import { expect } from 'vitest';
import type { Db } from '../src/db/database.js';
import { type CaseWorld, act, disputeBody } from './case-fixtures.js';
import type { Client } from './factories.js';

export interface ClockedCase {
  id: number;
  dispatchedAt: Date;
  ackDueAt: Date;
  resolveDueAt: Date;
  wallClock: boolean;
}

let n = 0;

async function expectOk(response: Promise<{ statusCode: number; body: string }>) {
  const r = await response;
  expect(r.statusCode, r.body).toBe(200);
}

/** A dispute (category 0201) dispatched by the township centre to `lead` (the judicial office by default). */
export async function dispatchedCase(w: CaseWorld, db: Db, options: { priority?: string; lead?: { id: number } } = {}): Promise<ClockedCase> {
  n++;
  const created = await w.operator.inject({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { ...disputeBody, title: `${disputeBody.title} 第${n}起`, priority: options.priority ?? 'normal' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = (created.json() as { id: number }).id;
  await expectOk(act(w.operator, id, 'accept'));
  await expectOk(act(w.operator, id, 'dispatch', { leadUnitId: (options.lead ?? w.judicial).id }));
  return readClocks(db, id);
}

export async function readClocks(db: Db, id: number): Promise<ClockedCase> {
  const row = await db.selectFrom('cases').select(['ack_due_at', 'resolve_due_at', 'wall_clock']).where('id', '=', id).executeTakeFirstOrThrow();
  const dispatch = await db
    .selectFrom('case_events')
    .select('at')
    .where('case_id', '=', id)
    .where('action', 'in', ['dispatch', 'whistle', 'transfer'])
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  if (!row.ack_due_at || !row.resolve_due_at) throw new Error(`case ${id} has no deadlines`);
  return { id, dispatchedAt: new Date(dispatch.at), ackDueAt: new Date(row.ack_due_at), resolveDueAt: new Date(row.resolve_due_at), wallClock: row.wall_clock === 1 };
}

export async function eventsOf(db: Db, caseId: number) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

export async function countEvents(db: Db, caseId: number, action: string): Promise<number> {
  return (await eventsOf(db, caseId)).filter((e) => e.action === action).length;
}

export async function caseRow(db: Db, id: number) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Runs a workflow action and insists it succeeded. */
export async function must(client: Client, caseId: number, action: string, body: Record<string, unknown> = {}) {
  const r = await act(client, caseId, action, body);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json() as { status: string; version: number };
}

export const minutes = (m: number) => m * 60_000;
