// The worklist counts behind the menu badges: fetched when the first badge mounts, refreshed by
// live events (debounced), when the window regains focus, and after the user acts on a case.
import { useSyncExternalStore } from 'react';
import { type WorklistCounts, casesApi } from '../cases/cases.api';
import { subscribeLiveEvents } from '../cases/live-events';

let counts: WorklistCounts | null = null;
const watchers = new Set<() => void>();
let timer: number | undefined;
let inFlight = false;
let again = false;
let stopLive: (() => void) | undefined;

function emit(): void {
  for (const watcher of [...watchers]) watcher();
}

/** Fetches the counts now (one request at a time; a call during one asks for another after it). */
export function refreshWorklistCounts(): void {
  if (watchers.size === 0) return;
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  casesApi.worklistCounts().then(
    (next) => {
      counts = next;
      emit();
    },
    () => undefined,
  ).finally(() => {
    inFlight = false;
    if (again) {
      again = false;
      refreshWorklistCounts();
    }
  });
}

function later(): void {
  window.clearTimeout(timer);
  timer = window.setTimeout(refreshWorklistCounts, 1000);
}

function onFocus(): void {
  refreshWorklistCounts();
}

function subscribe(watcher: () => void): () => void {
  watchers.add(watcher);
  if (watchers.size === 1) {
    refreshWorklistCounts();
    stopLive = subscribeLiveEvents(later);
    window.addEventListener('focus', onFocus);
  }
  return () => {
    watchers.delete(watcher);
    if (watchers.size === 0) {
      stopLive?.();
      stopLive = undefined;
      window.removeEventListener('focus', onFocus);
      window.clearTimeout(timer);
      // The next user to sign in must not see these.
      counts = null;
    }
  };
}

export function useWorklistCounts(): WorklistCounts | null {
  return useSyncExternalStore(subscribe, () => counts);
}
