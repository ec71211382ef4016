// API 令牌: tokens for integrations. A new token is shown once (only its hash is stored), with a copy
// button; the list shows prefixes, use and revocation; revoking takes effect on the next call.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type ApiToken, api } from './admin.api';
import styles from './Admin.module.css';
import { UnitPicker } from './UnitPicker';

interface Created {
  id: number;
  name: string;
  token: string;
  prefix: string;
}

export default function TokensSection() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [form] = Form.useForm<{ name: string; unitId?: number }>();

  const load = () => api.get<{ items: ApiToken[] }>('/auth/tokens').then((r) => setTokens(r.items), setError);
  useEffect(() => void load(), []);

  async function create(values: { name: string; unitId?: number }) {
    setError(null);
    try {
      setCreated(await api.post<Created>('/auth/tokens', { name: values.name, ...(values.unitId ? { unitId: values.unitId } : {}) }));
      setCreating(false);
      form.resetFields();
      void load();
    } catch (caught) {
      setError(caught);
    }
  }

  async function revoke(token: ApiToken) {
    setError(null);
    try {
      await api.delete<void>(`/auth/tokens/${token.id}`);
      void message.success(t('admin.tokens.revoked', { name: token.name }));
      void load();
    } catch (caught) {
      setError(caught);
    }
  }

  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language, { hour12: false }) : '—');
  return (
    <Card
      title={t('admin.section.tokens')}
      variant="borderless"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.tokens.create')}
        </Button>
      }
    >
      <ApiErrorAlert error={creating ? null : error} />
      {created ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setCreated(null)}
          style={{ marginBottom: 12 }}
          message={t('admin.tokens.showOnce', { name: created.name })}
          description={
            <Typography.Paragraph copyable={{ text: created.token, tooltips: [t('admin.copy'), t('admin.copied')] }} className={styles.secret} style={{ margin: 0 }} data-testid="new-token">
              {created.token}
            </Typography.Paragraph>
          }
        />
      ) : null}
      <Table<ApiToken>
        size="small"
        rowKey="id"
        loading={tokens === null && !error}
        pagination={false}
        dataSource={tokens ?? []}
        locale={{ emptyText: t('admin.tokens.none') }}
        columns={[
          { title: t('admin.tokens.name'), dataIndex: 'name' },
          { title: t('admin.tokens.prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
          { title: t('admin.tokens.createdAt'), dataIndex: 'createdAt', render: time },
          { title: t('admin.tokens.lastUsed'), dataIndex: 'lastUsedAt', render: time },
          { title: t('admin.status'), dataIndex: 'revokedAt', render: (r: string | null) => (r ? <Tag>{t('admin.tokens.revokedTag')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>) },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, token) =>
              token.revokedAt ? null : (
                <Popconfirm title={t('admin.tokens.revokeConfirm', { name: token.name })} okText={t('admin.tokens.revoke')} cancelText={t('common.cancel')} onConfirm={() => revoke(token)}>
                  <Button size="small" danger>
                    {t('admin.tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('admin.tokens.create')} okText={t('admin.tokens.create')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item name="name" label={t('admin.tokens.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} autoFocus />
          </Form.Item>
          <Form.Item name="unitId" label={t('admin.tokens.unit')} extra={t('admin.tokens.unitHint')}>
            <UnitPicker />
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
    </Card>
  );
}
