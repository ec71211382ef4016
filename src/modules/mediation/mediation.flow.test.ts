import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, TOWNSHIP, act, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, createUnit, signInAs } from '../../../test/factories.js';
import { REQUIRED_FONT } from './mediation.pdf.js';
import { sweepMediations } from './mediation.sweep.js';

const DAY = 86_400_000;

function pdfText(pdf: Buffer): string {
  if (!existsSync(REQUIRED_FONT)) throw new Error(`The CJK font ${REQUIRED_FONT} is missing: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), as .ci/run does`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-pdf-'));
  try {
    const file = path.join(dir, 'agreement.pdf');
    writeFileSync(file, pdf);
    try {
      return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    } catch (error) {
      throw new Error(`pdftotext failed or is missing: install Debian's poppler-utils, as .ci/run does (${String(error)})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDialects())('mediation on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let committeeId = 0;
  let mediator: Client;
  let mediatorId = 0;

  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY + 8 * 3_600_000).toISOString().slice(0, 10);

  async function disputeAtCommittee(parties = disputeBody.parties) {
    const created = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, parties } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect((await act(w.operator, id, 'accept')).statusCode).toBe(200);
    expect((await act(w.operator, id, 'dispatch', { leadUnitId: committeeId })).statusCode).toBe(200);
    expect((await act(mediator, id, 'acknowledge')).statusCode).toBe(200);
    const caseRes = await mediator.inject({ method: 'GET', url: `/api/v1/cases/${id}` });
    return { id, parties: caseRes.json().parties as Array<{ id: number; role: string }> };
  }
  async function post(client: Client, url: string, payload: Record<string, unknown>) {
    return client.inject({ method: 'POST', url, payload });
  }
  async function current(id: number) {
    return (await mediator.inject({ method: 'GET', url: `/api/v1/mediations/${id}` })).json();
  }
  async function step(id: number, pathName: string, body: Record<string, unknown>, client: Client = mediator) {
    const m = await current(id);
    return post(client, `/api/v1/mediations/${id}/${pathName}`, { version: m.version, ...body });
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    committeeId = (await createUnit(t.db, { regionCode: TOWNSHIP, kind: 'mediation_committee', name: '酒泉路街道人民调解委员会' })).id;
    const signed = await signInAs(t.app, t.db, [{ role: 'mediator', unitId: committeeId }], `mediator_${dialect}`);
    mediator = signed.client;
    mediatorId = signed.user.id;
  });
  afterAll(async () => t.close());

  it('runs from application to signed agreement, judicial confirmation and two follow-ups, with the PDF checked', async () => {
    const { id: caseId, parties } = await disputeAtCommittee();
    const [p1, p2] = parties.map((p) => p.id);
    const notSent = await post(mediator, `/api/v1/cases/${caseId}/mediations`, { committeeUnitId: w.police.id, origin: 'application' });
    expect(notSent.statusCode).toBe(400);
    expect(notSent.json().errors[0].field).toBe('committeeUnitId');

    const opened = await post(mediator, `/api/v1/cases/${caseId}/mediations`, { committeeUnitId: committeeId, origin: 'application', originNote: '李四到调委会申请调解', mediators: [{ userId: mediatorId, how: 'assigned' }] });
    expect(opened.statusCode, opened.body).toBe(201);
    const m = opened.json();
    expect(m).toMatchObject({ status: 'in_progress', origin: 'application', mode: null, allowedSessionModes: [] });
    expect(Date.parse(m.dueAt) - Date.parse(m.acceptedAt)).toBeGreaterThanOrEqual(30 * DAY - DAY);
    const id = m.id as number;

    // No session before the safety screen.
    const early = await step(id, 'sessions', { heldAt: new Date().toISOString(), mode: 'shuttle', attendees: [{ kind: 'party', partyId: p1 }], minutes: '初次接谈', outcome: 'progress' });
    expect(early.statusCode).toBe(409);
    // A fearful party: joint refused, shuttle chosen, and a risk review is raised.
    const joint = await step(id, 'screening', { answers: { fear_of_other_party: 'yes', violence_or_threats: 'no' }, mode: 'joint' });
    expect(joint.statusCode).toBe(400);
    expect(joint.json().errors[0].field).toBe('mode');
    const screened = await step(id, 'screening', { answers: { fear_of_other_party: 'yes', violence_or_threats: 'no', weapon_mentioned: 'no' }, mode: 'shuttle', note: '申请人害怕与对方见面' });
    expect(screened.statusCode, screened.body).toBe(200);
    expect(screened.json()).toMatchObject({ mode: 'shuttle', allowedSessionModes: ['shuttle'], risk: { tier: 'yellow', jointSessionsAllowed: false } });
    const review = (await mediator.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/risk` })).json();
    expect(review.warnings[0]).toMatchObject({ source: 'mediation_screening', status: 'pending_review', reviewRequired: true });

    // A neighbour invited: attends only once both parties consent.
    const invited = await step(id, 'invitees', { name: '王阿姨', relation: 'neighbour', consents: [{ partyId: p1, consented: true }] });
    expect(invited.statusCode, invited.body).toBe(200);
    const inviteeId = invited.json().invitees[0].id as number;
    expect(invited.json().invitees[0].name).toBe('王**');
    const attendees = [{ kind: 'party', partyId: p1 }, { kind: 'party', partyId: p2 }, { kind: 'mediator', userId: mediatorId }, { kind: 'invitee', inviteeId }];
    const noConsent = await step(id, 'sessions', { heldAt: new Date().toISOString(), mode: 'shuttle', attendees, minutes: '分别听取双方意见', outcome: 'progress' });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().errors[0].field).toBe('attendees[3].inviteeId');
    expect((await step(id, `invitees/${inviteeId}/consents`, { partyId: p2, consented: true })).statusCode).toBe(200);
    expect((await step(id, 'sessions', { heldAt: new Date().toISOString(), mode: 'joint', attendees, minutes: 'x', outcome: 'progress' })).statusCode).toBe(409);
    const session = await step(id, 'sessions', { heldAt: new Date().toISOString(), mode: 'shuttle', attendees, minutes: '背对背调解，双方同意清理楼道并互相道歉', outcome: 'agreement_reached' });
    expect(session.statusCode, session.body).toBe(200);

    // The agreement: drafted, signed by both, sealed by the committee.
    const terms = [
      { text: '张三清理楼道内堆放的杂物，恢复通道畅通', how: '张三自行清理，调解员现场查看', dueDate: day(10) },
      { text: '双方互不在楼道堆放物品，如有争议先找社区调解', how: '双方书面承诺', dueDate: day(20) },
    ];
    const drafted = await step(id, 'agreement', { parties: [p1, p2], facts: '张三长期在楼道堆放杂物，李四多次交涉未果，双方发生争吵。', responsibilities: '张三对堵塞通道负主要责任；李四言语过激，负次要责任。', terms });
    expect(drafted.statusCode, drafted.body).toBe(200);
    expect((await step(id, 'agreement/signatures', { partyId: p1 })).statusCode).toBe(200);
    const early2 = await step(id, 'agreement/seal', {});
    expect(early2.statusCode).toBe(409);
    expect(early2.json().missingPartyIds).toEqual([p2]);
    expect((await step(id, 'agreement/signatures', { partyId: p2 })).statusCode).toBe(200);
    expect((await step(id, 'agreement/seal', {}, w.operator)).statusCode).toBe(403);
    const sealed = await step(id, 'agreement/seal', {});
    expect(sealed.statusCode, sealed.body).toBe(200);
    const agreement = sealed.json().agreements.at(-1);
    expect(sealed.json().status).toBe('agreed');
    expect(agreement).toMatchObject({ status: 'effective', sealedBy: `mediator_${dialect}` });
    expect(agreement.signatures.map((s: { partyId: number }) => s.partyId)).toEqual([p1, p2]);
    expect(Date.parse(agreement.confirmationWindowEndsAt) - Date.parse(agreement.effectiveAt)).toBeGreaterThanOrEqual(29 * DAY);

    // The printable agreement, read back as text.
    expect(existsSync(REQUIRED_FONT), `The CJK font ${REQUIRED_FONT} is missing: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), as .ci/run does`).toBe(true);
    const pdf = await mediator.inject({ method: 'GET', url: `/api/v1/mediations/${id}/agreement.pdf` });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, '');
    for (const expected of ['人民调解协议书', '申请人：李四', '被申请人：张三', '酒泉路街道人民调解委员会', '一、张三清理楼道内堆放的杂物，恢复通道畅通', '二、双方互不在楼道堆放物品', '履行方式：双方书面承诺']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('草稿');
    expect((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'mediation.agreement_printed').execute()).length).toBeGreaterThan(0);

    // Judicial confirmation: both parties, within 30 days; acceptance, extension, ruling.
    const one = await step(id, 'judicial-confirmation', { court: '兰州市城关区人民法院', appliedAt: new Date().toISOString(), applicants: [p1] });
    expect(one.statusCode).toBe(400);
    expect(one.json().errors[0].field).toBe('applicants');
    const late = await step(id, 'judicial-confirmation', { court: '兰州市城关区人民法院', appliedAt: new Date(Date.now() + 40 * DAY).toISOString(), applicants: [p1, p2] });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0].field).toBe('appliedAt');
    const applied = await step(id, 'judicial-confirmation', { court: '兰州市城关区人民法院', appliedAt: new Date().toISOString(), applicants: [p1, p2] });
    expect(applied.statusCode, applied.body).toBe(200);
    const jc = applied.json().agreements.at(-1).judicialConfirmation;
    expect(jc.status).toBe('applied');
    expect(Date.parse(jc.acceptDueAt) - Date.parse(jc.appliedAt)).toBeGreaterThanOrEqual(3 * DAY - DAY);
    expect((await step(id, 'judicial-confirmation/accept', { accepted: true, at: new Date().toISOString() })).statusCode).toBe(200);
    const before = (await current(id)).agreements.at(-1).judicialConfirmation.rulingDueAt;
    const extended = await step(id, 'judicial-confirmation/extend', { reason: '案情需进一步核实' });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(Date.parse(extended.json().agreements.at(-1).judicialConfirmation.rulingDueAt) - Date.parse(before)).toBeGreaterThanOrEqual(10 * DAY - DAY);
    expect((await step(id, 'judicial-confirmation/extend', { reason: 'again' })).statusCode).toBe(409);
    const ruled = await step(id, 'judicial-confirmation/rule', { ruling: 'confirmed', at: new Date().toISOString() });
    expect(ruled.json().agreements.at(-1).judicialConfirmation).toMatchObject({ status: 'ruled', ruling: 'confirmed' });

    // The first follow-up is scheduled; the sweep reminds when it is due.
    const scheduled = (await current(id)).followUps;
    expect(scheduled).toHaveLength(1);
    const due = new Date(Date.parse(scheduled[0].dueAt) + 60_000);
    expect((await sweepMediations({ db: t.db }, due)).followUpsDue).toBe(1);
    expect((await sweepMediations({ db: t.db }, due)).followUpsDue).toBe(0);

    // Two follow-ups until every term is performed.
    const [t1, t2] = agreement.terms.map((x: { id: number }) => x.id);
    const first = await step(id, 'follow-ups', { method: 'visit', finding: 'on_track', terms: [{ termId: t1, status: 'performed' }], note: '楼道已清理' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe('agreed');
    expect(first.json().followUps.filter((f: { doneAt: string | null }) => f.doneAt === null)).toHaveLength(1);
    const second = await step(id, 'follow-ups', { method: 'phone', finding: 'on_track', terms: [{ termId: t2, status: 'performed' }], note: '双方未再发生矛盾' });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ status: 'completed', endReason: 'performed' });
    expect(second.json().agreements.at(-1).status).toBe('performed');

    // Every step is on the case's own timeline, and the case's state was never touched.
    const timeline = (await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json().items as Array<{ action: string; toStatus: string }>;
    const actions = timeline.map((e) => e.action);
    for (const a of ['mediation_opened', 'mediation_screening', 'mediation_invitee', 'mediation_session', 'mediation_agreement_drafted', 'mediation_agreement_signed', 'mediation_agreement_effective', 'mediation_judicial_confirmation', 'mediation_follow_up', 'mediation_completed']) {
      expect(actions).toContain(a);
    }
    expect(new Set(timeline.filter((e) => e.action.startsWith('mediation_')).map((e) => e.toStatus))).toEqual(new Set(['acknowledged']));
  });

  it('a breach at follow-up reopens the mediation and raises a reviewed risk warning naming the agreement rule', async () => {
    const { id: caseId, parties } = await disputeAtCommittee([
      { name: '孙七', phone: '13600000001', role: 'applicant' },
      { name: '周八', phone: '13600000002', role: 'respondent' },
    ]);
    const [p1, p2] = parties.map((p) => p.id);
    const id = (await post(mediator, `/api/v1/cases/${caseId}/mediations`, { committeeUnitId: committeeId, origin: 'initiative' })).json().id as number;
    expect((await step(id, 'screening', { answers: { fear_of_other_party: 'no' }, mode: 'joint' })).statusCode).toBe(200);
    expect((await step(id, 'agreement', { parties: [p1, p2], facts: '漏水', responsibilities: '周八', terms: [{ text: '周八维修水管', how: '请维修工', dueDate: day(5) }] })).statusCode).toBe(200);
    await step(id, 'agreement/signatures', { partyId: p1 });
    await step(id, 'agreement/signatures', { partyId: p2 });
    expect((await step(id, 'agreement/seal', {})).statusCode).toBe(200);
    const termId = (await current(id)).agreements.at(-1).terms[0].id;
    const breach = await step(id, 'follow-ups', { method: 'visit', finding: 'breach', terms: [{ termId, status: 'breached' }], note: '周八拒不维修，双方再起争执' });
    expect(breach.statusCode, breach.body).toBe(200);
    expect(breach.json()).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    const risk = (await mediator.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/risk` })).json();
    expect(risk.warnings[0]).toMatchObject({ source: 'mediation_breach', status: 'pending_review', reviewRequired: true, tier: 'yellow' });
    expect(risk.warnings[0].factors.rules.map((r: { key: string; cases: Array<{ id: number }> }) => [r.key, r.cases.map((c) => c.id)])).toEqual([['agreement-breached', [caseId]]]);
  });

  it('an overdue mediation is flagged once, supervised on the case and shown on its timeline; a refusal ends another', async () => {
    const { id: caseId } = await disputeAtCommittee([
      { name: '吴九', phone: '13500000001', role: 'applicant' },
      { name: '郑十', phone: '13500000002', role: 'respondent' },
    ]);
    const id = (await post(mediator, `/api/v1/cases/${caseId}/mediations`, { committeeUnitId: committeeId, origin: 'referral', originNote: '派出所转来' })).json().id as number;
    const dueAt = Date.parse((await current(id)).dueAt);
    const near = await sweepMediations({ db: t.db }, new Date(dueAt - 2 * DAY));
    expect(near.reminded).toBeGreaterThanOrEqual(1);
    const after = new Date(dueAt + DAY);
    expect((await sweepMediations({ db: t.db }, after)).overdue).toBeGreaterThanOrEqual(1);
    expect((await sweepMediations({ db: t.db }, after)).overdue).toBe(0);
    expect((await current(id)).overdue).toBe(true);
    const supervisions = await t.db.selectFrom('supervisions').select(['kind', 'reason']).where('case_id', '=', caseId).execute();
    expect(supervisions).toEqual([expect.objectContaining({ kind: 'overdue' })]);
    const timeline = (await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json().items.map((e: { action: string }) => e.action);
    expect(timeline).toContain('mediation_overdue');

    const parties = (await current(id)).parties as Array<{ id: number }>;
    const refused = await step(id, 'refuse', { partyId: parties[1]?.id, note: '被申请人明确表示不同意调解' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'refused', endReason: 'refused' });
    // A refusal is never a risk factor: nothing was evaluated or raised for this case.
    const risk = (await mediator.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/risk` })).json();
    expect([risk.assessments, risk.warnings]).toEqual([[], []]);
  });

  it('the agreement template is editable; unknown placeholders are rejected naming the block', async () => {
    const head = (await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.townshipCenterId }])).client;
    const template = (await head.inject({ method: 'GET', url: '/api/v1/mediation/agreement-template' })).json();
    const bad = { ...template, version: template.version + 1, blocks: [...template.blocks, { type: 'paragraph', text: '身份证：{{party.idNumber}}' }] };
    const rejected = await head.inject({ method: 'PUT', url: '/api/v1/mediation/agreement-template', payload: bad });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().errors[0].field).toBe(`blocks[${template.blocks.length}].text`);
    const good = { ...template, version: template.version + 1, title: '人民调解协议书（新版）' };
    expect((await head.inject({ method: 'PUT', url: '/api/v1/mediation/agreement-template', payload: good })).statusCode).toBe(200);
    expect((await head.inject({ method: 'PUT', url: '/api/v1/mediation/agreement-template', payload: good })).statusCode).toBe(409);
  });
});
