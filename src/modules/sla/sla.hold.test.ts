// Clocks never run while a case is on hold: whatever the length of the hold, the time left on the
// resolve deadline when the hold began is exactly the time left after the resume, and no sweep
// during the hold reminds, flags or escalates.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { caseRow, dispatchedCase, eventsOf, minutes, must } from '../../../test/sla-fixtures.js';
import { minutesBetween } from './business-calendar.js';
import { loadSlaRules } from './sla.service.js';
import { sweepDeadlines } from './sla.sweep.js';

describe.each(testDialects())('clocks on hold on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
  });
  afterAll(async () => t.close());

  it('gives back exactly the time that was left, after any gap, and never runs out meanwhile', async () => {
    const { calendar } = await loadSlaRules(t.db);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('normal', 'urgent'),
        fc.integer({ min: 0, max: 60 * 24 * 60 }), // the hold began this many minutes ago (up to 60 days)
        fc.array(fc.integer({ min: 0, max: 60 * 24 * 400 }), { maxLength: 3 }), // sweeps during the hold, minutes after it began
        async (priority, gapMinutes, sweepOffsets) => {
          const c = await dispatchedCase(w, t.db, { priority });
          await must(w.judicial.client, c.id, 'acknowledge');
          await must(w.judicial.client, c.id, 'hold', { reason: '等待当事人返回' });
          // The API holds "now"; a hold that began earlier is the same hold with its start moved back.
          const heldRow = await caseRow(t.db, c.id);
          const heldAt = new Date(Date.parse(heldRow.hold_started_at ?? '') - minutes(gapMinutes));
          await t.db.updateTable('cases').set({ hold_started_at: heldAt.toISOString() }).where('id', '=', c.id).execute();
          const leftWhenHeld = minutesBetween(calendar, heldAt, c.resolveDueAt, c.wallClock);

          const before = (await eventsOf(t.db, c.id)).length;
          for (const offset of sweepOffsets) await sweepDeadlines(t.app.ctx, new Date(heldAt.getTime() + minutes(offset)));
          const held = await caseRow(t.db, c.id);
          expect(held).toMatchObject({ status: 'on_hold', overdue_resolve: 0, reminded_resolve: 0, escalation_count: 0 });
          expect((await eventsOf(t.db, c.id)).length).toBe(before);

          await must(w.judicial.client, c.id, 'resume');
          const resumed = await caseRow(t.db, c.id);
          const resume = (await eventsOf(t.db, c.id)).at(-1);
          expect(resume?.action).toBe('resume');
          const resumedAt = new Date(resume?.at ?? '');
          expect(resumed.status).toBe('acknowledged');
          const leftAfterResume = minutesBetween(calendar, resumedAt, new Date(resumed.resolve_due_at ?? ''), c.wallClock);
          expect(leftAfterResume).toBeCloseTo(leftWhenHeld, 6);
        },
      ),
      { numRuns: 12 },
    );
  });
});
