// Reading the outbox in id order without skipping a row that commits late. On PostgreSQL ids come
// from a sequence when a row is inserted, not when its transaction commits, so id 11 can be
// visible while id 10 is still in flight; a reader that jumped to 11 would never see 10. Readers
// therefore stop at a hole and wait; a hole that stays open for GAP_GRACE_MS is taken to be a
// rolled-back transaction and skipped. SQLite has one writer and no holes, so this never waits there.

/** How long a hole in the outbox ids may stay open before it is taken for a rollback. */
export const GAP_GRACE_MS = 20_000;

export interface GapState {
  /** The first missing id the reader is waiting for, if any. */
  gapId: number | null;
  /** When the reader first saw that hole (ISO time). */
  gapSeenAt: string | null;
}

export const noGap: GapState = Object.freeze({ gapId: null, gapSeenAt: null });

/**
 * The rows (sorted by id, all > `after`) a reader may take now, the new cursor and the hole it
 * waits on. Stops before a hole younger than `graceMs`; skips older holes.
 */
export function takeContiguous<T extends { id: number }>(
  rows: readonly T[],
  after: number,
  gap: GapState,
  now: Date,
  graceMs = GAP_GRACE_MS,
): { rows: T[]; last: number; gap: GapState } {
  const taken: T[] = [];
  let expected = after + 1;
  for (const row of rows) {
    if (row.id < expected) continue;
    if (row.id > expected) {
      const sameHole = gap.gapId === expected && gap.gapSeenAt !== null;
      const seenAt = sameHole && gap.gapSeenAt !== null ? gap.gapSeenAt : now.toISOString();
      if (now.getTime() - Date.parse(seenAt) < graceMs) {
        return { rows: taken, last: expected - 1, gap: { gapId: expected, gapSeenAt: seenAt } };
      }
    }
    taken.push(row);
    expected = row.id + 1;
  }
  return { rows: taken, last: expected - 1, gap: noGap };
}
