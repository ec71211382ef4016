// 风险预警工作台: the warnings of the cases the reviewer may see, newest first. Each row shows the
// tier in colour and in words, the situation it is about (the case), and whether the named
// reviewer's acknowledgement is late (highlighted, with the words "overdue").
import { ExclamationCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type Warning, listWarnings, tiers, warningStatuses } from './risk.api';
import { TierTag, sourceLabel, tierLabel, warningStatusColor, warningStatusLabel } from './risk-labels';
import { caseHref, warningHref } from './links';
import { formatDateTime, useLoaded } from './ui-helpers';
import styles from './risk.module.css';

export default function WarningsWorklistPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [tier, setTier] = useState<string | undefined>(undefined);
  const [overdue, setOverdue] = useState(false);
  const query = useMemo(() => ({ status, tier, overdue, limit: 100 }), [status, tier, overdue]);
  const list = useLoaded(JSON.stringify(query), (signal) => listWarnings(query, signal));
  const items = list.data?.items ?? [];
  const overdueCount = items.filter((w) => w.ackOverdue && w.status !== 'closed').length;

  return (
    <div className={styles.page} data-testid="warnings-worklist">
      <Card variant="borderless">
        <div className={styles.header}>
          <Typography.Title level={2} style={{ fontSize: 22 }}>
            {t('risk.worklist.title')}
          </Typography.Title>
          {overdueCount > 0 && (
            <Tag color="error" icon={<ExclamationCircleOutlined />}>
              {t('risk.worklist.overdueCount', { n: overdueCount })}
            </Tag>
          )}
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('risk.worklist.intro')}
        </Typography.Paragraph>
      </Card>
      <Card variant="borderless">
        <div className={styles.filters} role="search" aria-label={t('risk.worklist.filters')}>
          <Select
            allowClear
            style={{ width: 180 }}
            placeholder={t('risk.worklist.statusOpen')}
            aria-label={t('risk.worklist.status')}
            value={status}
            onChange={(v: string | undefined) => setStatus(v)}
            options={warningStatuses.map((s) => ({ value: s, label: warningStatusLabel(t, s) }))}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('risk.worklist.anyTier')}
            aria-label={t('risk.worklist.tier')}
            value={tier}
            onChange={(v: string | undefined) => setTier(v)}
            options={tiers.map((x) => ({ value: x, label: tierLabel(t, x) }))}
          />
          <Space>
            <Switch id="risk-overdue-only" checked={overdue} onChange={setOverdue} />
            <label htmlFor="risk-overdue-only">{t('risk.worklist.overdueOnly')}</label>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('risk.common.refresh')}
          </Button>
        </div>
        <div style={{ marginTop: 16 }}>
          <ApiErrorAlert error={list.error} />
          <Table<Warning>
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={items}
            pagination={false}
            rowClassName={(w) => (w.ackOverdue && w.status !== 'closed' ? (styles.overdueRow ?? '') : '')}
            locale={{ emptyText: t('risk.worklist.empty') }}
            columns={[
              { title: t('risk.worklist.col.tier'), key: 'tier', width: 120, render: (_, w) => <TierTag tier={w.tier} /> },
              {
                title: t('risk.worklist.col.situation'),
                key: 'case',
                render: (_, w) => (
                  <div>
                    <Link to={warningHref(w.id)} className={styles.caseLink}>
                      {w.caseTitle}
                    </Link>
                    <div className={styles.muted}>
                      <Link to={caseHref(w.caseId)}>{w.trackingCode}</Link> · {sourceLabel(t, w.source)}
                    </div>
                  </div>
                ),
              },
              {
                title: t('risk.worklist.col.status'),
                key: 'status',
                width: 150,
                render: (_, w) => (
                  <Space size={4} wrap>
                    <Tag color={warningStatusColor(w.status)}>{warningStatusLabel(t, w.status)}</Tag>
                    {w.reviewRequired && w.status === 'pending_review' && <Tag>{t('risk.worklist.reviewRequired')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('risk.worklist.col.ackDue'),
                key: 'ack',
                width: 210,
                render: (_, w) =>
                  w.acknowledgedAt ? (
                    <span>{t('risk.worklist.ackedBy', { name: w.reviewer?.label ?? '—', at: formatDateTime(w.acknowledgedAt) })}</span>
                  ) : (
                    <Space size={4} wrap>
                      <span>{formatDateTime(w.ackDueAt)}</span>
                      {w.ackOverdue && w.status !== 'closed' && (
                        <Tag color="error" icon={<ExclamationCircleOutlined />}>
                          {t('risk.worklist.ackOverdue')}
                        </Tag>
                      )}
                    </Space>
                  ),
              },
              { title: t('risk.worklist.col.raisedAt'), key: 'raised', width: 160, render: (_, w) => formatDateTime(w.raisedAt) },
              {
                title: t('risk.worklist.col.open'),
                key: 'open',
                width: 90,
                render: (_, w) => (
                  <Link to={warningHref(w.id)} aria-label={t('risk.worklist.openWarning', { code: w.trackingCode })}>
                    {t('risk.worklist.open')}
                  </Link>
                ),
              },
            ]}
          />
        </div>
      </Card>
    </div>
  );
}
