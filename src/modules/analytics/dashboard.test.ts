// The dashboard's reads beyond the summary, on both databases: rate targets (defaults, admin-only
// writes naming the field, audited), the overdue ranking of units (cases made overdue by the SLA
// sweep, scoped like every case read) and risk warnings by tier on local (UTC+8) days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, type CaseWorld, OTHER_TOWNSHIP, TOWNSHIP, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import { dispatchedCase, minutes } from '../../../test/sla-fixtures.js';
import { sweepDeadlines } from '../sla/sla.sweep.js';

interface Ranking {
  region: { code: string; name: string };
  asOf: string;
  items: Array<{ unitId: number; unitName: string; overdue: number; overdueResolve: number; overdueAcknowledge: number; held: number }>;
}

describe.each(testDialects())('dashboard reads on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let admin: Client;
  let countyHead: Client;
  let caseIds: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    admin = (await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }])).client;
    countyHead = (await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.countyCenterId }])).client;
  });
  afterAll(async () => t.close());

  describe('rate targets', () => {
    it('answers the defaults until an admin sets them', async () => {
      const res = await countyHead.inject({ method: 'GET', url: '/api/v1/analytics/targets' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ responseRate: 0.95, resolutionRate: 0.9, satisfactionRate: 0.9, isDefault: true, updatedAt: null });
    });

    it('lets only admins set them, rejects a rate above 1 naming it, and audits the change', async () => {
      const body = { responseRate: 0.97, resolutionRate: 0.85, satisfactionRate: 0.92 };
      const forbidden = await countyHead.inject({ method: 'PUT', url: '/api/v1/analytics/targets', payload: body });
      expect(forbidden.statusCode).toBe(403);
      const bad = await admin.inject({ method: 'PUT', url: '/api/v1/analytics/targets', payload: { ...body, satisfactionRate: 1.5 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(bad.json())).toContain('satisfactionRate');
      const extra = await admin.inject({ method: 'PUT', url: '/api/v1/analytics/targets', payload: { ...body, onTimeRate: 0.5 } });
      expect(extra.statusCode).toBe(400);
      // Nothing half-written by the refusals.
      expect((await countyHead.inject({ method: 'GET', url: '/api/v1/analytics/targets' })).json().isDefault).toBe(true);

      const ok = await admin.inject({ method: 'PUT', url: '/api/v1/analytics/targets', payload: body });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ ...body, isDefault: false });
      const read = (await countyHead.inject({ method: 'GET', url: '/api/v1/analytics/targets' })).json();
      expect(read).toMatchObject({ ...body, isDefault: false, updatedAt: expect.any(String) });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'analytics.targets_set').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ before: { responseRate: 0.95 }, after: body });
    });
  });

  describe('overdue ranking of units', () => {
    beforeAll(async () => {
      // Three cases whose acknowledgement the sweep finds overdue: two led by the judicial office,
      // one by the police station; then a fourth for the judicial office that is still on time.
      const a = await dispatchedCase(w, t.db);
      const b = await dispatchedCase(w, t.db);
      const c = await dispatchedCase(w, t.db, { lead: w.police });
      const latestAck = Math.max(a.ackDueAt.getTime(), b.ackDueAt.getTime(), c.ackDueAt.getTime());
      expect(latestAck + minutes(1)).toBeLessThan(Math.min(a.resolveDueAt.getTime(), b.resolveDueAt.getTime(), c.resolveDueAt.getTime()));
      await sweepDeadlines({ db: t.db, log: t.app.log }, new Date(latestAck + minutes(1)));
      const d = await dispatchedCase(w, t.db);
      caseIds = [a.id, b.id, c.id, d.id];
    });

    const ranking = async (client: Client, region: string, extra = '') => {
      const res = await client.inject({ method: 'GET', url: `/api/v1/analytics/overdue-units?region=${region}${extra}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Ranking>();
    };

    it('ranks the units by the open cases they lead past a deadline, with the cases they hold', async () => {
      const body = await ranking(countyHead, COUNTY);
      expect(body.region.code).toBe(COUNTY);
      expect(Date.parse(body.asOf)).not.toBeNaN();
      expect(body.items.map((i) => [i.unitId, i.overdue, i.overdueAcknowledge, i.overdueResolve, i.held])).toEqual([
        [w.judicial.id, 2, 2, 0, 3],
        [w.police.id, 1, 1, 0, 1],
      ]);
      expect(body.items[0]?.unitName).toBe('城关区司法局');
      // limit cuts the list after the first.
      expect((await ranking(countyHead, COUNTY, '&limit=1')).items.map((i) => i.unitId)).toEqual([w.judicial.id]);
    });

    it('leaves a case once its unit is no longer holding it overdue', async () => {
      const second = caseIds[1] ?? 0;
      const version = (await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${second}/actions` })).json().version;
      const escalated = await w.operator.inject({ method: 'POST', url: `/api/v1/cases/${second}/actions/escalate`, payload: { version, reason: '需要区级协调' } });
      expect(escalated.statusCode, escalated.body).toBe(200);
      const body = await ranking(countyHead, COUNTY);
      expect(body.items.find((i) => i.unitId === w.judicial.id)).toMatchObject({ overdue: 1, held: 2 });
    });

    it('shows each caller only the cases they may see', async () => {
      // A police handler sees the cases dispatched to the police station, nothing of the judicial office's.
      const police = await ranking(w.police.client, TOWNSHIP);
      expect(police.items.map((i) => i.unitId)).toEqual([w.police.id]);
      // Another township's centre: its own region is empty, the county is out of its scope (404).
      expect((await ranking(w.outsider, OTHER_TOWNSHIP)).items).toEqual([]);
      const outside = await w.outsider.inject({ method: 'GET', url: `/api/v1/analytics/overdue-units?region=${COUNTY}` });
      expect(outside.statusCode).toBe(404);
    });

    it('answers 400 naming the field for a bad region or limit', async () => {
      const bad = await countyHead.inject({ method: 'GET', url: '/api/v1/analytics/overdue-units?region=62010' });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('region');
      const limit = await countyHead.inject({ method: 'GET', url: `/api/v1/analytics/overdue-units?region=${COUNTY}&limit=500` });
      expect(limit.statusCode).toBe(400);
      expect(JSON.stringify(limit.json())).toContain('limit');
    });
  });

  describe('warnings by tier', () => {
    async function addWarning(caseId: number, tier: string, raisedAt: string, extra: Record<string, unknown> = {}) {
      await t.db
        .insertInto('risk_warnings')
        .values({
          case_id: caseId,
          region_code: TOWNSHIP,
          status: 'open',
          tier,
          computed_tier: tier,
          initial_tier: tier,
          source: 'engine',
          factors: '[]',
          ack_due_at: raisedAt,
          last_incident_at: raisedAt,
          review_at: raisedAt,
          raised_at: raisedAt,
          updated_at: raisedAt,
          ...extra,
        })
        .execute();
    }

    beforeAll(async () => {
      const [a = 0, b = 0] = caseIds;
      // March 2026 in local days: 23:30 on 31 March Beijing time is 15:30 UTC, still March.
      await addWarning(a, 'red', '2026-03-31T15:30:00.000Z');
      await addWarning(b, 'red', '2026-03-05T02:00:00.000Z', { status: 'closed', outcome: 'de_escalated', decision: 'confirmed' });
      await addWarning(a, 'yellow', '2026-03-10T02:00:00.000Z');
      // 00:10 on 1 April Beijing time (16:10 UTC on 31 March): April, not counted.
      await addWarning(b, 'orange', '2026-03-31T16:10:00.000Z');
      // The previous period (29 Jan – 28 Feb) and March last year.
      await addWarning(a, 'red', '2026-02-01T02:00:00.000Z', { status: 'closed', outcome: 'resolved' });
      await addWarning(a, 'red', '2025-03-15T02:00:00.000Z', { status: 'closed', outcome: 'unfounded' });
      await addWarning(b, 'red', '2025-03-16T02:00:00.000Z', { status: 'closed', outcome: 'unfounded' });
    });

    it('counts warnings raised in the local days of the period by initial tier, against both comparisons', async () => {
      const res = await countyHead.inject({ method: 'GET', url: `/api/v1/analytics/warnings?region=${COUNTY}&from=2026-03-01&to=2026-03-31` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.periods.previous).toEqual({ from: '2026-01-29', to: '2026-02-28' });
      expect(body.byTier.map((r: { tier: string }) => r.tier)).toEqual(['blue', 'yellow', 'orange', 'red']);
      const red = body.byTier.find((r: { tier: string }) => r.tier === 'red');
      expect(red.current).toMatchObject({ raised: 2, confirmed: 1, deEscalated: 1, stillOpen: 1 });
      expect(red.previous.raised).toBe(1);
      expect(red.lastYear).toMatchObject({ raised: 2, unfounded: 2 });
      expect(red.change.vsPrevious.raised).toEqual({ absolute: 1, relative: 1 });
      expect(red.change.vsLastYear.raised).toEqual({ absolute: 0, relative: 0 });
      // Open now, whenever raised: the red of 31 March and none other of red.
      expect(red.openNow).toBe(1);
      const orange = body.byTier.find((r: { tier: string }) => r.tier === 'orange');
      expect(orange.current.raised).toBe(0);
      expect(orange.openNow).toBe(1);
      expect(orange.change.vsPrevious.raised).toEqual({ absolute: 0, relative: null });
      expect(body.byTier.find((r: { tier: string }) => r.tier === 'yellow').current.raised).toBe(1);
    });

    it('keeps warnings to their readers and their scope, and names bad fields', async () => {
      // Operators do not read risk warnings.
      expect((await w.operator.inject({ method: 'GET', url: `/api/v1/analytics/warnings?region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31` })).statusCode).toBe(403);
      const outsiderHead = (await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: OTHER_TOWNSHIP }])).client;
      expect((await outsiderHead.inject({ method: 'GET', url: `/api/v1/analytics/warnings?region=${COUNTY}&from=2026-03-01&to=2026-03-31` })).statusCode).toBe(404);
      const own = (await outsiderHead.inject({ method: 'GET', url: `/api/v1/analytics/warnings?region=${OTHER_TOWNSHIP}&from=2026-03-01&to=2026-03-31` })).json();
      expect(own.byTier.every((r: { current: { raised: number } }) => r.current.raised === 0)).toBe(true);
      const backwards = await countyHead.inject({ method: 'GET', url: `/api/v1/analytics/warnings?region=${COUNTY}&from=2026-03-31&to=2026-03-01` });
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().errors).toEqual([expect.objectContaining({ field: 'to' })]);
      const impossible = await countyHead.inject({ method: 'GET', url: `/api/v1/analytics/warnings?region=${COUNTY}&from=2026-02-30&to=2026-03-01` });
      expect(impossible.statusCode).toBe(400);
      expect(impossible.json().errors).toEqual([expect.objectContaining({ field: 'from' })]);
    });
  });
});
