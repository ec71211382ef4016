import { describe, expect, it } from 'vitest';
import { type RollupSums, changeOf, comparedPeriods, emptySums, handlingQuantileHours, isCalendarDate, isWithinThreeYears, measuresOf, ratio, shiftYears } from './summary-measures.js';

const sums = (values: Partial<RollupSums>): RollupSums => ({ ...emptySums(), ...values });

describe('rates', () => {
  it('divide, and are null (not 0, not NaN) when the denominator is 0', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    const m = measuresOf(emptySums());
    expect([m.responseRate, m.resolutionRate, m.satisfactionRate, m.onTimeRate, m.medianHandlingHours, m.p90HandlingHours]).toEqual([null, null, null, null, null, null]);
  });

  it('follow docs/metrics.md: response = on-time lead acks / dispatches; resolution = resolved / (received − rejected − merged); satisfaction = (satisfied + basically) / followed up', () => {
    const m = measuresOf(sums({ dispatched: 4, ack_on_time: 3, acknowledged: 4, received: 10, rejected: 1, merged: 1, resolved: 6, resolved_on_time: 3, followed_up: 5, satisfied: 2, basically_satisfied: 1, unsatisfied: 2 }));
    expect(m.responseRate).toBe(0.75);
    expect(m.resolutionRate).toBe(0.75);
    expect(m.satisfactionRate).toBe(0.6);
    expect(m.onTimeRate).toBe(0.5);
    expect(m.acknowledgedOnTime).toBe(3);
  });

  it('treat a non-positive resolution denominator as nothing to judge', () => {
    expect(measuresOf(sums({ received: 1, rejected: 2, resolved: 1 })).resolutionRate).toBeNull();
  });
});

describe('handling-time quantiles from the histogram', () => {
  it('interpolate inside the bucket holding rank q·n', () => {
    // One resolution in h8 = [360, 720) hours.
    expect(handlingQuantileHours(sums({ h8: 1 }), 0.5)).toBe(540);
    expect(handlingQuantileHours(sums({ h8: 1 }), 0.9)).toBeCloseTo(684, 9);
    // 10 resolutions: 4 in h0 [0,1), 4 in h2 [4,24), 2 in h4 [48,72).
    const s = sums({ h0: 4, h2: 4, h4: 2 });
    // median rank 5: 1 into the 4 of h2 → 4 + 1/4 × 20 = 9 h
    expect(handlingQuantileHours(s, 0.5)).toBe(9);
    // p90 rank 9: 1 into the 2 of h4 → 48 + 1/2 × 24 = 60 h
    expect(handlingQuantileHours(s, 0.9)).toBe(60);
  });

  it('report the open last bucket as its lower bound, and null when nothing was resolved', () => {
    expect(handlingQuantileHours(sums({ h9: 3 }), 0.5)).toBe(720);
    // rank 9 of 10 is the last of the 9 in h0 [0, 1): its upper bound.
    expect(handlingQuantileHours(sums({ h0: 9, h9: 1 }), 0.9)).toBe(1);
    expect(handlingQuantileHours(sums({ h0: 1, h9: 9 }), 0.9)).toBe(720);
    expect(handlingQuantileHours(emptySums(), 0.5)).toBeNull();
  });
});

describe('changes', () => {
  it('are absolute and relative; relative is null on a zero base; both null when a side is null', () => {
    const current = measuresOf(sums({ received: 6, followed_up: 2, satisfied: 1 }));
    const base = measuresOf(sums({ received: 4 }));
    const change = changeOf(current, base);
    expect(change.received).toEqual({ absolute: 2, relative: 0.5 });
    expect(change.followedUp).toEqual({ absolute: 2, relative: null });
    expect(change.satisfactionRate).toEqual({ absolute: null, relative: null });
  });
});

describe('periods', () => {
  it('compare with the previous period of equal length and the same dates last year', () => {
    expect(comparedPeriods('2026-03-01', '2026-03-31')).toEqual({
      current: { from: '2026-03-01', to: '2026-03-31' },
      previous: { from: '2026-01-29', to: '2026-02-28' },
      lastYear: { from: '2025-03-01', to: '2025-03-31' },
    });
    expect(comparedPeriods('2026-03-10', '2026-03-10').previous).toEqual({ from: '2026-03-09', to: '2026-03-09' });
    expect(shiftYears('2024-02-29', -1)).toBe('2023-02-28');
  });

  it('check real dates and the three-year limit', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isWithinThreeYears('2024-01-01', '2026-12-31')).toBe(true);
    expect(isWithinThreeYears('2024-01-01', '2027-01-01')).toBe(false);
  });
});
