// Export of a list to .xlsx with write-excel-file, loaded only when the user exports.
import type { TFunction } from 'i18next';
import type { CaseListItem } from '../cases/cases.api';
import { channelLabel, kindLabel, priorityLabel, statusLabel } from '../cases/case-labels';
import { placeOf } from '../cases/case-ui';

export async function exportCasesXlsx(t: TFunction, rows: CaseListItem[], categoryName: (code: string) => string, fileName: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const header = [
    t('worklists.col.trackingCode'),
    t('worklists.col.title'),
    t('worklists.col.category'),
    t('worklists.col.place'),
    t('worklists.col.status'),
    t('worklists.filter.kind'),
    t('worklists.filter.channel'),
    t('worklists.col.priority'),
    t('worklists.col.createdAt'),
    t('worklists.col.ackDue'),
    t('worklists.col.resolveDue'),
    t('worklists.col.overdue'),
    t('worklists.col.unit'),
  ].map((value) => ({ value, fontWeight: 'bold' as const }));
  const date = (iso: string | null) => (iso ? { value: new Date(iso), type: Date, format: 'yyyy-mm-dd hh:mm' } : '');
  const data = rows.map((r) => [
    r.trackingCode,
    r.title,
    categoryName(r.categoryCode),
    placeOf(r),
    statusLabel(t, r.status),
    kindLabel(t, r.kind),
    channelLabel(t, r.channel),
    priorityLabel(t, r.priority),
    date(r.createdAt),
    date(r.ackDueAt),
    date(r.resolveDueAt),
    r.overdueAck || r.overdueResolve ? t('worklists.yes') : '',
    r.leadUnitName ?? '',
  ]);
  await writeXlsxFile([header, ...data], { columns: [{ width: 16 }, { width: 40 }, { width: 16 }, { width: 28 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 8 }, { width: 18 }, { width: 18 }, { width: 18 }, { width: 8 }, { width: 20 }] }).toFile(fileName);
}
