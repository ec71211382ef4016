// Small pieces every case screen uses: the ticking clock, durations, deadline tags, the category
// taxonomy (loaded once), status tags and dates.
import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CategoryNode, casesApi } from './cases.api';
import { statusColor, statusLabel } from './case-labels';

/** The current time, refreshed every `everyMs` so clocks count down on screen. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "2天3小时" / "2d 3h": the two largest units of a span of milliseconds. */
export function formatDuration(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return t('cases.duration.dayHour', { d: days, h: hours });
  if (hours > 0) return t('cases.duration.hourMinute', { h: hours, m: minutes % 60 });
  return t('cases.duration.minute', { m: minutes });
}

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** How much of a deadline's time is left: normal, warning (≤ 20 % left), overdue, or stopped. */
export type ClockState = 'normal' | 'warning' | 'overdue' | 'done' | 'none';

export function clockState(input: { dueAt: string | null; startAt: string | null; overdue: boolean; done: boolean; now: number }): ClockState {
  if (input.done) return 'done';
  if (!input.dueAt) return 'none';
  const due = Date.parse(input.dueAt);
  if (input.overdue || due <= input.now) return 'overdue';
  const start = input.startAt ? Date.parse(input.startAt) : Number.NaN;
  const total = due - start;
  if (Number.isFinite(total) && total > 0 && (due - input.now) / total <= 0.2) return 'warning';
  return 'normal';
}

const clockColor: Record<ClockState, string> = { normal: 'blue', warning: 'orange', overdue: 'red', done: 'green', none: 'default' };

/**
 * A deadline as "time left" (or "overdue by"), coloured by how much of it remains. The share left
 * is measured in wall-clock time from `startAt` (the server counts working time; the colour is a
 * hint, the server's overdue flag is the truth).
 */
export function DeadlineClock(props: { dueAt: string | null; startAt: string | null; overdue: boolean; done: boolean; now: number; doneText?: string }) {
  const { t, i18n } = useTranslation();
  const state = clockState(props);
  if (state === 'none') return <span aria-label={t('cases.clock.none')}>—</span>;
  if (state === 'done') return <Tag color={clockColor.done}>{props.doneText ?? t('cases.clock.done')}</Tag>;
  const due = Date.parse(props.dueAt ?? '');
  const text = state === 'overdue' ? t('cases.clock.over', { time: formatDuration(t, props.now - due) }) : t('cases.clock.left', { time: formatDuration(t, due - props.now) });
  return (
    <Tooltip title={t('cases.clock.dueAt', { at: formatDateTime(props.dueAt, i18n.language) })}>
      <Tag color={clockColor[state]} data-clock={state}>
        {text}
      </Tag>
    </Tooltip>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={statusColor[status] ?? 'default'}>{statusLabel(t, status)}</Tag>;
}

let categoriesPromise: Promise<CategoryNode[]> | undefined;

/** The taxonomy, fetched once per page load (it changes rarely). */
export function loadCategories(): Promise<CategoryNode[]> {
  categoriesPromise ??= casesApi.categories().then(
    (r) => r.items,
    (error: unknown) => {
      categoriesPromise = undefined;
      throw error;
    },
  );
  return categoriesPromise;
}

export interface Categories {
  tree: CategoryNode[];
  /** The name of a level-1 or level-2 code in the current language (the code when unknown). */
  name(code: string): string;
  /** "邻里纠纷 / 相邻通行". */
  path(code: string): string;
}

export function useCategories(): Categories {
  const { i18n } = useTranslation();
  const [tree, setTree] = useState<CategoryNode[]>([]);
  useEffect(() => {
    let live = true;
    loadCategories().then(
      (items) => live && setTree(items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const byCode = new Map<string, CategoryNode>();
  for (const top of tree) {
    byCode.set(top.code, top);
    for (const child of top.children) byCode.set(child.code, child);
  }
  const nameOf = (node: CategoryNode) => (i18n.language === 'en' ? node.nameEn : node.name);
  return {
    tree,
    name: (code) => {
      const node = byCode.get(code);
      return node ? nameOf(node) : code;
    },
    path: (code) => {
      const node = byCode.get(code);
      const parent = code.length === 4 ? byCode.get(code.slice(0, 2)) : undefined;
      if (!node) return code;
      return parent ? `${nameOf(parent)} / ${nameOf(node)}` : nameOf(node);
    },
  };
}

/** A place as "township · village" from a list row. */
export function placeOf(row: { townshipName: string | null; regionName: string | null; regionCode: string }): string {
  return [row.townshipName, row.regionName].filter(Boolean).join(' · ') || row.regionCode;
}
