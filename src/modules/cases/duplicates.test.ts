// Possible duplicates: the fast comparison gives exactly the numbers of the bigram sets, and intake
// answers with them (found after its commit, or stored with its Idempotency-Key for the replay).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VILLAGE } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { systemActor } from '../auth/actor.js';
import { intakeCase } from './cases.intake.js';
import type { CreateCaseInput } from './cases.schemas.js';
import { bigrams, similarity, similarityTo } from './duplicates.js';

// Han, Latin in both cases, punctuation, white space, symbols, an emoji, Greek sigmas, 'İ' (two code
// points in lower case), a combining dot, Deseret (astral, cased) and a lone surrogate.
const ALPHABET = ['漏', '水', '楼', '上', '电', '梯', '噪', '音', 'a', 'A', 'b', 'B', '，', '。', ' ', '\n', '!', '+', '😀', 'Σ', 'σ', 'ς', 'İ', 'i', '\u0307', '𐐀', '𐐨', '\ud800', '1'];

function randomTexts(count: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  return Array.from({ length: count }, () => {
    const length = next() % 12;
    let text = '';
    for (let i = 0; i < length; i++) text += ALPHABET[next() % ALPHABET.length];
    return text;
  });
}

describe('similarityTo', () => {
  it('gives the Dice coefficient of the bigram sets, to the last bit, whatever the characters', () => {
    const texts = ['', '漏', 'İ', 'i\u0307', '楼上卫生间漏水', ...randomTexts(400, 7)];
    let compared = 0;
    for (const text of texts.slice(0, 80)) {
      const similar = similarityTo(text);
      const mine = bigrams(text);
      for (const other of texts) {
        expect(similar(other), `${JSON.stringify(text)} ~ ${JSON.stringify(other)}`).toBe(similarity(mine, bigrams(other)));
        compared++;
      }
    }
    expect(compared).toBe(80 * texts.length);
  });

  it('ignores punctuation, white space and case, and scores shared bigrams', () => {
    expect(similarityTo('楼上漏水')('楼上，漏水！')).toBe(1);
    expect(similarityTo('AB cd')('abcd')).toBe(1);
    // 楼上 上漏 漏水 against 楼上 上漏 漏水 水了: 2·3 / (3 + 4).
    expect(similarityTo('楼上漏水')('楼上漏水了')).toBe(6 / 7);
    expect(similarityTo('')('楼上')).toBe(0);
  });
});

describe.each(testDialects())('duplicates at intake on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());
  const ctx = () => ({ config: t.config, db: t.db, dialect: t.dialect, log: t.app.log });
  const actor = systemActor('test');
  const report = (title: string, description: string): CreateCaseInput => ({ kind: 'complaint', channel: 'hotline', categoryCode: '0203', regionCode: VILLAGE, title, description });

  it('answers with the similar open cases of the village, most similar first', async () => {
    const first = await intakeCase(ctx(), actor, report('三号楼楼上卫生间漏水', '楼上卫生间漏水严重，天花板滴水'));
    const unrelated = await intakeCase(ctx(), actor, report('广场舞噪音扰民', '每晚广场舞音响声音太大'));
    const second = await intakeCase(ctx(), actor, report('三号楼卫生间漏水', '楼上卫生间漏水，天花板一直滴水'));
    expect(first.body.duplicates).toEqual([]);
    expect(unrelated.body.duplicates).toEqual([]);
    expect(second.body.duplicates.map((d) => d.id)).toEqual([first.body.id]);
    expect(second.body.duplicates[0]?.similarity).toBeGreaterThanOrEqual(0.35);
    const third = await intakeCase(ctx(), actor, report('三号楼楼上卫生间漏水', '楼上卫生间漏水严重，天花板滴水'));
    // The same text as the first scores 1 and leads; the second follows.
    expect(third.body.duplicates.map((d) => [d.id, d.similarity >= 1])).toEqual([
      [first.body.id, true],
      [second.body.id, false],
    ]);
  });

  it('replays a keyed intake with the duplicates of its first answer, not those found since', async () => {
    const input = report('菜市场门口垃圾堆积', '菜市场门口垃圾堆积多日无人清运，气味难闻');
    const keyed = await intakeCase(ctx(), actor, input, { idempotencyKey: 'dup-replay-1' });
    expect(keyed.body.duplicates).toEqual([]);
    const later = await intakeCase(ctx(), actor, report('菜市场门口垃圾堆积', '菜市场门口垃圾堆积，无人清运'));
    expect(later.body.duplicates.map((d) => d.id)).toEqual([keyed.body.id]);
    const replayed = await intakeCase(ctx(), actor, input, { idempotencyKey: 'dup-replay-1' });
    expect(replayed.replayed).toBe(true);
    expect(replayed.body).toEqual(keyed.body);
    // A keyed intake made after both stores the two it found, and its replay gives them back.
    const again = report('菜市场门口垃圾堆积', '菜市场门口垃圾堆积多日无人清运');
    const third = await intakeCase(ctx(), actor, again, { idempotencyKey: 'dup-replay-2' });
    expect(new Set(third.body.duplicates.map((d) => d.id))).toEqual(new Set([keyed.body.id, later.body.id]));
    expect((await intakeCase(ctx(), actor, again, { idempotencyKey: 'dup-replay-2' })).body).toEqual(third.body);
  });
});
