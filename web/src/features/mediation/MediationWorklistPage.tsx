// 人民调解: the mediations of the user's committees (or every one they may see) with their state and
// deadline, late ones highlighted; and the disputes sent to their committee that are waiting to be
// taken into mediation.
import { ExclamationCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { caseMediationHref, mediationHref } from '../risk/links';
import { formatDateTime, useLoaded } from '../risk/ui-helpers';
import { DeadlineTag } from './ConfirmationTab';
import { type CaseListItem, type MediationSummary, listCommitteeDisputes, listMediations, mediationStatuses } from './mediation.api';
import { modeLabel, originLabel, statusColor, statusLabel } from './mediation-labels';
import styles from './mediation.module.css';

export default function MediationWorklistPage() {
  const { t } = useTranslation();
  const me = useMe();
  const committees = useMemo(() => {
    const seen = new Map<number, string>();
    for (const g of me.grants) if (g.unitKind === 'mediation_committee') seen.set(g.unitId, g.unitName);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [me]);
  const [scope, setScope] = useState<'mine' | 'all'>(committees.length > 0 ? 'mine' : 'all');
  const [committeeId, setCommitteeId] = useState<number | undefined>(committees[0]?.id);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [overdue, setOverdue] = useState(false);
  const query = { status, overdue: overdue ? true : undefined, committeeUnitId: scope === 'mine' ? committeeId : undefined, limit: 100 };
  const list = useLoaded(JSON.stringify(query), (signal) => listMediations(query, signal));
  const items = list.data?.items ?? [];

  return (
    <div className={styles.page} data-testid="mediation-worklist">
      <Card variant="borderless">
        <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
          {t('mediation.worklist.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('mediation.worklist.intro')}
        </Typography.Paragraph>
      </Card>
      {scope === 'mine' && committeeId !== undefined && <WaitingDisputes committeeId={committeeId} taken={items} />}
      <Card variant="borderless" title={t('mediation.worklist.mediations')}>
        <Space wrap size={12} style={{ marginBottom: 16 }}>
          {committees.length > 0 && (
            <Segmented<'mine' | 'all'>
              value={scope}
              onChange={setScope}
              aria-label={t('mediation.worklist.scope')}
              options={[
                { value: 'mine', label: t('mediation.worklist.myCommittee') },
                { value: 'all', label: t('mediation.worklist.allVisible') },
              ]}
            />
          )}
          {scope === 'mine' && committees.length > 1 && (
            <Select style={{ width: 240 }} value={committeeId} onChange={setCommitteeId} aria-label={t('mediation.worklist.committee')} options={committees.map((c) => ({ value: c.id, label: c.name }))} />
          )}
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('mediation.worklist.anyStatus')}
            aria-label={t('mediation.worklist.status')}
            value={status}
            onChange={(v: string | undefined) => setStatus(v)}
            options={mediationStatuses.map((s) => ({ value: s, label: statusLabel(t, s) }))}
          />
          <Space>
            <Switch id="mediation-overdue-only" checked={overdue} onChange={setOverdue} />
            <label htmlFor="mediation-overdue-only">{t('mediation.worklist.overdueOnly')}</label>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('mediation.common.refresh')}
          </Button>
        </Space>
        <ApiErrorAlert error={list.error} />
        <Table<MediationSummary>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={items}
          pagination={false}
          rowClassName={(m) => (m.overdue ? (styles.overdueRow ?? '') : '')}
          locale={{ emptyText: t('mediation.worklist.empty') }}
          columns={[
            {
              title: t('mediation.worklist.col.dispute'),
              key: 'case',
              render: (_, m) => (
                <div>
                  <Link to={mediationHref(m.id)} style={{ fontWeight: 500 }}>
                    {m.caseTitle}
                  </Link>
                  <div className={styles.muted}>
                    {m.trackingCode} · {originLabel(t, m.origin)}
                  </div>
                </div>
              ),
            },
            { title: t('mediation.worklist.col.committee'), dataIndex: 'committeeName', width: 220 },
            {
              title: t('mediation.worklist.col.state'),
              key: 'status',
              width: 190,
              render: (_, m) => (
                <Space size={4} wrap>
                  <Tag color={statusColor(m.status)}>{statusLabel(t, m.status)}</Tag>
                  {m.mode && <Tag>{modeLabel(t, m.mode)}</Tag>}
                  {m.reopenCount > 0 && <Tag color="warning">{t('mediation.page.reopened', { n: m.reopenCount })}</Tag>}
                </Space>
              ),
            },
            { title: t('mediation.worklist.col.accepted'), key: 'accepted', width: 150, render: (_, m) => formatDateTime(m.acceptedAt) },
            {
              title: t('mediation.worklist.col.due'),
              key: 'due',
              width: 220,
              render: (_, m) => (
                <Space size={4} wrap>
                  <span>{formatDateTime(m.dueAt)}</span>
                  {m.overdue ? (
                    <Tag color="error" icon={<ExclamationCircleOutlined />}>
                      {t('mediation.page.overdue')}
                    </Tag>
                  ) : (
                    <DeadlineTag at={m.dueAt} done={m.status !== 'in_progress'} />
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

/** Disputes sent to the committee with no mediation open: each can be taken into mediation. */
function WaitingDisputes({ committeeId, taken }: { committeeId: number; taken: MediationSummary[] }) {
  const { t } = useTranslation();
  const disputes = useLoaded(`disputes-${committeeId}`, (signal) => listCommitteeDisputes(committeeId, signal));
  const active = new Set(taken.filter((m) => m.status === 'in_progress' || m.status === 'agreed').map((m) => m.caseId));
  const waiting = (disputes.data?.items ?? []).filter((c) => !active.has(c.id) && !['closed', 'rejected', 'merged', 'resolved'].includes(c.status));
  if (!disputes.error && waiting.length === 0) return null;
  return (
    <Card variant="borderless" title={t('mediation.worklist.waiting')} data-testid="waiting-disputes">
      <ApiErrorAlert error={disputes.error} />
      <Table<CaseListItem>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={waiting}
        columns={[
          {
            title: t('mediation.worklist.col.dispute'),
            key: 'case',
            render: (_, c) => (
              <div>
                <span style={{ fontWeight: 500 }}>{c.title}</span>
                <div className={styles.muted}>
                  {c.trackingCode} {c.regionName ? `· ${c.regionName}` : ''}
                </div>
              </div>
            ),
          },
          { title: t('mediation.worklist.col.received'), key: 'created', width: 160, render: (_, c) => formatDateTime(c.createdAt) },
          {
            title: '',
            key: 'take',
            width: 150,
            render: (_, c) => (
              <Link to={caseMediationHref(c.id)} aria-label={t('mediation.worklist.takeCase', { code: c.trackingCode })}>
                {t('mediation.worklist.take')}
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}
