// 区域与网格管理: the region tree of the caller's scope (the same tree as 区域与网格), and for the
// selected region its grids: create one in a village, import many from CSV (all or nothing), rename,
// retire with a reason, and assign or release grid workers.
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Space, Table, Tag, Tree, Typography, Upload } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { gridStatusLabel, levelLabel } from '../../i18n/labels';
import { useMe } from '../auth/session';
import { rootCodesOf } from '../regions/RegionBrowserPage';
import { useRegionTree } from '../regions/useRegionTree';
import { type GridDetail, type GridRow, api, postCsv } from './admin.api';
import styles from './Admin.module.css';
import { UserPicker } from './UnitPicker';

type Dialog = { kind: 'create' } | { kind: 'rename'; grid: GridRow } | { kind: 'retire'; grid: GridRow } | { kind: 'workers'; grid: GridDetail } | null;

export default function GridsSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const roots = useMemo(() => rootCodesOf(me), [me]);
  const { state, ensureChildren, setExpanded, setSelected, loadedKeys } = useRegionTree(roots);
  const selected = state.selected ? state.items[state.selected] : undefined;
  const region = selected?.kind === 'region' ? selected.region : undefined;
  const [grids, setGrids] = useState<GridRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const [workerId, setWorkerId] = useState<number | undefined>();

  async function loadGrids(code: string) {
    setLoading(true);
    try {
      setGrids((await api.get<{ items: GridRow[] }>('/grids', { query: { region: code, limit: 200 } })).items);
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    if (region) void loadGrids(region.code);
    else setGrids([]);
  }, [region?.code]);

  const treeData = useMemo(() => {
    const build = (key: string): TreeDataNode | null => {
      const item = state.items[key];
      if (!item || item.kind !== 'region') return null;
      const village = item.region.level === 'village';
      const kids = village ? undefined : state.children[key]?.map(build).filter((n): n is TreeDataNode => n !== null);
      return {
        key,
        title: (
          <span>
            <span>{item.region.name}</span> <Typography.Text type="secondary">{levelLabel(t, item.region.level)}</Typography.Text>
          </span>
        ),
        isLeaf: village || item.region.childCount === 0,
        ...(kids ? { children: kids } : {}),
      };
    };
    return state.roots.map(build).filter((n): n is TreeDataNode => n !== null);
  }, [state.roots, state.items, state.children, t]);

  async function act<T>(call: () => Promise<T>, done: string): Promise<T | undefined> {
    setError(null);
    try {
      const result = await call();
      void message.success(done);
      if (region) void loadGrids(region.code);
      return result;
    } catch (caught) {
      setError(caught);
      return undefined;
    }
  }

  async function submit(values: { name?: string; code?: string; reason?: string }) {
    if (!dialog || !region) return;
    let ok: unknown;
    if (dialog.kind === 'create') ok = await act(() => api.post<GridDetail>('/grids', { regionCode: region.code, name: values.name, ...(values.code ? { code: values.code } : {}) }), t('admin.grids.created'));
    if (dialog.kind === 'rename') ok = await act(() => api.patch<GridDetail>(`/grids/${dialog.grid.code}`, { name: values.name, version: dialog.grid.version }), t('admin.saved'));
    if (dialog.kind === 'retire') ok = await act(() => api.post<GridDetail>(`/grids/${dialog.grid.code}/retire`, { reason: values.reason, version: dialog.grid.version }), t('admin.saved'));
    if (ok) {
      setDialog(null);
      form.resetFields();
    }
  }

  async function openWorkers(grid: GridRow) {
    setError(null);
    try {
      setDialog({ kind: 'workers', grid: await api.get<GridDetail>(`/grids/${grid.code}`) });
    } catch (caught) {
      setError(caught);
    }
  }

  async function changeWorkers(call: () => Promise<unknown>) {
    if (dialog?.kind !== 'workers') return;
    const code = dialog.grid.code;
    const ok = await act(call, t('admin.saved'));
    if (ok !== undefined) setDialog({ kind: 'workers', grid: await api.get<GridDetail>(`/grids/${code}`) });
  }

  async function importCsv(file: File) {
    const text = await file.text();
    const result = await act(() => postCsv<{ created: number }>('/grids/import', text), t('admin.grids.importing'));
    if (result) void message.success(t('admin.grids.imported', { count: result.created }));
  }

  const isVillage = region?.level === 'village';
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) minmax(0, 2fr)', gap: 16, alignItems: 'start' }}>
      <Card title={t('regions.treeTitle')} variant="borderless">
        {state.error ? <ApiErrorAlert error={state.error} /> : null}
        <Tree
          aria-label={t('regions.treeTitle')}
          treeData={treeData}
          height={560}
          blockNode
          expandedKeys={state.expanded}
          loadedKeys={loadedKeys}
          selectedKeys={state.selected ? [state.selected] : []}
          onExpand={(keys) => setExpanded(keys.map(String))}
          onSelect={(keys) => setSelected(keys.length > 0 ? String(keys[0]) : null)}
          loadData={(node) => ensureChildren(String(node.key)).catch(() => undefined)}
        />
      </Card>
      <Card
        title={region ? t('admin.grids.of', { name: region.name }) : t('admin.section.grids')}
        variant="borderless"
        extra={
          <Space>
            <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(file) => (void importCsv(file), false)}>
              <Button icon={<UploadOutlined />}>{t('admin.grids.import')}</Button>
            </Upload>
            <Button type="primary" icon={<PlusOutlined />} disabled={!isVillage} onClick={() => setDialog({ kind: 'create' })}>
              {t('admin.grids.create')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('admin.grids.importHint')}</Typography.Paragraph>
        <ApiErrorAlert error={dialog ? null : error} />
        {region ? (
          <Table<GridRow>
            size="small"
            rowKey="code"
            loading={loading}
            dataSource={grids}
            pagination={false}
            locale={{ emptyText: t('regions.noGrids') }}
            columns={[
              { title: t('grids.code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
              { title: t('admin.grids.name'), dataIndex: 'name' },
              { title: t('grids.village'), dataIndex: 'regionName' },
              { title: t('grids.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{gridStatusLabel(t, s)}</Tag> },
              {
                title: t('admin.actions'),
                key: 'actions',
                render: (_, g) =>
                  g.status === 'active' ? (
                    <Space size={4}>
                      <Button size="small" onClick={() => (form.setFieldsValue({ name: g.name }), setDialog({ kind: 'rename', grid: g }))}>
                        {t('admin.rename')}
                      </Button>
                      <Button size="small" onClick={() => void openWorkers(g)}>
                        {t('grids.workers')}
                      </Button>
                      <Button size="small" danger onClick={() => setDialog({ kind: 'retire', grid: g })}>
                        {t('admin.retire')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regions.selectHint')} />
        )}
      </Card>

      <Modal
        open={dialog !== null && dialog.kind !== 'workers'}
        title={dialog?.kind === 'create' ? t('admin.grids.create') : dialog?.kind === 'retire' ? t('admin.retire') : t('admin.rename')}
        okText={t('admin.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          {dialog?.kind === 'retire' ? (
            <Form.Item name="reason" label={t('admin.grids.reason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea maxLength={500} autoFocus />
            </Form.Item>
          ) : (
            <Form.Item name="name" label={t('admin.grids.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} autoFocus />
            </Form.Item>
          )}
          {dialog?.kind === 'create' ? (
            <Form.Item name="code" label={t('admin.grids.suffix')} extra={t('admin.grids.suffixHint')} rules={[{ pattern: /^\d{3}$/, message: t('admin.grids.suffixHint') }]}>
              <Input maxLength={3} inputMode="numeric" style={{ width: 120 }} />
            </Form.Item>
          ) : null}
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>

      <Modal open={dialog?.kind === 'workers'} title={dialog?.kind === 'workers' ? `${t('grids.workers')} · ${dialog.grid.name}` : ''} footer={null} onCancel={() => setDialog(null)} destroyOnHidden>
        {dialog?.kind === 'workers' ? (
          <>
            <Table
              size="small"
              rowKey="userId"
              pagination={false}
              dataSource={dialog.grid.workers}
              locale={{ emptyText: t('grids.noWorkers') }}
              columns={[
                { title: t('admin.users.name'), dataIndex: 'displayName' },
                { title: t('admin.users.username'), dataIndex: 'username' },
                {
                  title: t('admin.actions'),
                  key: 'a',
                  render: (_, w: { userId: number }) => (
                    <Button size="small" danger onClick={() => void changeWorkers(() => api.delete<void>(`/grids/${dialog.grid.code}/workers/${w.userId}`).then(() => true))}>
                      {t('admin.grids.release')}
                    </Button>
                  ),
                },
              ]}
            />
            <Space.Compact style={{ width: '100%', marginTop: 12 }}>
              <div style={{ flex: 1 }}>
                <UserPicker value={workerId} onChange={setWorkerId} />
              </div>
              <Button
                type="primary"
                disabled={workerId === undefined}
                onClick={() => workerId !== undefined && void changeWorkers(() => api.post<GridDetail>(`/grids/${dialog.grid.code}/workers`, { userId: workerId })).then(() => setWorkerId(undefined))}
              >
                {t('admin.grids.assign')}
              </Button>
            </Space.Compact>
            <div style={{ marginTop: 8 }}>
              <ApiErrorAlert error={error} />
            </div>
          </>
        ) : null}
      </Modal>
    </div>
  );
}
