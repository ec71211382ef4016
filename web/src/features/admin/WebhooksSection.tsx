// Webhook 订阅: subscriptions of case events (the signing secret shown once), pause and resume, and
// each subscription's delivery log with a status filter and replay of dead or delivered sends.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type Delivery, type Page, type Webhook, api } from './admin.api';
import styles from './Admin.module.css';
import { usePaged } from './use-paged';

const statuses = ['pending', 'delivered', 'failed', 'dead'] as const;
const statusColor: Record<string, string> = { pending: 'blue', delivered: 'green', failed: 'orange', dead: 'red' };

function deliveryStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'pending': return t('admin.webhooks.status.pending');
    case 'delivered': return t('admin.webhooks.status.delivered');
    case 'failed': return t('admin.webhooks.status.failed');
    case 'dead': return t('admin.webhooks.status.dead');
    default: return status;
  }
}

function Deliveries({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>();
  const list = usePaged<Delivery, number>((before) => api.get<Page<Delivery>>(`/webhooks/${hook.id}/deliveries`, { query: { status, limit: 50, before } }), [hook.id, status]);
  const [error, setError] = useState<unknown>(null);

  async function replay(d: Delivery) {
    setError(null);
    try {
      await api.post<Delivery>(`/webhooks/${hook.id}/deliveries/${d.id}/replay`);
      void message.success(t('admin.webhooks.replayed'));
      void list.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <Drawer open width={760} title={t('admin.webhooks.deliveriesOf', { name: hook.name })} onClose={onClose} destroyOnHidden>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('admin.webhooks.filterStatus')}
          placeholder={t('admin.webhooks.filterStatus')}
          style={{ width: 180 }}
          value={status}
          onChange={setStatus}
          options={statuses.map((s) => ({ value: s, label: deliveryStatusLabel(t, s) }))}
        />
      </Space>
      <ApiErrorAlert error={list.error ?? error} />
      <Table<Delivery>
        size="small"
        rowKey="id"
        loading={list.loading}
        pagination={false}
        dataSource={list.items}
        locale={{ emptyText: t('admin.webhooks.noDeliveries') }}
        columns={[
          { title: t('admin.webhooks.topic'), dataIndex: 'topic', render: (x: string) => <code>{x}</code> },
          { title: t('admin.status'), dataIndex: 'status', render: (s: string) => <Tag color={statusColor[s]}>{deliveryStatusLabel(t, s)}</Tag> },
          { title: t('admin.webhooks.attempts'), dataIndex: 'attempt' },
          { title: t('admin.webhooks.lastAnswer'), key: 'ans', render: (_, d) => (d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—')) },
          { title: t('admin.webhooks.at'), dataIndex: 'createdAt', render: (x: string) => new Date(x).toLocaleString(i18n.language, { hour12: false }) },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, d) =>
              d.status === 'dead' || d.status === 'delivered' ? (
                <Button size="small" onClick={() => void replay(d)}>
                  {t('admin.webhooks.replay')}
                </Button>
              ) : null,
          },
        ]}
      />
      {list.next !== null ? (
        <Button block style={{ marginTop: 8 }} onClick={() => void list.more()}>
          {t('admin.more')}
        </Button>
      ) : null}
    </Drawer>
  );
}

export default function WebhooksSection() {
  const { t } = useTranslation();
  const list = usePaged<Webhook, number>((after) => api.get<Page<Webhook>>('/webhooks', { query: { limit: 50, after } }), []);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);
  const [form] = Form.useForm<{ name: string; url: string; regionCode: string; topics: string }>();

  useEffect(() => setError(null), [creating]);

  async function create(values: { name: string; url: string; regionCode: string; topics: string }) {
    setError(null);
    const topics = values.topics.trim() === '*' || values.topics.trim() === '' ? '*' : values.topics.split(/[\s,，]+/).filter(Boolean);
    try {
      const created = await api.post<Webhook & { secret: string }>('/webhooks', { name: values.name, url: values.url, regionCode: values.regionCode, topics });
      setSecret({ name: created.name, secret: created.secret });
      setCreating(false);
      form.resetFields();
      void list.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function setStatus(hook: Webhook, status: 'active' | 'paused') {
    setError(null);
    try {
      const saved = await api.patch<Webhook>(`/webhooks/${hook.id}`, { status, version: hook.version });
      list.setItems((items) => items.map((h) => (h.id === saved.id ? saved : h)));
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <Card
      title={t('admin.section.webhooks')}
      variant="borderless"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.webhooks.create')}
        </Button>
      }
    >
      <ApiErrorAlert error={list.error ?? (creating ? null : error)} />
      {secret ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setSecret(null)}
          style={{ marginBottom: 12 }}
          message={t('admin.webhooks.secretOnce', { name: secret.name })}
          description={
            <Typography.Paragraph copyable={{ text: secret.secret, tooltips: [t('admin.copy'), t('admin.copied')] }} className={styles.secret} style={{ margin: 0 }}>
              {secret.secret}
            </Typography.Paragraph>
          }
        />
      ) : null}
      <Table<Webhook>
        size="small"
        rowKey="id"
        loading={list.loading}
        pagination={false}
        dataSource={list.items}
        locale={{ emptyText: t('admin.webhooks.none') }}
        columns={[
          { title: t('admin.webhooks.name'), dataIndex: 'name' },
          { title: t('admin.webhooks.url'), dataIndex: 'url', render: (u: string) => <Typography.Text code ellipsis style={{ maxWidth: 260 }}>{u}</Typography.Text> },
          { title: t('admin.webhooks.topics'), dataIndex: 'topics', render: (topics: string[]) => topics.join(', ') },
          { title: t('admin.webhooks.region'), dataIndex: 'regionCode' },
          { title: t('admin.status'), dataIndex: 'status', render: (s: string) => (s === 'active' ? <Tag color="green">{t('admin.active')}</Tag> : <Tag color="orange">{t('admin.webhooks.paused')}</Tag>) },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, h) => (
              <Space size={4}>
                <Button size="small" onClick={() => setViewing(h)}>
                  {t('admin.webhooks.deliveries')}
                </Button>
                {h.status === 'active' ? (
                  <Button size="small" onClick={() => void setStatus(h, 'paused')}>
                    {t('admin.webhooks.pause')}
                  </Button>
                ) : (
                  <Button size="small" onClick={() => void setStatus(h, 'active')}>
                    {t('admin.webhooks.resume')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('admin.webhooks.create')} okText={t('admin.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ topics: '*' }}>
          <Form.Item name="name" label={t('admin.webhooks.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} autoFocus />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('admin.webhooks.url')}
            rules={[{ required: true }, { validator: (_rule, value?: string) => (!value || /^https?:\/\/[^\s/]+/.test(value) ? Promise.resolve() : Promise.reject(new Error(t('admin.webhooks.urlRule')))) }]}
          >
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="regionCode" label={t('admin.webhooks.region')} rules={[{ required: true, pattern: /^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, message: t('admin.regionCodeRule') }]}>
            <Input maxLength={12} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="topics" label={t('admin.webhooks.topics')} extra={t('admin.webhooks.topicsHint')}>
            <Input />
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
      {viewing ? <Deliveries hook={viewing} onClose={() => setViewing(null)} /> : null}
    </Card>
  );
}
