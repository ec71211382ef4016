// Small helpers shared by the mediation and risk pages: dates as people read them, loading a
// resource with abort on unmount, and turning an API problem into form field errors.
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../api';

/** 2026-11-27 14:30 in the browser's time zone; an em dash for nothing. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD') : iso;
}

/** Whole days from now until `iso` (negative when past). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((Date.parse(iso) - now) / 86_400_000);
}

export function isPast(iso: string | null | undefined, now = Date.now()): boolean {
  return !!iso && Date.parse(iso) < now;
}

export function toIso(value: Dayjs | null | undefined): string | undefined {
  return value ? value.toDate().toISOString() : undefined;
}

export function toDay(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replace the data with a fresher copy (e.g. what a POST answered). */
  set: (value: T) => void;
}

/** Loads once per `key`, again on reload(); a late answer of an older load is dropped. */
export function useLoaded<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((value: T) => setData(value), []);
  return { data, error, loading, reload, set };
}

/**
 * Runs a write: busy while it runs, the error kept for an ApiErrorAlert, and field errors the
 * server names put on the form's fields (`terms[0].dueDate` → ['terms', 0, 'dueDate']).
 * Returns the answer, or undefined when it failed.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T>(action: () => Promise<T>, form?: FormInstance): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught);
      if (form && isApiError(caught)) {
        const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
        const fields = caught.errors
          .map((e) => ({ name: fieldPath(e.field), errors: [e.message] }))
          .filter((f) => typeof f.name[0] === 'string' && known.has(f.name[0]));
        if (fields.length > 0) form.setFields(fields);
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}

/** `terms[0].dueDate` or `terms.0.dueDate` → ['terms', 0, 'dueDate']. */
export function fieldPath(field: string): Array<string | number> {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
