// 工作台: who I am, what I hold roles in, and the parts of the console open to me.
import { RightOutlined } from '@ant-design/icons';
import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { roleLabel, unitKindLabel } from '../../i18n/labels';
import { useMe } from '../auth/session';
import type { Grant } from '../auth/session.types';
import { visibleNavItems } from './navigation';
import styles from './WorkbenchPage.module.css';

// Only the shortcuts whose purpose the title does not already say get a second line.
function hintOf(path: string): 'regions' | 'admin' | undefined {
  if (path === '/regions') return 'regions';
  if (path === '/admin') return 'admin';
  return undefined;
}

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const shortcuts = visibleNavItems(me).filter((item) => item.path !== '/');

  return (
    <div className={styles.page}>
      <Card variant="borderless" className={styles.welcome}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('workbench.greeting', { name: me.user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {me.scope.all ? t('workbench.scopeAll') : t('workbench.scopeRegions', { count: me.scope.regionCodes.length })}
        </Typography.Paragraph>
      </Card>

      {shortcuts.length > 0 && (
        <Row gutter={[16, 16]}>
          {shortcuts.map((item) => (
            <Col key={item.path} xs={24} md={12} xl={8}>
              <button type="button" className={styles.shortcut} onClick={() => navigate(item.path)}>
                <span className={styles.shortcutIcon} aria-hidden>
                  {item.icon}
                </span>
                <span className={styles.shortcutText}>
                  <span className={styles.shortcutTitle}>{item.label(t)}</span>
                  {hintOf(item.path) && <span className={styles.shortcutHint}>{hintOf(item.path) === 'regions' ? t('workbench.regionsHint') : t('workbench.adminHint')}</span>}
                </span>
                <RightOutlined aria-hidden className={styles.shortcutArrow} />
              </button>
            </Col>
          ))}
        </Row>
      )}

      <Card title={t('workbench.myRoles')} variant="borderless">
        <Table<Grant>
          size="middle"
          pagination={false}
          rowKey={(g) => `${g.unitId}-${g.role}`}
          dataSource={me.grants}
          locale={{ emptyText: t('workbench.noRoles') }}
          columns={[
            { title: t('workbench.role'), dataIndex: 'role', render: (role: string) => <Tag color="blue">{roleLabel(t, role)}</Tag> },
            { title: t('workbench.unit'), dataIndex: 'unitName' },
            { title: t('workbench.unitKind'), dataIndex: 'unitKind', render: (kind: string) => unitKindLabel(t, kind) },
            { title: t('workbench.regionCode'), dataIndex: 'regionCode', render: (code: string) => <code>{code}</code> },
          ]}
        />
      </Card>
    </div>
  );
}
