// Group commit for SQLite: units of work that queue up while the single connection is busy are run in
// ONE transaction, each inside its own savepoint, and answered after its COMMIT. A unit that throws is
// rolled back to its savepoint and rejected; the others are unaffected. If the transaction itself fails
// (the COMMIT, or an error that ends the transaction), every unit of the batch is rejected: nothing was
// written for any of them. Callers see exactly what one transaction per unit would give them, with one
// COMMIT (SQLite's largest per-write cost: writing the WAL frames) shared by the batch.
//
// PostgreSQL has real concurrent connections, so there each unit simply gets its own transaction.
import { sql } from 'kysely';
import { type Db, dialectOf } from './database.js';

type Work<T> = (trx: Db) => Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitStats {
  batches: number;
  units: number;
  largestBatch: number;
}

export class GroupCommit {
  readonly #db: Db;
  readonly #maxBatch: number;
  readonly #queue: Job[] = [];
  #draining = false;
  readonly stats: GroupCommitStats = { batches: 0, units: 0, largestBatch: 0 };

  constructor(db: Db, maxBatch = 64) {
    this.#db = db;
    this.#maxBatch = maxBatch;
  }

  /** Runs `work` in a transaction shared with whatever else is queued; resolves after the COMMIT. */
  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) {
        this.#draining = true;
        // Start on the next turn of the event loop, not now: requests that arrived with this one are
        // still reading (sign-in, checks) on the one connection; by the next turn they have queued
        // their work too, and the batch takes them all. Asking for the connection at once would put
        // the batch ahead of their reads and leave it with this unit alone.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        await this.#batch();
        if (this.#queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.#draining = false;
    }
  }

  async #batch(): Promise<void> {
    const taken: Job[] = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.#db.transaction().execute(async (trx) => {
        // Take the queue only once the connection is ours: everything that arrived while we waited
        // for it joins this batch.
        while (this.#queue.length > 0 && taken.length < this.#maxBatch) {
          const job = this.#queue.shift() as Job;
          taken.push(job);
          await sql`savepoint pingan_unit`.execute(trx);
          try {
            const value = await job.work(trx);
            await sql`release savepoint pingan_unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            // Undo this unit only. If the transaction is gone (SQLite ends it on some errors), this
            // throws and the whole batch is rejected below.
            await sql`rollback to savepoint pingan_unit`.execute(trx);
            await sql`release savepoint pingan_unit`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of taken) job.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.units += taken.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, taken.length);
    for (const [i, job] of taken.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    }
  }
}

const committers = new WeakMap<Db, GroupCommit>();

/** The group committer of this database (SQLite), created on first use. */
export function groupCommitOf(db: Db): GroupCommit {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommit(db);
    committers.set(db, committer);
  }
  return committer;
}

/**
 * Runs `work` in a transaction: on SQLite a transaction shared with other queued units (group commit),
 * on PostgreSQL its own. Either way `work` sees only its own effects rolled back if it throws.
 */
export function inWriteTransaction<T>(db: Db, work: Work<T>): Promise<T> {
  if (dialectOf(db) === 'sqlite') return groupCommitOf(db).run(work);
  return db.transaction().execute(work);
}
