// 审计日志: the append-only, hash-chained log with filters (entity, actor, action, time), newest
// first in pages, and the result of recomputing the whole chain.
import { CheckCircleFilled, CloseCircleFilled, SafetyOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type AuditRow, type AuditVerification, type Page, api } from './admin.api';
import { usePaged } from './use-paged';

interface Filters {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

function Verification() {
  const { t, i18n } = useTranslation();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  async function verify() {
    setRunning(true);
    setError(null);
    try {
      setResult(await api.get<AuditVerification>('/audit/verify'));
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="audit-verify">
      <Space wrap>
        <Button icon={<SafetyOutlined />} loading={running} onClick={() => void verify()}>
          {t('admin.audit.verify')}
        </Button>
        {result ? (
          result.ok ? (
            <Typography.Text type="success">
              <CheckCircleFilled /> {t('admin.audit.intact', { count: result.checked, time: new Date(result.verifiedAt).toLocaleString(i18n.language, { hour12: false }) })}
            </Typography.Text>
          ) : (
            <Typography.Text type="danger">
              <CloseCircleFilled /> {t('admin.audit.broken', { id: result.brokenAt?.id ?? 0, reason: result.brokenAt?.reason ?? '' })}
            </Typography.Text>
          )
        ) : (
          <Typography.Text type="secondary">{t('admin.audit.verifyHint')}</Typography.Text>
        )}
      </Space>
      <ApiErrorAlert error={error} />
    </Space>
  );
}

export default function AuditSection() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [form] = Form.useForm();
  const list = usePaged<AuditRow, number>((before) => api.get<Page<AuditRow>>('/audit', { query: { ...filters, limit: 50, before } }), [JSON.stringify(filters)]);

  function apply(values: { entityType?: string; entityId?: string; actor?: string; action?: string; range?: [{ toISOString(): string }, { toISOString(): string }] | null }) {
    const clean = (v?: string) => (v && v.trim() ? v.trim() : undefined);
    const next: Filters = {};
    const set = (k: keyof Filters, v: string | undefined) => {
      if (v !== undefined) next[k] = v;
    };
    set('entityType', clean(values.entityType));
    set('entityId', clean(values.entityId));
    set('actor', clean(values.actor));
    set('action', clean(values.action));
    set('from', values.range?.[0]?.toISOString());
    set('to', values.range?.[1]?.toISOString());
    setFilters(next);
  }

  return (
    <Card title={t('admin.section.audit')} variant="borderless">
      <Verification />
      <Form form={form} layout="inline" onFinish={apply} style={{ margin: '16px 0', rowGap: 8 }} data-testid="audit-filters">
        <Form.Item name="entityType" label={t('admin.audit.entityType')}>
          <Input allowClear style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('admin.audit.entityId')}>
          <Input allowClear style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="actor" label={t('admin.audit.actor')}>
          <Input allowClear style={{ width: 140 }} placeholder={t('admin.audit.actorHint')} />
        </Form.Item>
        <Form.Item name="action" label={t('admin.audit.action')}>
          <Input allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="range" label={t('admin.audit.time')}>
          <DatePicker.RangePicker showTime placeholder={[t('admin.audit.start'), t('admin.audit.end')]} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('admin.audit.filter')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('admin.audit.clear')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <ApiErrorAlert error={list.error} />
      <Table<AuditRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        pagination={false}
        dataSource={list.items}
        data-testid="audit-table"
        expandable={{ expandedRowRender: (row) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(row.detail, null, 2)}</pre> }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('admin.audit.time'), dataIndex: 'at', render: (x: string) => new Date(x).toLocaleString(i18n.language, { hour12: false }) },
          { title: t('admin.audit.actor'), dataIndex: 'actorLabel' },
          { title: t('admin.audit.action'), dataIndex: 'action', render: (a: string) => <code>{a}</code> },
          { title: t('admin.audit.entity'), key: 'entity', render: (_, r) => `${r.entityType}${r.entityId ? ` #${r.entityId}` : ''}` },
          { title: t('admin.audit.region'), dataIndex: 'regionCode', render: (c: string | null) => c ?? '—' },
          { title: 'IP', dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
        ]}
      />
      {list.next !== null ? (
        <Button block style={{ marginTop: 8 }} onClick={() => void list.more()}>
          {t('admin.more')}
        </Button>
      ) : null}
    </Card>
  );
}
