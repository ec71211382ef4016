// 派单台 (dispatch board) of a centre: the cases waiting for dispatch on the left; for the one
// picked, the suggested lead unit (routing rules) and every unit that can take it with its load
// (open, waiting for acknowledgement, overdue) beside it. Dispatch to one lead (with co-units), or
// blow the whistle: one lead and several departments summoned at once.
import { AimOutlined, NotificationOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Input, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type CaseListItem, type UnitLoad, casesApi } from '../cases/cases.api';
import { kindLabel, priorityColor, priorityLabel } from '../cases/case-labels';
import { StatusTag, formatDuration, placeOf, useCategories, useNow } from '../cases/case-ui';
import { applyFieldErrors } from '../cases/form-errors';
import { useLiveEvents } from '../cases/live-events';
import { unitOptionLabel, useUnitLoad } from '../cases/CaseActions';
import { refreshWorklistCounts } from '../worklists/worklist-counts';
import styles from './DispatchBoardPage.module.css';

interface DispatchForm {
  leadUnitId?: number;
  unitIds?: number[];
  note?: string;
}

export default function DispatchBoardPage() {
  const { t } = useTranslation();
  const now = useNow();
  const categories = useCategories();
  const [rows, setRows] = useState<CaseListItem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await casesApi.worklist('to_dispatch', {}, { limit: 100 });
      setRows(page.items);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useLiveEvents(() => void load());

  const selected = rows.find((r) => r.id === selectedId) ?? null;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={9}>
        <Card title={t('dispatch.waiting', { n: rows.length })} variant="borderless" data-testid="dispatch-queue">
          {error !== null && <ApiErrorAlert error={error} />}
          {rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.none')} />
          ) : (
            <List
              dataSource={rows}
              renderItem={(r) => (
                <List.Item key={r.id} className={r.id === selectedId ? styles.selected : styles.item}>
                  <button type="button" className={styles.pick} onClick={() => setSelectedId(r.id)} aria-pressed={r.id === selectedId}>
                    <span className={styles.pickHead}>
                      <span className={styles.code}>{r.trackingCode}</span>
                      <StatusTag status={r.status} />
                      <Tag color={priorityColor[r.priority]}>{priorityLabel(t, r.priority)}</Tag>
                    </span>
                    <span className={styles.pickTitle}>{r.title}</span>
                    <span className={styles.pickMeta}>
                      {categories.name(r.categoryCode)} · {placeOf(r)} · {t('dispatch.age', { time: formatDuration(t, now - Date.parse(r.createdAt)) })}
                    </span>
                  </button>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        {selected ? (
          <DispatchPanel key={`${selected.id}-${selected.version}`} row={selected} onDone={() => void load()} />
        ) : (
          <Card variant="borderless">
            <Empty description={t('dispatch.pick')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}

function DispatchPanel({ row, onDone }: { row: CaseListItem; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const categories = useCategories();
  const [form] = Form.useForm<DispatchForm>();
  const { units, error: unitsError } = useUnitLoad(row.regionCode);
  const [proposal, setProposal] = useState<{ unitId: number; name: string } | null | undefined>(undefined);
  const [description, setDescription] = useState<string>('');
  const [busy, setBusy] = useState<'dispatch' | 'whistle' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<string[]>([]);
  const lead = Form.useWatch('leadUnitId', form);
  const summoned = Form.useWatch('unitIds', form);

  useEffect(() => {
    let live = true;
    casesApi.propose(row.categoryCode, row.regionCode).then(
      (r) => {
        if (!live) return;
        setProposal(r.proposal);
        if (r.proposal && form.getFieldValue('leadUnitId') === undefined) form.setFieldValue('leadUnitId', r.proposal.unitId);
      },
      () => live && setProposal(null),
    );
    casesApi.get(row.id).then((c) => live && setDescription(c.description), () => undefined);
    return () => {
      live = false;
    };
  }, [row.id, row.categoryCode, row.regionCode, form]);

  async function send(action: 'dispatch' | 'whistle') {
    let values: DispatchForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const others = (values.unitIds ?? []).filter((id) => id !== values.leadUnitId);
    if (action === 'whistle' && others.length === 0) {
      form.setFields([{ name: 'unitIds', errors: [t('dispatch.whistleNeedsUnits')] }]);
      return;
    }
    setBusy(action);
    setError(null);
    setPlaced([]);
    try {
      const { version } = await casesApi.actions(row.id);
      const note = values.note?.trim() ? { note: values.note.trim() } : {};
      const body = action === 'dispatch' ? { version, leadUnitId: values.leadUnitId, coUnitIds: others, ...note } : { version, leadUnitId: values.leadUnitId, unitIds: others, ...note };
      await casesApi.act(row.id, action, body);
      message.success(action === 'dispatch' ? t('dispatch.dispatched', { code: row.trackingCode }) : t('dispatch.whistled', { code: row.trackingCode, n: others.length + 1 }));
      refreshWorklistCounts();
      onDone();
    } catch (caught) {
      setError(caught);
      setPlaced(applyFieldErrors(form, caught, ['leadUnitId', 'unitIds', 'coUnitIds', 'note']));
      if (isApiError(caught) && (caught.code === 'version_conflict' || caught.code === 'action_not_allowed')) onDone();
    } finally {
      setBusy(null);
    }
  }

  const options = units.map((u) => ({ value: u.unitId, label: unitOptionLabel(t, u) }));
  const toggleSummon = (id: number) => {
    const current: number[] = form.getFieldValue('unitIds') ?? [];
    form.setFieldValue('unitIds', current.includes(id) ? current.filter((x) => x !== id) : [...current, id]);
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless" data-testid="dispatch-case">
        <Space wrap>
          <Link to={`/cases/${row.id}`} className={styles.code}>
            {row.trackingCode}
          </Link>
          <Tag>{kindLabel(t, row.kind)}</Tag>
          <Tag>{categories.path(row.categoryCode)}</Tag>
          <span>{placeOf(row)}</span>
        </Space>
        <Typography.Title level={4} style={{ margin: '8px 0' }}>
          {row.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>
          {description}
        </Typography.Paragraph>
      </Card>

      <Card
        variant="borderless"
        title={t('dispatch.send')}
        extra={
          proposal ? (
            <Tag color="blue" icon={<AimOutlined />} data-testid="proposal">
              {t('dispatch.proposal', { name: proposal.name })}
            </Tag>
          ) : proposal === null ? (
            <Typography.Text type="secondary">{t('dispatch.noProposal')}</Typography.Text>
          ) : null
        }
      >
        <Form<DispatchForm> form={form} layout="vertical">
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="leadUnitId" label={t('dispatch.lead')} rules={[{ required: true, message: t('dispatch.leadRequired') }]}>
                <Select showSearch optionFilterProp="label" options={options} placeholder={t('cases.pickUnit')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="unitIds" label={t('dispatch.summon')} extra={t('dispatch.summonHint')}>
                <Select mode="multiple" showSearch optionFilterProp="label" options={options.filter((o) => o.value !== lead)} placeholder={t('cases.pickUnits')} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('cases.field.note')} rules={[{ max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
          {unitsError !== null && <ApiErrorAlert error={unitsError} />}
          {error !== null && <ApiErrorAlert error={error} hideFields={placed} />}
          <Space>
            <Button type="primary" icon={<SendOutlined />} loading={busy === 'dispatch'} disabled={busy !== null} onClick={() => void send('dispatch')}>
              {t('dispatch.dispatch')}
            </Button>
            <Button type="primary" danger icon={<NotificationOutlined />} loading={busy === 'whistle'} disabled={busy !== null} onClick={() => void send('whistle')} data-testid="whistle">
              {t('dispatch.whistle')}
            </Button>
          </Space>
        </Form>
      </Card>

      <Card variant="borderless" title={t('dispatch.load')} data-testid="unit-load">
        <Alert type="info" showIcon message={t('dispatch.loadHint')} style={{ marginBottom: 12 }} />
        <Table<UnitLoad>
          size="small"
          rowKey="unitId"
          pagination={false}
          dataSource={units}
          scroll={{ y: 420 }}
          rowClassName={(u) => (u.unitId === lead ? (styles.leadRow ?? '') : '')}
          columns={[
            {
              title: t('dispatch.unit'),
              dataIndex: 'name',
              render: (name: string, u) => (
                <Space size={4}>
                  <span>{name}</span>
                  {proposal?.unitId === u.unitId && <Tag color="blue">{t('dispatch.suggested')}</Tag>}
                </Space>
              ),
            },
            { title: t('dispatch.region'), dataIndex: 'regionName', width: 120 },
            { title: t('dispatch.open'), dataIndex: 'open', width: 80, sorter: (a, b) => a.open - b.open },
            { title: t('dispatch.pending'), dataIndex: 'pending', width: 80 },
            { title: t('dispatch.overdue'), dataIndex: 'overdue', width: 80, sorter: (a, b) => a.overdue - b.overdue, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
            {
              title: '',
              key: 'pick',
              width: 170,
              render: (_, u) => (
                <Space size={4}>
                  <Button size="small" type={u.unitId === lead ? 'primary' : 'default'} onClick={() => form.setFieldValue('leadUnitId', u.unitId)}>
                    {t('dispatch.asLead')}
                  </Button>
                  <Button size="small" disabled={u.unitId === lead} type={summoned?.includes(u.unitId) ? 'primary' : 'default'} ghost={summoned?.includes(u.unitId)} onClick={() => toggleSummon(u.unitId)}>
                    {t('dispatch.asSummoned')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
