// One poller per process reads new outbox rows (every POLL_MS, in id order, waiting at holes; see
// outbox-cursor.ts) and offers them to every connected listener, which writes the rows its caller
// may see. A listener resuming from Last-Event-ID first replays the rows it missed from the
// database while live rows queue behind it, so it sees each row once and in order. The poller runs
// only while someone listens.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { CaseScope } from '../cases/cases.policy.js';
import { type GapState, noGap, takeContiguous } from './outbox-cursor.js';
import * as repo from './events.repository.js';
import { type CaseFactsForStream, type StreamRow, rowVisibleTo } from './events.visibility.js';

export const POLL_MS = 500;
export const HEARTBEAT_MS = 15_000;
const BATCH = 500;
/** A listener further behind than this many rows skips ahead and is told to reload. */
export const MAX_BACKLOG = 10_000;
/** A listener whose unsent output exceeds this is disconnected (it resumes with Last-Event-ID). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

type Facts = ReadonlyMap<number, CaseFactsForStream>;

/** Where a listener's text goes: the HTTP response, in production. */
export interface StreamSink {
  write(chunk: string): boolean;
  readonly writableLength: number;
  end(): void;
}

export interface ListenerSpec {
  scope: CaseScope;
  isAdmin: boolean;
  credential: { sessionId?: string; tokenId?: number };
  sink: StreamSink;
}

/** The text of one server-sent event. Payloads are single-line JSON, so one data line suffices. */
export function formatEvent(row: StreamRow): string {
  return `id: ${row.id}\nevent: ${row.topic}\ndata: ${row.payload.replace(/[\r\n]+/g, ' ')}\n\n`;
}

class Listener {
  cursor: number;
  private queue: Array<{ rows: StreamRow[]; facts: Facts }> | null = [];
  closed = false;

  constructor(
    readonly spec: ListenerSpec,
    start: number,
    private readonly onClose: (l: Listener) => void,
  ) {
    this.cursor = start;
  }

  /** Live rows: queued while the listener replays its backlog, written otherwise. */
  offer(rows: StreamRow[], facts: Facts): void {
    if (this.queue) this.queue.push({ rows, facts });
    else this.deliver(rows, facts);
  }

  deliver(rows: readonly StreamRow[], facts: Facts): void {
    for (const row of rows) {
      if (this.closed) return;
      if (row.id <= this.cursor) continue;
      this.cursor = row.id;
      if (rowVisibleTo(this.spec.scope, this.spec.isAdmin, row, facts)) this.write(formatEvent(row));
    }
  }

  /** Ends the replay: writes what queued up meanwhile and goes live. */
  goLive(): void {
    const queued = this.queue ?? [];
    this.queue = null;
    for (const { rows, facts } of queued) this.deliver(rows, facts);
  }

  write(text: string): void {
    if (this.closed) return;
    this.spec.sink.write(text);
    if (this.spec.sink.writableLength > MAX_BUFFERED_BYTES) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.spec.sink.end();
    this.onClose(this);
  }
}

export interface HubOptions {
  pollMs?: number;
  heartbeatMs?: number;
}

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private head = 0;
  private gap: GapState = noGap;
  private started: Promise<void> | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private closing = false;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    options: HubOptions = {},
  ) {
    this.pollMs = options.pollMs ?? POLL_MS;
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Connects a listener. Without `lastEventId` it hears rows from now on; with it, first every row
   * after that id (at most MAX_BACKLOG of them). Returns a function that disconnects it.
   */
  async connect(spec: ListenerSpec, lastEventId?: number): Promise<() => void> {
    if (this.closing) throw new Error('the event hub is closing');
    await this.start();
    const head = this.head;
    let from = lastEventId === undefined ? head : Math.min(lastEventId, head);
    const skipped = head - from > MAX_BACKLOG ? { skippedFrom: from, skippedTo: head - MAX_BACKLOG } : undefined;
    if (skipped) from = skipped.skippedTo;
    const listener = new Listener(spec, from, (l) => this.listeners.delete(l));
    this.listeners.add(listener);
    // The first bytes go out only now, so a client that has them is known to be listening.
    listener.write('retry: 3000\n: connected\n\n');
    if (skipped) listener.write(`event: stream.reset\ndata: ${JSON.stringify(skipped)}\n\n`);
    try {
      while (listener.cursor < head && !listener.closed) {
        const rows = await repo.findOutboxAfter(this.db, listener.cursor, BATCH, head);
        if (rows.length === 0) break;
        listener.deliver(rows, await this.factsFor(rows));
        // Rows the reader skipped as holes are not there to read; move past them anyway.
        if (rows.length < BATCH) listener.cursor = Math.max(listener.cursor, head);
      }
      listener.cursor = Math.max(listener.cursor, head);
      listener.goLive();
    } catch (error) {
      listener.close();
      throw error;
    }
    return () => listener.close();
  }

  private async factsFor(rows: readonly StreamRow[]): Promise<Facts> {
    return repo.findCaseFacts(this.db, rows.flatMap((r) => (r.caseId === null ? [] : [r.caseId])));
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      this.head = await repo.maxOutboxId(this.db);
      this.gap = noGap;
      this.pollTimer = setInterval(() => this.tick(), this.pollMs);
      this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
      this.pollTimer.unref();
      this.heartbeatTimer.unref();
    })().catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    return this.started;
  }

  /** Stops polling when nobody listens; the next listener starts it again from the newest row. */
  private stopIfIdle(): void {
    if (this.listeners.size > 0 || this.polling) return;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.pollTimer = null;
    this.heartbeatTimer = null;
    this.started = null;
  }

  private tick(): void {
    if (this.polling || this.closing) return;
    if (this.listeners.size === 0) {
      this.stopIfIdle();
      return;
    }
    this.polling = this.poll()
      .then(() => undefined)
      .catch((error: unknown) => this.log.error({ err: error }, 'event stream poll failed'))
      .finally(() => {
        this.polling = null;
      });
  }

  /** Reads what is new since the head and offers it to every listener. Exposed for tests. */
  async poll(now = new Date()): Promise<number> {
    let offered = 0;
    for (;;) {
      const rows = await repo.findOutboxAfter(this.db, this.head, BATCH);
      const taken = takeContiguous(rows, this.head, this.gap, now);
      this.gap = taken.gap;
      if (taken.rows.length === 0) return offered;
      const facts = await this.factsFor(taken.rows);
      this.head = taken.last;
      for (const listener of [...this.listeners]) listener.offer(taken.rows, facts);
      offered += taken.rows.length;
      if (rows.length < BATCH || taken.rows.length < rows.length) return offered;
    }
  }

  /** A comment line keeps proxies from closing an idle stream; a signed-out caller is cut off. */
  private async heartbeat(): Promise<void> {
    const now = new Date().toISOString();
    for (const listener of [...this.listeners]) {
      try {
        if (!(await repo.isCredentialLive(this.db, listener.spec.credential, now))) {
          listener.close();
          continue;
        }
        listener.write(`: heartbeat ${now}\n\n`);
      } catch (error) {
        this.log.warn({ err: error }, 'event stream heartbeat failed');
      }
    }
  }

  /** Ends every stream (before the server waits for its connections) and stops the timers. */
  async close(): Promise<void> {
    this.closing = true;
    for (const listener of [...this.listeners]) listener.close();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.pollTimer = null;
    this.heartbeatTimer = null;
    await this.polling;
  }
}
