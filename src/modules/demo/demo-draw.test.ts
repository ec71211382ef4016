// The generator's building blocks: reproducible randomness, the day plan, identity numbers, text.
import { describe, expect, it } from 'vitest';
import { formatTrackingCode } from '../cases/cases.intake.js';
import { planDays, intakeTimes } from './demo-draw.js';
import { CATEGORY_TEXT, caseText, idNumber } from './demo-text.js';
import { AliasTable, Rng } from './prng.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed and stream, another for another stream', () => {
    const a = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(42, 7)));
    const b = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(42, 7)));
    const c = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(42, 8)));
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('samples an alias table in proportion to the weights', () => {
    const rng = new Rng(1);
    const table = new AliasTable([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const k = table.sample(rng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeGreaterThan(2.7);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeLessThan(3.3);
  });
});

describe('planDays', () => {
  const now = Date.parse('2026-11-27T09:30:00Z'); // 17:30 in Gansu

  it('spreads exactly N cases over the days, none after now, more on Mondays than on Sundays', () => {
    const days = planDays(new Rng(3), 100_000, now, 730);
    expect(days).toHaveLength(730);
    expect(days.reduce((s, d) => s + d.count, 0)).toBe(100_000);
    expect(days.at(-1)).toMatchObject({ day: '2026-11-27', hours: 17 });
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const d of days) { const w = new Date(`${d.day}T00:00:00Z`).getUTCDay(); byWeekday[w] = (byWeekday[w] ?? 0) + d.count; }
    expect(byWeekday[1]).toBeGreaterThan((byWeekday[0] ?? 0) * 1.3);
    for (const d of days) for (const t of intakeTimes(new Rng(9), d)) expect(t).toBeLessThan(now);
  });

  it('takes intake times inside their day, sorted, never on a whole minute (those belong to the sweep)', () => {
    const day = planDays(new Rng(3), 5_000, now, 30)[10];
    if (!day) throw new Error('no day');
    const times = intakeTimes(new Rng(4), day);
    expect(times).toHaveLength(day.count);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(day.start);
      expect(t).toBeLessThan(day.start + 86_400_000);
      expect(t % 60_000).not.toBe(0);
    }
  });
});

describe('demo text', () => {
  it('makes identity numbers with the county prefix and a valid GB 11643 check digit', () => {
    const rng = new Rng(5);
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (let i = 0; i < 50; i++) {
      const id = idNumber(rng, '620102001001');
      expect(id).toMatch(/^620102\d{11}[\dX]$/);
      const sum = [...id.slice(0, 17)].reduce((s, c, k) => s + Number(c) * (weights[k] ?? 0), 0);
      expect(id[17]).toBe('10X98765432'[sum % 11]);
    }
  });

  it('has titles and descriptions for every category, with no slot left unfilled', () => {
    const rng = new Rng(6);
    for (const code of Object.keys(CATEGORY_TEXT)) {
      const { title, description } = caseText(rng, code, '畅家巷社区居委会');
      expect(title.length).toBeGreaterThan(3);
      expect(`${title}${description}`).not.toMatch(/[{}]/);
    }
  });

  it('numbers tracking codes like intake', () => {
    expect(formatTrackingCode('GS', '2026-11-27', 12)).toBe('GS2611270012');
  });
});
