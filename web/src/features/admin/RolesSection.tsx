// 角色权限: what each role may do with a case, generated from the server's workflow table
// (GET /workflow), so the matrix is always the rule the server enforces. Read-only.
import { CheckOutlined } from '@ant-design/icons';
import { Card, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { roleLabel } from '../../i18n/labels';
import { actionLabel, statusLabel } from '../cases/case-labels';
import { type Transition, type Workflow, api } from './admin.api';
import styles from './Admin.module.css';

function relationLabel(t: TFunction, relation: string): string {
  switch (relation) {
    case 'owner': return t('admin.roles.relation.owner');
    case 'lead': return t('admin.roles.relation.lead');
    case 'pending': return t('admin.roles.relation.pending');
    case 'assigned': return t('admin.roles.relation.assigned');
    case 'supervisor': return t('admin.roles.relation.supervisor');
    case 'involved': return t('admin.roles.relation.involved');
    case 'reporter': return t('admin.roles.relation.reporter');
    default: return relation;
  }
}

interface Row {
  action: string;
  transitions: Transition[];
}

export default function RolesSection() {
  const { t } = useTranslation();
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<Workflow>('/workflow').then(setWorkflow, setError);
  }, []);
  if (error) return <ApiErrorAlert error={error} />;
  if (!workflow) return <PageLoading />;

  const roles = workflow.roles.filter((r) => r !== 'admin' && workflow.transitions.some((tr) => tr.roles.includes(r)));
  const rows: Row[] = workflow.actions.map((action) => ({ action, transitions: workflow.transitions.filter((tr) => tr.action === action) }));
  const describe = (tr: Transition) =>
    `${tr.from.map((s) => statusLabel(t, s)).join(' / ')} → ${tr.to === 'same' ? t('admin.roles.same') : tr.to === 'previous' ? t('admin.roles.previous') : statusLabel(t, tr.to)}`;

  return (
    <Card title={t('admin.section.roles')} variant="borderless">
      <Typography.Paragraph type="secondary">{t('admin.roles.hint')}</Typography.Paragraph>
      <Table<Row>
        className={styles.matrix}
        size="small"
        rowKey="action"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        data-testid="roles-matrix"
        expandable={{
          expandedRowRender: (row) => (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {row.transitions.map((tr, i) => (
                <li key={i}>
                  {describe(tr)} · {t('admin.roles.relations')}: {tr.relations.map((r) => relationLabel(t, r)).join('、')}
                  {tr.required.length > 0 ? ` · ${t('admin.roles.required')}: ${tr.required.join(', ')}` : ''}
                  {tr.guard ? ` · ${t('admin.roles.guard')}: ${tr.guard}` : ''}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t('admin.roles.action'), dataIndex: 'action', fixed: 'left', render: (a: string) => <Tag>{actionLabel(t, a)}</Tag> },
          ...roles.map((role) => ({
            title: roleLabel(t, role),
            key: role,
            align: 'center' as const,
            render: (_: unknown, row: Row) => {
              const allowed = row.transitions.filter((tr) => tr.roles.includes(role));
              if (allowed.length === 0) return null;
              return (
                <Tooltip title={allowed.map(describe).join('；')}>
                  <CheckOutlined style={{ color: '#16a34a' }} aria-label={t('admin.roles.allowed')} />
                </Tooltip>
              );
            },
          })),
        ]}
      />
    </Card>
  );
}
