// 事项类别: the two-level category taxonomy as the server holds it (read-only here: the taxonomy is
// shipped data; routing proposals follow its department kinds).
import { Card, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type Category, api } from './admin.api';

export default function CategoriesSection() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Category[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<{ items: Category[] }>('/categories').then((r) => setItems(r.items), setError);
  }, []);
  return (
    <Card title={t('admin.section.categories')} variant="borderless">
      <Typography.Paragraph type="secondary">{t('admin.categories.hint')}</Typography.Paragraph>
      <ApiErrorAlert error={error} />
      <Table<Category>
        size="small"
        rowKey="code"
        loading={items === null && !error}
        pagination={false}
        dataSource={(items ?? []).map((c) => ({ ...c, children: c.children.length > 0 ? c.children : [] }))}
        expandable={{ childrenColumnName: 'children' }}
        columns={[
          { title: t('admin.categories.code'), dataIndex: 'code', width: 120, render: (c: string) => <code>{c}</code> },
          { title: t('admin.categories.name'), dataIndex: 'name', render: (name: string, c) => (i18n.language === 'en' ? c.nameEn || name : name) },
          { title: t('admin.categories.departmentKind'), dataIndex: 'departmentKind', render: (d: string | null) => d ?? '—' },
        ]}
      />
    </Card>
  );
}
