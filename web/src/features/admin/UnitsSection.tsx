// 单位: the units in the caller's scope; create one in a region the caller manages; rename or retire.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { unitKindLabel } from '../../i18n/labels';
import { type Page, type Unit, api } from './admin.api';
import styles from './Admin.module.css';
import { usePaged } from './use-paged';

const unitKinds = ['center', 'department', 'social_org', 'mediation_committee'] as const;
const departmentKinds = [
  'police_station', 'public_security', 'court', 'procuratorate', 'judicial_office', 'petition_office', 'civil_affairs', 'human_resources_social_security',
  'housing', 'market_regulation', 'health', 'education', 'emergency_management', 'fire_rescue', 'natural_resources', 'ecology_environment', 'transport',
  'water', 'agriculture', 'forestry_grassland', 'urban_management', 'culture_tourism',
];

interface UnitForm {
  kind: string;
  departmentKind?: string;
  name: string;
  regionCode: string;
}

export default function UnitsSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const list = usePaged<Unit, number>((after) => api.get<Page<Unit>>('/units', { query: { q: q || undefined, limit: 50, after } }), [q]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<UnitForm>();
  const [renameForm] = Form.useForm<{ name: string }>();
  const kind = Form.useWatch('kind', form);

  async function create(values: UnitForm) {
    setError(null);
    try {
      const unit = await api.post<Unit>('/units', { ...values, ...(values.kind === 'department' ? {} : { departmentKind: undefined }) });
      void message.success(t('admin.units.created', { name: unit.name }));
      setCreating(false);
      form.resetFields();
      // The new unit goes on top: the list is in id order and may run to many pages.
      list.setItems((items) => [unit, ...items]);
    } catch (caught) {
      setError(caught);
    }
  }

  async function patch(unit: Unit, body: { name?: string; status?: string }) {
    setError(null);
    try {
      const saved = await api.patch<Unit>(`/units/${unit.id}`, { ...body, version: unit.version });
      list.setItems((items) => items.map((u) => (u.id === saved.id ? saved : u)));
      setEditing(null);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <Card title={t('admin.section.units')} variant="borderless">
      <div className={styles.toolbar}>
        <Input.Search allowClear placeholder={t('admin.units.search')} aria-label={t('admin.units.search')} onSearch={setQ} style={{ maxWidth: 320 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.units.create')}
        </Button>
      </div>
      <ApiErrorAlert error={list.error ?? (creating || editing ? null : error)} />
      <Table<Unit>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t('admin.units.name'), dataIndex: 'name' },
          { title: t('admin.units.kind'), dataIndex: 'kind', render: (k: string, u) => `${unitKindLabel(t, k)}${u.departmentKind ? ` · ${u.departmentKind}` : ''}` },
          { title: t('admin.units.region'), dataIndex: 'regionName', render: (name: string, u) => `${name} (${u.regionCode})` },
          { title: t('admin.status'), dataIndex: 'status', render: (s: string) => (s === 'active' ? <Tag color="green">{t('admin.active')}</Tag> : <Tag>{t('admin.retired')}</Tag>) },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space size={4}>
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(u);
                    renameForm.setFieldsValue({ name: u.name });
                  }}
                >
                  {t('admin.rename')}
                </Button>
                {u.status === 'active' ? (
                  <Button size="small" danger onClick={() => void patch(u, { status: 'retired' })}>
                    {t('admin.retire')}
                  </Button>
                ) : (
                  <Button size="small" onClick={() => void patch(u, { status: 'active' })}>
                    {t('admin.reactivate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {list.next !== null ? (
        <Button block style={{ marginTop: 8 }} onClick={() => void list.more()}>
          {t('admin.more')}
        </Button>
      ) : null}
      <Modal open={creating} title={t('admin.units.create')} okText={t('admin.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<UnitForm> form={form} layout="vertical" onFinish={create} initialValues={{ kind: 'department' }}>
          <Form.Item name="name" label={t('admin.units.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} autoFocus />
          </Form.Item>
          <Form.Item name="kind" label={t('admin.units.kind')} rules={[{ required: true }]}>
            <Select options={unitKinds.map((k) => ({ value: k, label: unitKindLabel(t, k) }))} />
          </Form.Item>
          {kind === 'department' ? (
            <Form.Item name="departmentKind" label={t('admin.units.departmentKind')} rules={[{ required: true }]}>
              <Select showSearch options={departmentKinds.map((k) => ({ value: k, label: k }))} />
            </Form.Item>
          ) : null}
          <Form.Item name="regionCode" label={t('admin.units.regionCode')} rules={[{ required: true, pattern: /^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, message: t('admin.regionCodeRule') }]}>
            <Input maxLength={12} inputMode="numeric" />
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
      <Modal open={editing !== null} title={t('admin.rename')} okText={t('admin.save')} cancelText={t('common.cancel')} onOk={() => renameForm.submit()} onCancel={() => setEditing(null)} destroyOnHidden>
        <Form form={renameForm} layout="vertical" onFinish={(v) => editing && void patch(editing, { name: v.name })}>
          <Form.Item name="name" label={t('admin.units.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} autoFocus />
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
    </Card>
  );
}
