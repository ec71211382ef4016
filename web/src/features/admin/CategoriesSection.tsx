// 事项类别与派单规则: the two-level category taxonomy and the routing rules as the server holds them
// (read-only: both are shipped data; the dispatch proposal follows the rules).
import { Card, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { levelLabel } from '../../i18n/labels';
import { type Category, api } from './admin.api';

interface RoutingRule {
  id: number;
  categoryCode: string;
  regionLevel: number | null;
  departmentKind: string;
  sort: number;
}

const levels = ['province', 'city', 'county', 'township', 'village'];

type CategoryRow = Omit<Category, 'children'> & { children?: CategoryRow[] };

/** Leaves without a children array, so the table shows no expander on them. */
function rowsOf(categories: Category[]): CategoryRow[] {
  return categories.map(({ children, ...rest }) => (children.length > 0 ? { ...rest, children: rowsOf(children) } : rest));
}

/** 派单规则: which department kind is proposed as lead for a category, by region level. */
function RoutingRules({ names }: { names: Map<string, string> }) {
  const { t } = useTranslation();
  const [rules, setRules] = useState<RoutingRule[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<{ items: RoutingRule[] }>('/routing-rules').then((r) => setRules(r.items), setError);
  }, []);
  return (
    <Card title={t('admin.categories.routing')} variant="borderless">
      <Typography.Paragraph type="secondary">{t('admin.categories.routingHint')}</Typography.Paragraph>
      <ApiErrorAlert error={error} />
      <Table<RoutingRule>
        size="small"
        rowKey="id"
        loading={rules === null && !error}
        pagination={false}
        dataSource={rules ?? []}
        columns={[
          { title: t('admin.categories.code'), dataIndex: 'categoryCode', render: (c: string) => `${c} ${names.get(c) ?? ''}` },
          { title: t('admin.categories.regionLevel'), dataIndex: 'regionLevel', render: (l: number | null) => (l === null ? t('admin.categories.anyLevel') : levelLabel(t, levels[l] ?? String(l))) },
          { title: t('admin.categories.departmentKind'), dataIndex: 'departmentKind' },
        ]}
      />
    </Card>
  );
}

export default function CategoriesSection() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Category[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<{ items: Category[] }>('/categories').then((r) => setItems(r.items), setError);
  }, []);
  const names = new Map((items ?? []).flatMap((c) => [[c.code, c.name] as const, ...c.children.map((k) => [k.code, k.name] as const)]));
  return (
    <>
      <Card title={t('admin.section.categories')} variant="borderless">
        <Typography.Paragraph type="secondary">{t('admin.categories.hint')}</Typography.Paragraph>
        <ApiErrorAlert error={error} />
        <Table<CategoryRow>
          size="small"
          rowKey="code"
          loading={items === null && !error}
          pagination={false}
          dataSource={rowsOf(items ?? [])}
          expandable={{ childrenColumnName: 'children' }}
          columns={[
            { title: t('admin.categories.code'), dataIndex: 'code', width: 120, render: (c: string) => <code>{c}</code> },
            { title: t('admin.categories.name'), dataIndex: 'name', render: (name: string, c) => (i18n.language === 'en' ? c.nameEn || name : name) },
            { title: t('admin.categories.departmentKind'), dataIndex: 'departmentKind', render: (d: string | null) => d ?? '—' },
          ]}
        />
      </Card>
      <RoutingRules names={names} />
    </>
  );
}
