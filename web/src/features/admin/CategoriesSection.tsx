// 事项类别与派单规则: the two-level category taxonomy and the routing rules. Admins create and edit
// categories and retire them (never delete: cases keep their codes), and add or remove routing rules.
// Server field errors land on the form field they name.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, type FormInstance, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { levelLabel } from '../../i18n/labels';
import { kindLabel } from '../cases/case-labels';
import { api } from './admin.api';
import styles from './Admin.module.css';

interface RoutingRule {
  id: number;
  categoryCode: string;
  regionLevel: number | null;
  departmentKind: string;
  sort: number;
}

interface CategoryRecord {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  defaultKind: string | null;
  departmentKind: string | null;
  keywords: string;
  status: 'active' | 'retired';
}

type CategoryRow = CategoryRecord & { children?: CategoryRow[] };

interface CategoryForm {
  code: string;
  name: string;
  nameEn: string;
  defaultKind?: string | null;
  departmentKind?: string | null;
  keywords?: string;
}

interface RuleForm {
  categoryCode: string;
  regionLevel: number | 'any';
  departmentKind: string;
  sort: number;
}

const levels = ['province', 'city', 'county', 'township', 'village'];
const caseKinds = ['request', 'complaint', 'dispute', 'hazard', 'consultation', 'crisis', 'praise', 'proxy_errand'] as const;
const departmentKinds = [
  'police_station', 'public_security', 'court', 'procuratorate', 'judicial_office', 'petition_office', 'civil_affairs', 'human_resources_social_security',
  'housing', 'market_regulation', 'health', 'education', 'emergency_management', 'fire_rescue', 'natural_resources', 'ecology_environment', 'transport',
  'water', 'agriculture', 'forestry_grassland', 'urban_management', 'culture_tourism', 'trade_union', 'youth_league', 'womens_federation',
];

/** Level-1 rows with their level-2 children; leaves get no children array (no expander). */
function rowsOf(items: CategoryRecord[]): CategoryRow[] {
  return items
    .filter((c) => c.parentCode === null)
    .map((top) => {
      const children = items.filter((c) => c.parentCode === top.code);
      return children.length > 0 ? { ...top, children } : top;
    });
}

/** Puts the server's field errors on the form fields they name; true when every one found a field. */
function showFieldErrors<T extends object>(form: FormInstance<T>, error: unknown, fields: string[]): boolean {
  if (!isApiError(error) || error.errors.length === 0) return false;
  const onForm = error.errors.filter((e) => fields.includes(e.field));
  form.setFields(onForm.map((e) => ({ name: e.field as never, errors: [e.message] })));
  return onForm.length === error.errors.length;
}

export default function CategoriesSection() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<CategoryRecord[] | null>(null);
  const [rules, setRules] = useState<RoutingRule[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [editing, setEditing] = useState<CategoryRecord | 'new' | null>(null);
  const [addingRule, setAddingRule] = useState(false);
  const [form] = Form.useForm<CategoryForm>();
  const [ruleForm] = Form.useForm<RuleForm>();

  const load = useCallback(() => {
    api.get<{ items: CategoryRecord[] }>('/categories/all').then((r) => setItems(r.items), setError);
    api.get<{ items: RoutingRule[] }>('/routing-rules').then((r) => setRules(r.items), setError);
  }, []);
  useEffect(load, [load]);

  const nameOf = useCallback((c: CategoryRecord) => (i18n.language === 'en' ? c.nameEn || c.name : c.name), [i18n.language]);
  const names = useMemo(() => new Map((items ?? []).map((c) => [c.code, nameOf(c)])), [items, nameOf]);
  const kindOptions = caseKinds.map((k) => ({ value: k, label: kindLabel(t, k) }));
  const departmentOptions = departmentKinds.map((k) => ({ value: k, label: k }));

  function openEditor(target: CategoryRecord | 'new', parentCode?: string) {
    setFormError(null);
    setEditing(target);
    form.resetFields();
    if (target === 'new') form.setFieldsValue({ code: parentCode ?? '', defaultKind: null, departmentKind: null, keywords: '' });
    else form.setFieldsValue({ ...target });
  }

  async function saveCategory(values: CategoryForm) {
    setFormError(null);
    try {
      const body = { name: values.name, nameEn: values.nameEn, defaultKind: values.defaultKind ?? null, departmentKind: values.departmentKind ?? null, keywords: values.keywords ?? '' };
      if (editing === 'new') await api.post('/categories', { code: values.code, ...body });
      else if (editing) await api.patch(`/categories/${editing.code}`, body);
      void message.success(t('admin.saved'));
      setEditing(null);
      load();
    } catch (caught) {
      if (!showFieldErrors(form, caught, ['code', 'name', 'nameEn', 'defaultKind', 'departmentKind', 'keywords'])) setFormError(caught);
    }
  }

  async function setStatus(c: CategoryRecord, status: 'active' | 'retired') {
    setError(null);
    try {
      await api.patch(`/categories/${c.code}`, { status });
      load();
    } catch (caught) {
      setError(caught);
    }
  }

  async function addRule(values: RuleForm) {
    setFormError(null);
    try {
      await api.post('/routing-rules', { ...values, regionLevel: values.regionLevel === 'any' ? null : values.regionLevel });
      void message.success(t('admin.saved'));
      setAddingRule(false);
      load();
    } catch (caught) {
      if (!showFieldErrors(ruleForm, caught, ['categoryCode', 'regionLevel', 'departmentKind', 'sort'])) setFormError(caught);
    }
  }

  async function removeRule(rule: RoutingRule) {
    setError(null);
    try {
      await api.delete(`/routing-rules/${rule.id}`);
      setRules((current) => (current ?? []).filter((r) => r.id !== rule.id));
    } catch (caught) {
      setError(caught);
    }
  }

  const activeCategories = (items ?? []).filter((c) => c.status === 'active');

  return (
    <>
      <Card title={t('admin.section.categories')} variant="borderless">
        <Typography.Paragraph type="secondary">{t('admin.categories.hint')}</Typography.Paragraph>
        <div className={styles.toolbar}>
          <span />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')}>
            {t('admin.categories.create')}
          </Button>
        </div>
        <ApiErrorAlert error={editing || addingRule ? null : error} />
        <Table<CategoryRow>
          size="small"
          rowKey="code"
          loading={items === null && !error}
          pagination={false}
          dataSource={rowsOf(items ?? [])}
          tableLayout="fixed"
          expandable={{ childrenColumnName: 'children' }}
          columns={[
            { title: t('admin.categories.code'), dataIndex: 'code', width: 96, render: (c: string) => <code>{c}</code> },
            { title: t('admin.categories.name'), dataIndex: 'name', ellipsis: true, render: (_: string, c) => nameOf(c) },
            { title: t('admin.categories.defaultKind'), dataIndex: 'defaultKind', width: 110, render: (k: string | null) => (k ? kindLabel(t, k) : '—') },
            { title: t('admin.categories.departmentKind'), dataIndex: 'departmentKind', ellipsis: true, render: (d: string | null) => d ?? '—' },
            { title: t('admin.status'), dataIndex: 'status', width: 76, render: (s: string) => (s === 'active' ? <Tag color="green">{t('admin.active')}</Tag> : <Tag>{t('admin.retired')}</Tag>) },
            {
              title: t('admin.actions'),
              key: 'actions',
              width: 216,
              render: (_, c) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => openEditor(c)}>
                    {t('admin.edit')}
                  </Button>
                  {c.parentCode === null && c.status === 'active' ? (
                    <Button size="small" onClick={() => openEditor('new', c.code)}>
                      {t('admin.categories.addChild')}
                    </Button>
                  ) : null}
                  {c.status === 'active' ? (
                    <Popconfirm title={t('admin.categories.retireConfirm', { code: c.code })} okText={t('admin.retire')} cancelText={t('common.cancel')} onConfirm={() => setStatus(c, 'retired')}>
                      <Button size="small" danger>
                        {t('admin.retire')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => void setStatus(c, 'active')}>
                      {t('admin.reactivate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('admin.categories.routing')} variant="borderless">
        <Typography.Paragraph type="secondary">{t('admin.categories.routingHint')}</Typography.Paragraph>
        <div className={styles.toolbar}>
          <span />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormError(null);
              ruleForm.resetFields();
              setAddingRule(true);
            }}
          >
            {t('admin.categories.addRule')}
          </Button>
        </div>
        <Table<RoutingRule>
          size="small"
          rowKey="id"
          loading={rules === null && !error}
          pagination={false}
          dataSource={rules ?? []}
          columns={[
            { title: t('admin.categories.category'), dataIndex: 'categoryCode', render: (c: string) => `${c} ${names.get(c) ?? ''}` },
            { title: t('admin.categories.regionLevel'), dataIndex: 'regionLevel', render: (l: number | null) => (l === null ? t('admin.categories.anyLevel') : levelLabel(t, levels[l] ?? String(l))) },
            { title: t('admin.categories.departmentKind'), dataIndex: 'departmentKind' },
            { title: t('admin.categories.sort'), dataIndex: 'sort', width: 80 },
            {
              title: t('admin.actions'),
              key: 'actions',
              width: 100,
              render: (_, r) => (
                <Popconfirm title={t('admin.categories.removeRuleConfirm')} okText={t('admin.categories.removeRule')} cancelText={t('common.cancel')} onConfirm={() => removeRule(r)}>
                  <Button size="small" danger aria-label={`${t('admin.categories.removeRule')} ${r.categoryCode} ${r.departmentKind}`}>
                    {t('admin.categories.removeRule')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.categories.create') : t('admin.edit')}
        okText={t('admin.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form<CategoryForm> form={form} layout="vertical" onFinish={saveCategory}>
          <Form.Item name="code" label={t('admin.categories.code')} extra={t('admin.categories.codeHint')} rules={[{ required: true, pattern: /^\d{2}(\d{2})?$/, message: t('admin.categories.codeRule') }]}>
            <Input maxLength={4} inputMode="numeric" disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label={t('admin.categories.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.categories.nameEn')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="defaultKind" label={t('admin.categories.defaultKind')}>
            <Select allowClear options={kindOptions} />
          </Form.Item>
          <Form.Item name="departmentKind" label={t('admin.categories.departmentKind')}>
            <Select allowClear showSearch options={departmentOptions} />
          </Form.Item>
          <Form.Item name="keywords" label={t('admin.categories.keywords')} extra={t('admin.categories.keywordsHint')}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
          <ApiErrorAlert error={formError} />
        </Form>
      </Modal>
      <Modal open={addingRule} title={t('admin.categories.addRule')} okText={t('admin.save')} cancelText={t('common.cancel')} onOk={() => ruleForm.submit()} onCancel={() => setAddingRule(false)} forceRender>
        <Form<RuleForm> form={ruleForm} layout="vertical" onFinish={addRule} initialValues={{ regionLevel: 'any', sort: 10 }}>
          <Form.Item name="categoryCode" label={t('admin.categories.category')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={activeCategories.map((c) => ({ value: c.code, label: `${c.code} ${nameOf(c)}` }))}
            />
          </Form.Item>
          <Form.Item name="regionLevel" label={t('admin.categories.regionLevel')} rules={[{ required: true }]}>
            <Select options={[{ value: 'any', label: t('admin.categories.anyLevel') }, ...levels.map((l, i) => ({ value: i, label: levelLabel(t, l) }))]} />
          </Form.Item>
          <Form.Item name="departmentKind" label={t('admin.categories.departmentKind')} rules={[{ required: true }]}>
            <Select showSearch options={departmentOptions} />
          </Form.Item>
          <Form.Item name="sort" label={t('admin.categories.sort')} extra={t('admin.categories.sortHint')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
          <ApiErrorAlert error={formError} />
        </Form>
      </Modal>
    </>
  );
}
