// One EventSource on /api/v1/events/stream for the whole console, shared by every screen that
// wants live updates (menu counts, worklists, the dispatch board). It opens with the first
// subscriber and closes with the last (so signing out ends it), resumes after a drop (the browser
// sends Last-Event-ID), and re-opens after a refused connection with a delay.
import { useEffect, useRef } from 'react';

export interface LiveEvent {
  topic: string;
  caseId: number | null;
  status: string | null;
}

type Listener = (event: LiveEvent) => void;

// The stream names each event by its topic, and EventSource only dispatches named events to
// listeners registered for that name: these are the case topics the console reacts to.
const CASE_ACTIONS = [
  'submit', 'accept', 'reject', 'merge', 'absorb', 'dispatch', 'whistle', 'acknowledge', 'return', 'transfer', 'start', 'add_note',
  'request_extension', 'decide_extension', 'hold', 'resume', 'escalate', 'resolve', 'follow_up', 'reopen', 'close', 'supervise',
  'report_progress', 'remind', 'overdue',
];
const TOPICS = [...CASE_ACTIONS.map((a) => `case.${a}`), 'supervision.reminder', 'stream.reset'];
const RETRY_MS = 15_000;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let retryTimer: number | undefined;

function parse(topic: string, data: string): LiveEvent {
  try {
    const payload = JSON.parse(data) as { caseId?: unknown; status?: unknown };
    return { topic, caseId: typeof payload.caseId === 'number' ? payload.caseId : null, status: typeof payload.status === 'string' ? payload.status : null };
  } catch {
    return { topic, caseId: null, status: null };
  }
}

function open(): void {
  if (source || listeners.size === 0) return;
  const es = new EventSource('/api/v1/events/stream');
  source = es;
  for (const topic of TOPICS) {
    es.addEventListener(topic, (e) => {
      const event = parse(topic, (e as MessageEvent<string>).data);
      for (const listener of [...listeners]) listener(event);
    });
  }
  es.onerror = () => {
    // CONNECTING: the browser retries by itself. CLOSED: it gave up (a 401, a restart): try later.
    if (es.readyState !== EventSource.CLOSED) return;
    es.close();
    if (source === es) source = null;
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(open, RETRY_MS);
  };
}

function close(): void {
  window.clearTimeout(retryTimer);
  source?.close();
  source = null;
}

export function subscribeLiveEvents(listener: Listener): () => void {
  listeners.add(listener);
  open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) close();
  };
}

/** Calls `onEvents` with the events of the last `debounceMs` (bursts arrive together). */
export function useLiveEvents(onEvents: (events: LiveEvent[]) => void, debounceMs = 800): void {
  const callback = useRef(onEvents);
  callback.current = onEvents;
  useEffect(() => {
    let batch: LiveEvent[] = [];
    let timer: number | undefined;
    const unsubscribe = subscribeLiveEvents((event) => {
      batch.push(event);
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        const events = batch;
        batch = [];
        callback.current(events);
      }, debounceMs);
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, [debounceMs]);
}
