// Small pieces of the dashboard: a titled panel, a value with its changes, a ranked list.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Change } from './dashboard.api';
import { formatChange, isRiseGood } from './format';
import styles from './Dashboard.module.css';

export function Panel({ title, extra, children, testId, fill = false }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string; fill?: boolean }) {
  return (
    <section className={fill ? `${styles.panel} ${styles.fill}` : styles.panel} aria-label={title} data-testid={testId}>
      <div className={styles.panelHead}>
        <h2 className={styles.panelTitle}>{title}</h2>
        {extra ? <span className={styles.panelExtra}>{extra}</span> : null}
      </div>
      {children}
    </section>
  );
}

function tone(measure: string, change: Change | undefined): string | undefined {
  const delta = change?.absolute;
  if (delta === null || delta === undefined || delta === 0) return undefined;
  return delta > 0 === isRiseGood(measure) ? styles.up : styles.down;
}

/** 环比 (vs the previous period) and 同比 (vs the same period last year), from the API's `change`. */
export function Changes({ measure, vsPrevious, vsLastYear }: { measure: string; vsPrevious: Change | undefined; vsLastYear: Change | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <span className={styles.changes}>
      <span>
        {t('dashboard.vsPrevious')} <span className={tone(measure, vsPrevious)} data-change="previous">{formatChange(measure, vsPrevious, i18n.language)}</span>
      </span>
      <span>
        {t('dashboard.vsLastYear')} <span className={tone(measure, vsLastYear)} data-change="lastYear">{formatChange(measure, vsLastYear, i18n.language)}</span>
      </span>
    </span>
  );
}

export interface RankItem {
  key: string;
  label: string;
  value: number;
  valueText: string;
  sub?: ReactNode;
}

/** A ranked list with bars scaled to the largest value (display only). */
export function RankList({ items, testId, empty }: { items: RankItem[]; testId: string; empty: string }) {
  if (items.length === 0) return <div className={styles.empty}>{empty}</div>;
  const max = Math.max(...items.map((i) => i.value), 1);
  return (
    <ol className={styles.rankList} data-testid={testId}>
      {items.map((item, index) => (
        <li key={item.key} className={styles.rankRow} data-key={item.key}>
          <span className={styles.rankIndex}>{index + 1}</span>
          <span className={styles.rankName} title={item.label}>
            {item.label}
          </span>
          <span className={styles.rankValue} data-value={item.value}>
            {item.valueText}
          </span>
          <span className={styles.rankBar} aria-hidden>
            <span className={styles.rankBarFill} style={{ display: 'block', width: `${(item.value / max) * 100}%` }} />
          </span>
          {item.sub ? <span className={styles.rankSub}>{item.sub}</span> : null}
        </li>
      ))}
    </ol>
  );
}
