import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, TOWNSHIP, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import { sweepRisk } from './risk.sweep.js';

const HOUR = 3_600_000;

describe.each(testDialects())('risk warnings on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let coordinator: Client;
  let head: Client;
  let admin: Client;
  let caseIds: number[] = [];
  let warningId = 0;

  async function createDispute(client: Client, parties = disputeBody.parties) {
    const res = await client.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, parties } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  }
  async function warning(client: Client, id: number) {
    const res = await client.inject({ method: 'GET', url: `/api/v1/risk/warnings/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    coordinator = (await signInAs(t.app, t.db, [{ role: 'township_coordinator', unitId: w.townshipCenterId }])).client;
    head = (await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.townshipCenterId }])).client;
    admin = (await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }])).client;
  });
  afterAll(async () => t.close());

  it('a neighbour dispute with three incidents in 12 months and a threat to kill raises an orange warning naming exactly those facts', async () => {
    caseIds = [await createDispute(w.operator), await createDispute(w.operator), await createDispute(w.operator)];
    const subject = caseIds[2] ?? 0;
    const res = await coordinator.inject({
      method: 'POST',
      url: `/api/v1/cases/${subject}/risk`,
      payload: { instrumentKey: 'dispute-red-flags', answers: { threat_to_kill: 'yes', incidents_3_in_12m: 'yes', weapon_access: 'no', strangulation: 'no', prior_violence: 'unknown' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.tier).toBe('orange');
    expect(body.warningAction).toBe('raised');
    const wr = body.warning;
    warningId = wr.id;
    expect(wr.status).toBe('pending_review');
    expect(wr.reviewRequired).toBe(true);
    expect(wr.factors.items.map((i: { id: string; answer: string }) => [i.id, i.answer])).toEqual([
      ['threat_to_kill', 'yes'],
      ['incidents_3_in_12m', 'yes'],
    ]);
    expect(wr.factors.rules.map((r: { key: string }) => r.key)).toEqual(['incidents-3-in-12m']);
    expect(wr.factors.rules[0].cases.map((c: { id: number }) => c.id)).toEqual([...caseIds].sort((a, b) => a - b));
    expect(wr.factors.rules[0].restrictedCases).toBe(0);
    expect(wr.factors.instrument).toMatchObject({ key: 'dispute-red-flags', version: 1, licence: 'CC0-1.0' });
    expect(wr.factors.instrument.limits.length).toBeGreaterThan(0);
    expect(wr.requiredActions.map((a: { code: string }) => a.code)).toEqual(['pause_mediation', 'case_conference', 'protective_referral']);
    expect(wr.restrictions).toEqual({ jointSessionsAllowed: false, sessionsPaused: true });
    expect(wr.disclaimer).toContain('never a judgement of a person');
    // The evaluation is on the audit chain, with the facts it used.
    const audit = await t.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'risk.evaluated').where('entity_id', '=', String(subject)).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}').rules[0].caseIds).toEqual([...caseIds].sort((a, b) => a - b));
  });

  it('is invisible to someone who cannot see the case', async () => {
    expect((await w.outsider.inject({ method: 'GET', url: `/api/v1/risk/warnings/${warningId}` })).statusCode).toBe(403);
    const other = (await signInAs(t.app, t.db, [{ role: 'township_coordinator', regionCode: '620102002000' }])).client;
    expect((await other.inject({ method: 'GET', url: `/api/v1/risk/warnings/${warningId}` })).statusCode).toBe(404);
    expect((await other.inject({ method: 'GET', url: '/api/v1/risk/warnings' })).json().items).toEqual([]);
  });

  it('the named reviewer acknowledges with a decision and reason; views are audited', async () => {
    const before = await warning(coordinator, warningId);
    const noReason = await coordinator.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/acknowledge`, payload: { version: before.version, decision: 'confirm' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    const ack = await coordinator.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/acknowledge`, payload: { version: before.version, decision: 'confirm', reason: '当事人明确扬言，需会商' } });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'active', tier: 'orange', decision: 'confirmed', ackOnTime: true, reviewer: { userId: coordinator.userId } });
    const views = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'risk.warning_viewed').where('entity_id', '=', String(warningId)).execute();
    expect(views.length).toBeGreaterThanOrEqual(1);
  });

  it('a conference with two actions; one goes overdue and is escalated once', async () => {
    const now = Date.now();
    const res = await coordinator.inject({
      method: 'POST',
      url: `/api/v1/risk/warnings/${warningId}/conferences`,
      payload: {
        heldAt: new Date(now).toISOString(),
        chair: '乡镇政法委员',
        agencies: [
          { agency: 'police', unitId: w.police.id, attended: true, shared: '已两次出警，双方均有报警记录' },
          { agency: 'womens_federation', name: '街道妇联', attended: true, shared: '可提供临时庇护' },
          { agency: 'mediator', attended: true, shared: '调解暂停' },
        ],
        summary: '暂停调解，派出所上门警示，妇联联系受威胁一方',
        nextReviewAt: new Date(now + 7 * 24 * HOUR).toISOString(),
        actions: [
          { description: '派出所民警上门了解情况并记录', ownerUnitId: w.police.id, ownerLabel: '酒泉路派出所', dueAt: new Date(now + HOUR).toISOString() },
          { description: '妇联联系受威胁一方，告知庇护渠道', ownerLabel: '街道妇联', dueAt: new Date(now + 10 * 24 * HOUR).toISOString() },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const conference = res.json();
    expect(conference.actions).toHaveLength(2);
    expect(conference.agencies.map((a: { agency: string }) => a.agency)).toEqual(['police', 'womens_federation', 'mediator']);
    const [first, second] = conference.actions;

    const later = new Date(now + 2 * HOUR);
    const swept = await sweepRisk({ db: t.db }, later);
    expect(swept.actionsOverdue).toBe(1);
    expect((await sweepRisk({ db: t.db }, later)).actionsOverdue).toBe(0);
    const list = (await coordinator.inject({ method: 'GET', url: `/api/v1/risk/warnings/${warningId}/conferences` })).json();
    const actions = list.items[0].actions;
    expect(actions.find((a: { id: number }) => a.id === first.id)).toMatchObject({ overdue: true, escalatedToUnitId: w.countyCenterId, status: 'open' });
    expect(actions.find((a: { id: number }) => a.id === second.id)).toMatchObject({ overdue: false, escalatedAt: null });
    const outbox = await t.db.selectFrom('outbox').select(['payload']).where('topic', '=', 'risk.action_overdue').execute();
    expect(outbox.map((o) => JSON.parse(o.payload).actionId)).toEqual([first.id]);

    const progress = await coordinator.inject({ method: 'POST', url: `/api/v1/risk/actions/${second.id}/progress`, payload: { text: '已电话联系', done: true } });
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json()).toMatchObject({ status: 'done', progress: [{ text: '已电话联系' }] });
  });

  it('the tier cannot be lowered by one person; a second reviewer with a reason lowers it', async () => {
    let current = await warning(coordinator, warningId);
    const proposed = await coordinator.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/lower`, payload: { version: current.version, tier: 'yellow', reason: '威胁方已搬离' } });
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(proposed.json().result).toBe('proposed');
    expect(proposed.json().warning.tier).toBe('orange');

    current = await warning(coordinator, warningId);
    const again = await coordinator.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/lower`, payload: { version: current.version, tier: 'yellow', reason: '再次确认' } });
    expect(again.statusCode).toBe(403);
    expect(again.json().detail).toContain('second, different reviewer');
    const selfDecide = await coordinator.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/decide`, payload: { version: current.version, approve: true, reason: '同意' } });
    expect(selfDecide.statusCode).toBe(403);
    expect((await warning(coordinator, warningId)).tier).toBe('orange');

    const noReason = await head.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/lower`, payload: { version: current.version, tier: 'yellow' } });
    expect(noReason.statusCode).toBe(400);
    const second = await head.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/lower`, payload: { version: current.version, tier: 'yellow', reason: '核实：威胁方已搬离本村' } });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().result).toBe('lowered');
    const after = await warning(head, warningId);
    expect(after).toMatchObject({ tier: 'yellow', overridden: true, pendingLowering: null });
    expect(after.lowerings[0]).toMatchObject({ status: 'approved', proposedBy: expect.any(String), decidedBy: expect.any(String) });
    expect(after.lowerings[0].proposedBy).not.toBe(after.lowerings[0].decidedBy);

    // Raising by judgement needs one person.
    const raised = await head.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/raise`, payload: { version: after.version, tier: 'red', reason: '又发现持刀' } });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().tier).toBe('red');
  });

  it('outcomes feed the report per tier and per rule', async () => {
    const current = await warning(head, warningId);
    const closed = await head.inject({ method: 'POST', url: `/api/v1/risk/warnings/${warningId}/outcome`, payload: { version: current.version, outcome: 'de_escalated', note: '双方分开居住，未再冲突' } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    const from = new Date(Date.now() - 24 * HOUR).toISOString();
    const to = new Date(Date.now() + 24 * HOUR).toISOString();
    const report = (await head.inject({ method: 'GET', url: `/api/v1/risk/report?from=${from}&to=${to}&region=${TOWNSHIP.slice(0, 9)}` })).json();
    expect(report.byTier.find((r: { tier: string }) => r.tier === 'orange')).toMatchObject({ raised: 1, confirmed: 0, overridden: 1, outcomes: { de_escalated: 1 } });
    expect(report.byRule).toEqual([expect.objectContaining({ rule: 'incidents-3-in-12m', raised: 1, overridden: 1 })]);
  });

  it('an instrument that references a never-list field is rejected naming the field; nothing is stored', async () => {
    const bad = {
      key: 'bad-checklist',
      version: 1,
      name: 'bad',
      population: 'x',
      appliesTo: { caseKinds: ['dispute'] },
      licence: 'CC0-1.0',
      citation: 'x',
      limits: ['x'],
      items: [{ id: 'threat_to_kill', text: '是否扬言杀人？', answer: 'yes_no' }, { id: 'party_religion', text: '是否信教？', answer: 'yes_no' }],
      scoring: { method: 'count', thresholds: [{ tier: 'yellow', min: 1 }] },
    };
    const res = await admin.inject({ method: 'POST', url: '/api/v1/risk/instruments', payload: bad });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['items[1].id', 'items[1].text']);
    expect(res.json().detail).toContain('religion');
    const stored = await t.db.selectFrom('risk_definitions').select('id').where('key', '=', 'bad-checklist').execute();
    expect(stored).toEqual([]);
    const rule = await admin.inject({
      method: 'POST',
      url: '/api/v1/risk/rules',
      payload: { key: 'petitions', version: 1, name: 'x', kind: 'incident_count', params: { windowMonths: 12, minCases: 2, caseKinds: ['dispute'], channels: ['petition'] }, tier: 'yellow', reviewRequired: false, description: 'x', limits: ['x'] },
    });
    expect(rule.statusCode).toBe(400);
    // Both the rule's own key ("petitions") and the channel filter read petition history.
    expect(rule.json().errors.map((e: { field: string }) => e.field)).toEqual(['key', 'params.channels', 'params.channels[0]']);
  });

  it('a licensed count checklist (10 = medium, 14 = high) loads as JSON without code changes, scores, and can be retired', async () => {
    const items = Array.from({ length: 16 }, (_, i) => ({ id: `q${String(i + 1).padStart(2, '0')}`, text: `第${i + 1}项（持证机构的题目）`, answer: 'yes_no' }));
    const dash = {
      key: 'licensed-count-checklist',
      version: 1,
      name: '持证机构加载的计数清单',
      population: 'As licensed to the organisation',
      appliesTo: { caseKinds: ['dispute'] },
      licence: 'Licensed to the organisation; not redistributable',
      citation: 'The licence holder',
      limits: ['Validated only for the population named by its authors'],
      items,
      scoring: { method: 'count', thresholds: [{ tier: 'orange', min: 10, label: 'medium' }, { tier: 'red', min: 14, label: 'high' }] },
    };
    const up = await admin.inject({ method: 'POST', url: '/api/v1/risk/instruments', payload: dash });
    expect(up.statusCode, up.body).toBe(201);
    expect((await admin.inject({ method: 'POST', url: '/api/v1/risk/instruments', payload: dash })).statusCode).toBe(409);
    const caseId = await createDispute(w.operator, [
      { name: '王五', phone: '13700000001', role: 'applicant' },
      { name: '赵六', phone: '13700000002', role: 'respondent' },
    ]);
    const yes = (n: number) => Object.fromEntries(items.map((it, i) => [it.id, i < n ? 'yes' : 'no']));
    const medium = await coordinator.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/risk`, payload: { instrumentKey: 'licensed-count-checklist', answers: yes(10) } });
    expect(medium.statusCode, medium.body).toBe(201);
    expect(medium.json().instrument).toMatchObject({ score: 10, tier: 'orange', band: 'medium' });
    const high = await coordinator.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/risk`, payload: { instrumentKey: 'licensed-count-checklist', answers: yes(14) } });
    expect(high.json()).toMatchObject({ tier: 'red', warningAction: 'escalated' });
    expect(high.json().instrument.band).toBe('high');
    const lower = await coordinator.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/risk`, payload: { instrumentKey: 'licensed-count-checklist', answers: yes(3) } });
    expect(lower.json()).toMatchObject({ tier: 'blue', warningAction: 'updated' });
    expect(lower.json().warning.tier).toBe('red'); // the engine never lowers a tier

    // Nobody acknowledged it: the sweep escalates the overdue acknowledgement once.
    const swept = await sweepRisk({ db: t.db }, new Date(Date.now() + 3 * HOUR));
    expect(swept.ackOverdue).toBe(1);
    expect((await warning(coordinator, high.json().warning.id)).ackOverdue).toBe(true);

    const retired = await admin.inject({ method: 'POST', url: '/api/v1/risk/instruments/licensed-count-checklist/versions/1/retire' });
    expect(retired.statusCode, retired.body).toBe(200);
    const after = await coordinator.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/risk`, payload: { instrumentKey: 'licensed-count-checklist', answers: yes(1) } });
    expect(after.statusCode).toBe(400);
    expect(after.json().errors[0].field).toBe('instrumentKey');
    const panel = await coordinator.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/risk` });
    expect(panel.statusCode).toBe(200);
    expect(panel.json().assessments).toHaveLength(3);
  });

  it('the dashboard counts open warnings by tier with overdue acknowledgements', async () => {
    const res = await head.inject({ method: 'GET', url: '/api/v1/risk/dashboard' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().byTier.find((r: { tier: string }) => r.tier === 'red')).toMatchObject({ open: 1, overdueAcknowledgements: 1 });
  });

  it('an acknowledged warning lapses to review 12 months after its last incident, and a reviewer takes it again', async () => {
    const caseId = await createDispute(w.operator, [
      { name: '钱一', phone: '13300000001', role: 'applicant' },
      { name: '冯二', phone: '13300000002', role: 'respondent' },
    ]);
    const raised = await coordinator.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/risk`, payload: { instrumentKey: 'dispute-red-flags', answers: { strangulation: 'yes' } } });
    const id = raised.json().warning.id as number;
    const ack = await head.inject({ method: 'POST', url: `/api/v1/risk/warnings/${id}/acknowledge`, payload: { version: raised.json().warning.version, decision: 'confirm', reason: '属实' } });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(Date.parse(ack.json().reviewAt) - Date.parse(ack.json().lastIncidentAt)).toBeGreaterThan(360 * 24 * HOUR);
    expect((await sweepRisk({ db: t.db }, new Date(Date.now() + 300 * 24 * HOUR))).lapsed).toBe(0);
    expect((await sweepRisk({ db: t.db }, new Date(Date.now() + 370 * 24 * HOUR))).lapsed).toBe(1);
    const lapsed = await warning(head, id);
    expect(lapsed.status).toBe('review_due');
    const again = await head.inject({ method: 'POST', url: `/api/v1/risk/warnings/${id}/acknowledge`, payload: { version: lapsed.version, decision: 'confirm', reason: '复核：仍有风险' } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().status).toBe('active');
  });

  it('documents every risk and mediation route in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['/api/v1/risk/instruments', '/api/v1/risk/rules', '/api/v1/risk/tiers', '/api/v1/cases/{id}/risk', '/api/v1/risk/warnings', '/api/v1/risk/warnings/{id}/acknowledge', '/api/v1/risk/warnings/{id}/lower', '/api/v1/risk/warnings/{id}/conferences', '/api/v1/mediations/{id}/agreement.pdf', '/api/v1/mediations/{id}/judicial-confirmation', '/api/v1/mediations/{id}/follow-ups']) {
      expect(paths).toContain(p);
    }
  });
});
