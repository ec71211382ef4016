// 人员: accounts holding roles in the caller's scope (phones masked); create an account with a role,
// give or take roles, disable and enable. Passwords are reset with `pingan user reset-password`.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { roleLabel } from '../../i18n/labels';
import { roles } from '../auth/session.types';
import { type Page, type UserAccount, api } from './admin.api';
import styles from './Admin.module.css';
import { UnitPicker } from './UnitPicker';
import { usePaged } from './use-paged';

interface CreateForm {
  username: string;
  displayName: string;
  password: string;
  phone?: string;
  role: string;
  unitId: number;
}

export default function UsersSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const list = usePaged<UserAccount, number>((after) => api.get<Page<UserAccount>>('/users', { query: { q: q || undefined, limit: 50, after } }), [q]);
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserAccount | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<CreateForm>();
  const [grantForm] = Form.useForm<{ role: string; unitId: number }>();
  const roleOptions = roles.map((r) => ({ value: r, label: roleLabel(t, r) }));

  const replace = (user: UserAccount) => list.setItems((items) => items.map((u) => (u.id === user.id ? user : u)));

  async function run<T>(call: () => Promise<T>): Promise<T | undefined> {
    setError(null);
    try {
      return await call();
    } catch (caught) {
      setError(caught);
      return undefined;
    }
  }

  async function create(values: CreateForm) {
    const user = await run(() =>
      api.post<UserAccount>('/users', {
        username: values.username,
        displayName: values.displayName,
        password: values.password,
        ...(values.phone ? { phone: values.phone } : {}),
        grants: [{ role: values.role, unitId: values.unitId }],
      }),
    );
    if (!user) return;
    void message.success(t('admin.users.created', { name: user.displayName }));
    setCreating(false);
    form.resetFields();
    list.setItems((items) => [user, ...items]);
  }

  async function grant(values: { role: string; unitId: number }) {
    if (!granting) return;
    const user = await run(() => api.post<UserAccount>(`/users/${granting.id}/grants`, values));
    if (!user) return;
    replace(user);
    setGranting(null);
    grantForm.resetFields();
  }

  return (
    <Card title={t('admin.section.users')} variant="borderless">
      <div className={styles.toolbar}>
        <Input.Search allowClear placeholder={t('admin.users.search')} aria-label={t('admin.users.search')} onSearch={setQ} style={{ maxWidth: 320 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.users.create')}
        </Button>
      </div>
      <ApiErrorAlert error={list.error ?? (creating || granting ? null : error)} />
      <Table<UserAccount>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          {
            title: t('admin.users.name'),
            dataIndex: 'displayName',
            render: (name: string, u) => (
              <span>
                {name} <Typography.Text type="secondary">@{u.username}</Typography.Text>
              </span>
            ),
          },
          { title: t('admin.users.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          {
            title: t('admin.users.grants'),
            key: 'grants',
            render: (_, u) => (
              <Space size={[4, 4]} wrap>
                {u.grants.map((g) => (
                  <Tag
                    key={g.id}
                    closable
                    closeIcon={<span aria-label={t('admin.users.removeGrant')}>×</span>}
                    onClose={(e) => {
                      e.preventDefault();
                      void run(() => api.delete<void>(`/users/${u.id}/grants/${g.id}`)).then(() => replace({ ...u, grants: u.grants.filter((x) => x.id !== g.id) }));
                    }}
                  >
                    {roleLabel(t, g.role)} · {g.unitName}
                  </Tag>
                ))}
                <Button size="small" type="dashed" onClick={() => setGranting(u)}>
                  {t('admin.users.addGrant')}
                </Button>
              </Space>
            ),
          },
          { title: t('admin.status'), dataIndex: 'status', render: (s: string) => (s === 'active' ? <Tag color="green">{t('admin.active')}</Tag> : <Tag color="red">{t('admin.disabled')}</Tag>) },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, u) =>
              u.status === 'active' ? (
                <Button size="small" danger onClick={() => void run(() => api.post<UserAccount>(`/users/${u.id}/disable`)).then((x) => x && replace(x))}>
                  {t('admin.users.disable')}
                </Button>
              ) : (
                <Button size="small" onClick={() => void run(() => api.post<UserAccount>(`/users/${u.id}/enable`)).then((x) => x && replace(x))}>
                  {t('admin.users.enable')}
                </Button>
              ),
          },
        ]}
      />
      {list.next !== null ? (
        <Button block style={{ marginTop: 8 }} onClick={() => void list.more()}>
          {t('admin.more')}
        </Button>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('admin.users.resetHint')} <code>pingan user reset-password &lt;username&gt;</code>
      </Typography.Paragraph>

      <Modal open={creating} title={t('admin.users.create')} okText={t('admin.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<CreateForm> form={form} layout="vertical" onFinish={create}>
          <Form.Item name="username" label={t('admin.users.username')} extra={t('admin.users.usernameRule')} rules={[{ required: true, pattern: /^[a-z0-9_.-]{3,40}$/, message: t('admin.users.usernameRule') }]}>
            <Input autoFocus autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.users.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="password" label={t('admin.users.password')} rules={[{ required: true, min: 10, message: t('admin.users.passwordRule') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="phone" label={t('admin.users.phone')}>
            <Input inputMode="tel" />
          </Form.Item>
          <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="unitId" label={t('admin.users.unit')} rules={[{ required: true }]}>
            <UnitPicker />
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
      <Modal open={granting !== null} title={t('admin.users.addGrant')} okText={t('admin.save')} cancelText={t('common.cancel')} onOk={() => grantForm.submit()} onCancel={() => setGranting(null)} destroyOnHidden>
        <Form form={grantForm} layout="vertical" onFinish={grant}>
          <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="unitId" label={t('admin.users.unit')} rules={[{ required: true }]}>
            <UnitPicker />
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
    </Card>
  );
}
