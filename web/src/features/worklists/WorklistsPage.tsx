// /worklists/:name (what waits for me) and /cases (search all I may see): filters, Chinese
// full-text search, saved filters, both deadline clocks, bulk dispatch, export to xlsx. Live events
// refresh the rows in place without moving the operator: rows keep their order, selection and page;
// rows that left the list are greyed, new ones are announced ("N new") rather than inserted.
import { DownloadOutlined, ReloadOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { unitOptionLabel, useUnitLoad } from '../cases/CaseActions';
import { type CaseFilters, type CaseListItem, type WorklistName, caseChannels, caseKinds, caseStatuses, casesApi, worklistNames } from '../cases/cases.api';
import { channelLabel, kindLabel, statusLabel } from '../cases/case-labels';
import { DeadlineClock, StatusTag, formatDateTime, formatDuration, placeOf, useCategories, useNow } from '../cases/case-ui';
import { useLiveEvents } from '../cases/live-events';
import { refreshWorklistCounts } from './worklist-counts';
import { type SavedFilter, loadSavedFilters, storeSavedFilters } from './saved-filters';
import styles from './WorklistsPage.module.css';

const PAGE_SIZE = 20;
const EXPORT_MAX = 5000;

function isWorklist(name: string | undefined): name is WorklistName {
  return (worklistNames as readonly string[]).includes(name ?? '');
}

interface PageState {
  rows: CaseListItem[];
  nextCursor: string | null;
  /** Rows shown that the last live refresh no longer found in this page. */
  gone: Set<number>;
  /** Rows the last live refresh found that are not shown. */
  fresh: number;
}

interface BulkOutcome {
  ok: number;
  failed: Array<{ row: CaseListItem; message: string }>;
}

export default function WorklistsPage() {
  const { t } = useTranslation();
  const { name } = useParams();
  const worklist = isWorklist(name) ? name : null;
  if (name !== undefined && !worklist) {
    return <Alert type="error" showIcon message={t('worklists.unknown')} />;
  }
  return <WorklistView key={worklist ?? 'all'} worklist={worklist} />;
}

function WorklistView({ worklist }: { worklist: WorklistName | null }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const categories = useCategories();
  const now = useNow();
  const [draft, setDraft] = useState<CaseFilters>({});
  const [filters, setFilters] = useState<CaseFilters>({});
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const [page, setPage] = useState<PageState>({ rows: [], nextCursor: null, gone: new Set(), fresh: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [saved, setSaved] = useState<SavedFilter[]>(() => loadSavedFilters(me.user.id));
  const [saveName, setSaveName] = useState('');
  const [bulkLead, setBulkLead] = useState<number | undefined>();
  const [bulkBusy, setBulkBusy] = useState(false);
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | null>(null);
  const [exporting, setExporting] = useState(false);
  const request = useRef(0);

  const fetchPage = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) =>
      worklist ? casesApi.worklist(worklist, filters, { limit: PAGE_SIZE, cursor }, signal) : casesApi.list(filters, { limit: PAGE_SIZE, cursor }, signal),
    [worklist, filters],
  );

  /** Loads a page afresh (a user's move): the rows shown become exactly that page. */
  const show = useCallback(
    async (index: number, cursor: string | undefined) => {
      const mine = ++request.current;
      setLoading(true);
      try {
        const result = await fetchPage(cursor);
        if (mine !== request.current) return;
        setPage({ rows: result.items, nextCursor: result.nextCursor, gone: new Set(), fresh: 0 });
        setPageIndex(index);
        setError(null);
        setSelected((keys) => keys.filter((k) => result.items.some((r) => r.id === k)));
      } catch (caught) {
        if (mine === request.current) setError(caught);
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    setCursors([undefined]);
    void show(0, undefined);
  }, [show]);

  /** A live refresh: update the rows shown in place; never add, remove or reorder them. */
  const refreshInPlace = useCallback(async () => {
    const mine = request.current;
    try {
      const result = await fetchPage(cursors[pageIndex]);
      if (mine !== request.current) return;
      setPage((current) => {
        const byId = new Map(result.items.map((r) => [r.id, r]));
        const shown = new Set(current.rows.map((r) => r.id));
        return {
          rows: current.rows.map((r) => byId.get(r.id) ?? r),
          nextCursor: current.nextCursor,
          gone: new Set(current.rows.filter((r) => !byId.has(r.id)).map((r) => r.id)),
          fresh: result.items.filter((r) => !shown.has(r.id)).length,
        };
      });
    } catch {
      // The next event or the user's refresh tries again.
    }
  }, [fetchPage, cursors, pageIndex]);

  useLiveEvents(() => void refreshInPlace());

  function apply(next: CaseFilters) {
    setFilters(next);
    setSelected([]);
  }

  function goTo(index: number) {
    if (index < 0) return;
    if (index > pageIndex) {
      const next = page.nextCursor;
      if (!next) return;
      const updated = [...cursors.slice(0, index), next];
      setCursors(updated);
      void show(index, next);
    } else {
      void show(index, cursors[index]);
    }
  }

  function saveFilter() {
    const label = saveName.trim();
    if (!label) return;
    const next = [...saved.filter((s) => s.name !== label), { name: label, filters: draft }];
    setSaved(next);
    storeSavedFilters(me.user.id, next);
    setSaveName('');
    message.success(t('worklists.saved', { name: label }));
  }

  function removeSaved(label: string) {
    const next = saved.filter((s) => s.name !== label);
    setSaved(next);
    storeSavedFilters(me.user.id, next);
  }

  async function exportAll() {
    setExporting(true);
    try {
      const all: CaseListItem[] = [];
      let cursor: string | undefined;
      do {
        const result = worklist ? await casesApi.worklist(worklist, filters, { limit: 100, cursor }) : await casesApi.list(filters, { limit: 100, cursor });
        all.push(...result.items);
        cursor = result.nextCursor ?? undefined;
      } while (cursor && all.length < EXPORT_MAX);
      const { exportCasesXlsx } = await import('./export-xlsx');
      await exportCasesXlsx(t, all, categories.name, `${worklist ?? 'cases'}-${dayjs().format('YYYYMMDD-HHmm')}.xlsx`);
    } catch (caught) {
      setError(caught);
    } finally {
      setExporting(false);
    }
  }

  // Bulk dispatch: each selected case with the version it was listed at; failures reported per row.
  const centerRegion = me.grants.find((g) => g.role === 'center_operator' || g.role === 'center_head' || g.role === 'township_coordinator')?.regionCode ?? null;
  const canBulk = worklist === 'to_dispatch';
  const { units } = useUnitLoad(canBulk ? centerRegion : null);

  async function bulkDispatch() {
    if (!bulkLead) return;
    setBulkBusy(true);
    const rows = page.rows.filter((r) => selected.includes(r.id));
    const outcome: BulkOutcome = { ok: 0, failed: [] };
    for (const row of rows) {
      try {
        await casesApi.act(row.id, 'dispatch', { version: row.version, leadUnitId: bulkLead });
        outcome.ok++;
      } catch (caught) {
        const text = isApiError(caught) ? (caught.code === 'version_conflict' ? t('worklists.bulkStale') : caught.detail || caught.title) : String(caught);
        outcome.failed.push({ row, message: text });
      }
    }
    setBulkOutcome(outcome);
    setBulkBusy(false);
    setSelected(outcome.failed.map((f) => f.row.id));
    refreshWorklistCounts();
    await show(pageIndex, cursors[pageIndex]);
  }

  const columns: ColumnsType<CaseListItem> = [
    {
      title: t('worklists.col.trackingCode'),
      dataIndex: 'trackingCode',
      width: 132,
      render: (code: string, r) => (
        <Link to={`/cases/${r.id}`} className={styles.code}>
          {code}
        </Link>
      ),
    },
    {
      title: t('worklists.col.title'),
      dataIndex: 'title',
      ellipsis: { showTitle: false },
      render: (title: string, r) => (
        <span className={styles.titleCell}>
          <StatusTag status={r.status} />
          {page.gone.has(r.id) && <Tag bordered={false}>{t('worklists.left')}</Tag>}
          <Tooltip title={title} placement="topLeft">
            <span className={styles.titleText}>{title}</span>
          </Tooltip>
        </span>
      ),
    },
    { title: t('worklists.col.category'), dataIndex: 'categoryCode', width: 100, ellipsis: true, render: (code: string) => categories.name(code) },
    { title: t('worklists.col.place'), key: 'place', width: 150, ellipsis: true, render: (_, r) => placeOf(r) },
    { title: t('worklists.col.age'), dataIndex: 'createdAt', width: 84, render: (at: string) => <Tooltip title={formatDateTime(at, i18n.language)}>{formatDuration(t, now - Date.parse(at))}</Tooltip> },
    {
      title: t('worklists.col.deadlines'),
      key: 'clocks',
      width: 176,
      render: (_, r) => (
        <div className={styles.clocks}>
          <span>
            <span className={styles.clockName}>{t('worklists.col.ackClock')}</span>
            <DeadlineClock dueAt={r.ackDueAt} startAt={r.createdAt} overdue={r.overdueAck} done={!['submitted', 'accepted', 'dispatched', 'returned', 'escalated'].includes(r.status)} now={now} />
          </span>
          <span>
            <span className={styles.clockName}>{t('worklists.col.resolveClock')}</span>
            <DeadlineClock dueAt={r.resolveDueAt} startAt={r.createdAt} overdue={r.overdueResolve} done={r.status === 'resolved' || r.status === 'closed'} now={now} />
          </span>
        </div>
      ),
    },
    { title: t('worklists.col.unit'), dataIndex: 'leadUnitName', width: 128, ellipsis: true, render: (name: string | null) => name ?? '—' },
  ];

  const statusOptions = useMemo(() => caseStatuses.map((s) => ({ value: s, label: statusLabel(t, s) })), [t]);
  const categoryOptions = categories.tree.map((top) => ({
    label: categories.name(top.code),
    options: [{ value: top.code, label: t('worklists.allOf', { name: categories.name(top.code) }) }, ...top.children.map((c) => ({ value: c.code, label: categories.name(c.code) }))],
  }));

  return (
    <div className={styles.page}>
      <Card variant="borderless" className={styles.filters}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
          aria-label={t('worklists.filters')}
        >
          <Space wrap size={[8, 8]}>
            <Input.Search
              allowClear
              style={{ width: 260 }}
              placeholder={t('worklists.searchPlaceholder')}
              aria-label={t('worklists.search')}
              value={draft.q ?? ''}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              onSearch={(q) => apply({ ...draft, q })}
            />
            <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: 200 }} placeholder={t('worklists.filter.status')} aria-label={t('worklists.filter.status')} options={statusOptions} value={draft.status ?? []} onChange={(status) => setDraft({ ...draft, status })} />
            <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: 160 }} placeholder={t('worklists.filter.kind')} aria-label={t('worklists.filter.kind')} options={caseKinds.map((k) => ({ value: k, label: kindLabel(t, k) }))} value={draft.kind ?? []} onChange={(kind) => setDraft({ ...draft, kind })} />
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 180 }} placeholder={t('worklists.filter.category')} aria-label={t('worklists.filter.category')} options={categoryOptions} value={draft.category} onChange={(category?: string) => setDraft({ ...draft, category })} />
            <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: 160 }} placeholder={t('worklists.filter.channel')} aria-label={t('worklists.filter.channel')} options={caseChannels.map((c) => ({ value: c, label: channelLabel(t, c) }))} value={draft.channel ?? []} onChange={(channel) => setDraft({ ...draft, channel })} />
            <DatePicker.RangePicker
              aria-label={t('worklists.filter.dates')}
              placeholder={[t('worklists.filter.from'), t('worklists.filter.to')]}
              value={draft.from && draft.to ? [dayjs(draft.from), dayjs(draft.to)] : null}
              onChange={(range) => setDraft({ ...draft, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            />
            <Button type="primary" htmlType="submit">
              {t('worklists.apply')}
            </Button>
            <Button
              onClick={() => {
                setDraft({});
                apply({});
              }}
            >
              {t('worklists.reset')}
            </Button>
          </Space>
        </form>
        <Space wrap size={[8, 8]} style={{ marginTop: 12 }}>
          <Select
            style={{ width: 220 }}
            placeholder={t('worklists.savedFilters')}
            aria-label={t('worklists.savedFilters')}
            value={null}
            options={saved.map((s) => ({ value: s.name, label: s.name }))}
            notFoundContent={t('worklists.noSaved')}
            onChange={(label: string) => {
              const found = saved.find((s) => s.name === label);
              if (!found) return;
              setDraft(found.filters);
              apply(found.filters);
            }}
          />
          <Input style={{ width: 180 }} placeholder={t('worklists.saveName')} aria-label={t('worklists.saveName')} value={saveName} onChange={(e) => setSaveName(e.target.value)} onPressEnter={saveFilter} maxLength={40} />
          <Button icon={<SaveOutlined />} onClick={saveFilter} disabled={!saveName.trim()}>
            {t('worklists.save')}
          </Button>
          {saved.map((s) => (
            <Tag key={s.name} closable onClose={() => removeSaved(s.name)}>
              {s.name}
            </Tag>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('worklists.savedLocal')}
          </Typography.Text>
        </Space>
      </Card>

      <Card variant="borderless">
        <div className={styles.toolbar}>
          <Space wrap>
            {page.fresh > 0 || page.gone.size > 0 ? (
              <Button type="dashed" onClick={() => void show(pageIndex, cursors[pageIndex])} data-testid="fresh-hint">
                {t('worklists.changes', { fresh: page.fresh, gone: page.gone.size })}
              </Button>
            ) : null}
            {canBulk && selected.length > 0 && (
              <Space className={styles.bulk}>
                <span>{t('worklists.selected', { n: selected.length })}</span>
                <Select
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 320 }}
                  placeholder={t('worklists.bulkLead')}
                  aria-label={t('worklists.bulkLead')}
                  options={units.map((u) => ({ value: u.unitId, label: unitOptionLabel(t, u) }))}
                  value={bulkLead}
                  onChange={setBulkLead}
                />
                <Popconfirm title={t('worklists.bulkConfirm', { n: selected.length })} onConfirm={() => void bulkDispatch()} okText={t('worklists.bulkDispatch')} cancelText={t('common.cancel')}>
                  <Button type="primary" icon={<SendOutlined />} disabled={!bulkLead} loading={bulkBusy}>
                    {t('worklists.bulkDispatch')}
                  </Button>
                </Popconfirm>
              </Space>
            )}
          </Space>
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void show(pageIndex, cursors[pageIndex])} aria-label={t('worklists.refresh')} />
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportAll()}>
              {t('worklists.export')}
            </Button>
          </Space>
        </div>
        {bulkOutcome && (
          <Alert
            style={{ marginBottom: 12 }}
            closable
            onClose={() => setBulkOutcome(null)}
            type={bulkOutcome.failed.length > 0 ? 'warning' : 'success'}
            showIcon
            message={t('worklists.bulkResult', { ok: bulkOutcome.ok, failed: bulkOutcome.failed.length })}
            description={
              bulkOutcome.failed.length > 0 ? (
                <ul className={styles.plainList} data-testid="bulk-failures">
                  {bulkOutcome.failed.map((f) => (
                    <li key={f.row.id}>
                      <Link to={`/cases/${f.row.id}`}>{f.row.trackingCode}</Link> {f.message}
                    </li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
        {error !== null && <ApiErrorAlert error={error} />}
        <Table<CaseListItem>
          size="middle"
          rowKey="id"
          loading={loading}
          columns={columns}
          dataSource={page.rows}
          pagination={false}
          // The columns fit the card at 1280 px (about 960 px for the table: the title takes what is
          // left); only a narrower window scrolls, and then inside the table, never the page.
          scroll={{ x: 920 }}
          rowClassName={(r) => (page.gone.has(r.id) ? (styles.gone ?? '') : '')}
          rowSelection={canBulk ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)), getCheckboxProps: (r) => ({ disabled: page.gone.has(r.id) }) } : undefined}
          locale={{ emptyText: t('worklists.empty') }}
          data-testid="worklist-table"
        />
        <div className={styles.pager}>
          <Button onClick={() => goTo(pageIndex - 1)} disabled={pageIndex === 0 || loading}>
            {t('worklists.prev')}
          </Button>
          <span>{t('worklists.page', { n: pageIndex + 1 })}</span>
          <Button onClick={() => goTo(pageIndex + 1)} disabled={!page.nextCursor || loading}>
            {t('worklists.next')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
