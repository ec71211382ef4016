// Refresh on live case events: one EventSource on /api/v1/events/stream while a dashboard is open.
// Any case event may move a number, so a burst of them triggers one reload after a short quiet.
import { useEffect, useRef } from 'react';

// The stream names each event by its topic; EventSource dispatches only names it listens for.
const ACTIONS = [
  'submit', 'accept', 'reject', 'merge', 'dispatch', 'whistle', 'acknowledge', 'return', 'transfer', 'start', 'hold', 'resume',
  'escalate', 'resolve', 'follow_up', 'reopen', 'close', 'overdue',
];
const TOPICS = [...ACTIONS.map((a) => `case.${a}`), 'stream.reset'];
const RETRY_MS = 30_000;

export function useLiveRefresh(onChange: () => void, quietMs = 3_000): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: number | undefined;
    let retry: number | undefined;
    let live = true;
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), quietMs);
    };
    const open = () => {
      if (!live) return;
      const es = new EventSource('/api/v1/events/stream');
      source = es;
      for (const topic of TOPICS) es.addEventListener(topic, schedule);
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED) return;
        es.close();
        retry = window.setTimeout(open, RETRY_MS);
      };
    };
    open();
    return () => {
      live = false;
      window.clearTimeout(timer);
      window.clearTimeout(retry);
      source?.close();
    };
  }, [quietMs]);
}
