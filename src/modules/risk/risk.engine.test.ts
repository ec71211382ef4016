import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { identifierHit, scanDefinition, textHit } from './never-list.js';
import { type Instrument, type Rule, checkDefinition } from './risk.definitions.js';
import { evaluateRules, scoreInstrument, validateAnswers } from './risk.engine.js';
import { FACT_WHITELIST, toRiskFacts } from './risk.facts.js';

const data = path.resolve(import.meta.dirname, '../../../data/risk');
const checklist = () => JSON.parse(readFileSync(path.join(data, 'instruments/dispute-red-flags.v1.json'), 'utf8')) as Instrument;
const rule = (file: string) => JSON.parse(readFileSync(path.join(data, 'rules', file), 'utf8')) as Rule;

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('never-list', () => {
  it('finds forbidden fields in identifiers, in English, pinyin and Chinese', () => {
    expect(identifierHit('partyEthnicity')?.field).toBe('ethnicity');
    expect(identifierHit('hukou_origin')?.field).toBe('household_registration_origin');
    expect(identifierHit('xinfang_count')?.field).toBe('petition_or_hotline_history');
    expect(identifierHit('民族')?.field).toBe('ethnicity');
    expect(identifierHit('channel')?.field).toBe('petition_or_hotline_history');
    expect(identifierHit('threat_to_kill')).toBeUndefined();
    expect(textHit('对方是否有宗教信仰？')?.field).toBe('religion');
    expect(textHit('Has the party petitioned the county before?')?.field).toBe('petition_or_hotline_history');
    expect(textHit('Has anyone threatened to kill the other party?')).toBeUndefined();
  });

  it('accepts the shipped checklist, rules and tier table', () => {
    expect(() => checkDefinition('instrument', checklist())).not.toThrow();
    for (const f of ['incidents-3-in-12m.v1.json', 'repeat-dispute-same-parties.v1.json', 'severity-escalation.v1.json', 'agreement-breached.v1.json', 'crisis-linked.v1.json']) {
      expect(() => checkDefinition('rule', rule(f))).not.toThrow();
    }
    expect(() => checkDefinition('tiers', JSON.parse(readFileSync(path.join(data, 'tiers.v1.json'), 'utf8')))).not.toThrow();
  });

  it('rejects an instrument item that asks about a never-list field, naming the field', () => {
    const bad = checklist();
    bad.items.push({ id: 'household_income', text: '家庭月收入是多少？', answer: 'yes_no' });
    const error = rejection(() => checkDefinition('instrument', bad));
    expect(error.status).toBe(400);
    expect(error.errors?.map((e) => e.field)).toEqual([`items[${bad.items.length - 1}].id`, `items[${bad.items.length - 1}].text`]);
    expect(error.message).toContain('income');
  });

  it('rejects unknown keys that name a never-list field before the schema sees them', () => {
    const bad = { ...rule('incidents-3-in-12m.v1.json'), params: { windowMonths: 12, minCases: 3, channels: ['petition'] } };
    const error = rejection(() => checkDefinition('rule', bad));
    expect(error.errors?.map((e) => e.field)).toContain('params.channels');
    expect(scanDefinition({ nested: [{ religionOfParty: 1 }] }, { schemaKeys: new Set(), questionKeys: new Set(), proseKeys: new Set() })[0]?.path).toBe('nested[0].religionOfParty');
  });
});

describe('facts whitelist', () => {
  it('copies only whitelisted fields and freezes them, whatever it is handed', () => {
    const facts = toRiskFacts({
      subjectCaseId: 1,
      now: '2026-11-27T00:00:00.000Z',
      cases: [{ caseId: 1, kind: 'dispute', at: '2026-11-01T00:00:00.000Z', priority: 'normal', assessedTier: null, sharedParties: 2, isSubject: true, ethnicity: '汉', channel: 'petition', name: '张三', refusedMediation: true }],
      agreements: [{ caseId: 1, agreementId: 9, breachedAt: '2026-11-02T00:00:00.000Z', income: 1000 }],
    });
    expect(Object.keys(facts.cases[0] ?? {}).sort()).toEqual([...FACT_WHITELIST.case].sort());
    expect(Object.keys(facts.agreements[0] ?? {}).sort()).toEqual([...FACT_WHITELIST.agreement].sort());
    expect(Object.isFrozen(facts.cases[0])).toBe(true);
    expect(JSON.stringify(facts)).not.toMatch(/汉|petition|张三|refused|income/);
  });
});

describe('engine', () => {
  const now = '2026-11-27T00:00:00.000Z';
  const c = (caseId: number, daysAgo: number, extra: Partial<{ kind: string; priority: string; sharedParties: number; isSubject: boolean }> = {}) => ({
    caseId,
    kind: 'dispute',
    at: new Date(Date.parse(now) - daysAgo * 86_400_000).toISOString(),
    priority: 'normal',
    assessedTier: null,
    sharedParties: 2,
    isSubject: false,
    ...extra,
  });

  it('a threat to kill floors the checklist at orange with review required; with weapon access it is red', () => {
    const inst = checklist();
    const orange = scoreInstrument(inst, validateAnswers(inst, { threat_to_kill: 'yes', incidents_3_in_12m: 'yes', prior_violence: 'no' }));
    expect([orange.tier, orange.reviewRequired, orange.score]).toEqual(['orange', true, 2]);
    expect(orange.items.map((i) => i.id)).toEqual(['threat_to_kill', 'incidents_3_in_12m']);
    const red = scoreInstrument(inst, validateAnswers(inst, { threat_to_kill: 'yes', weapon_access: 'yes' }));
    expect(red.tier).toBe('red');
    const calm = scoreInstrument(inst, validateAnswers(inst, { stalking_contact: 'yes' }));
    expect([calm.tier, calm.reviewRequired]).toEqual(['blue', false]);
  });

  it('answers to unknown items or of the wrong type are 400 naming the item', () => {
    const error = rejection(() => validateAnswers(checklist(), { threat_to_kill: 'maybe', religion: 'yes' }));
    expect(error.errors?.map((e) => e.field)).toEqual(['answers.threat_to_kill', 'answers.religion']);
  });

  it('counts incidents in the window, names their cases, and lets the stronger rule hide the weaker', () => {
    const rules = [rule('incidents-3-in-12m.v1.json'), rule('repeat-dispute-same-parties.v1.json')];
    const facts = toRiskFacts({ subjectCaseId: 3, now, cases: [c(3, 0, { isSubject: true }), c(2, 40), c(1, 200), c(7, 400)], agreements: [] });
    const fired = evaluateRules(rules, facts);
    expect(fired.map((r) => [r.key, r.caseIds])).toEqual([['incidents-3-in-12m', [1, 2, 3]]]);
    const two = toRiskFacts({ subjectCaseId: 3, now, cases: [c(3, 0, { isSubject: true }), c(2, 40)], agreements: [] });
    expect(evaluateRules(rules, two).map((r) => [r.key, r.caseIds])).toEqual([['repeat-dispute-same-parties', [2, 3]]]);
  });

  it('fires on rising severity, a breached agreement and a linked crisis case', () => {
    const facts = toRiskFacts({
      subjectCaseId: 3,
      now,
      cases: [c(3, 0, { isSubject: true, priority: 'urgent' }), c(2, 30, { priority: 'high' }), c(1, 60), c(5, 10, { kind: 'crisis', sharedParties: 1 })],
      agreements: [{ caseId: 2, agreementId: 4, breachedAt: new Date(Date.parse(now) - 5 * 86_400_000).toISOString() }],
    });
    const fired = evaluateRules([rule('severity-escalation.v1.json'), rule('agreement-breached.v1.json'), rule('crisis-linked.v1.json')], facts);
    expect(fired.map((r) => [r.key, r.caseIds])).toEqual([
      ['severity-escalation', [1, 2, 3]],
      ['agreement-breached', [2]],
      ['crisis-linked', [3, 5]],
    ]);
  });
});
