// /cases/{id}/mediation and /cases/{id}/risk: a case's mediation and risk panels on a page of their
// own, with the case's title and description, for as long as the console has no case page to hold
// them (both panels are self-contained and can move there).
import { Card, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { RiskPanel } from '../risk/RiskPanel';
import { caseMediationHref, caseRiskHref } from '../risk/links';
import { formatDateTime, useLoaded } from '../risk/ui-helpers';
import { MediationPanel } from './MediationPanel';
import { getCase } from './mediation.api';
import styles from './mediation.module.css';

export default function CasePanelsPage({ panel }: { panel: 'mediation' | 'risk' }) {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const c = useLoaded(`case-${id}`, (signal) => getCase(id, signal));
  if (c.error) return <ApiErrorAlert error={c.error} />;
  if (!c.data) return <Skeleton active />;
  const first = panel === 'mediation' ? <MediationPanel caseId={id} /> : <RiskPanel caseId={id} caseKind={c.data.kind} />;
  const second = panel === 'mediation' ? <RiskPanel caseId={id} caseKind={c.data.kind} /> : <MediationPanel caseId={id} />;
  return (
    <div className={styles.page} data-testid={`case-${panel}-page`}>
      <Card variant="borderless">
        <div className={styles.header}>
          <Typography.Title level={2} style={{ fontSize: 22 }}>
            {c.data.title}
          </Typography.Title>
          <Tag>{c.data.trackingCode}</Tag>
        </div>
        <Typography.Paragraph className={styles.pre} style={{ marginTop: 8 }}>
          {c.data.description}
        </Typography.Paragraph>
        <Space size={16} wrap className={styles.muted}>
          <span>{t('mediation.casePage.received', { at: formatDateTime(c.data.createdAt) })}</span>
          <Link to={panel === 'mediation' ? caseRiskHref(id) : caseMediationHref(id)}>{panel === 'mediation' ? t('mediation.casePage.toRisk') : t('mediation.casePage.toMediation')}</Link>
        </Space>
      </Card>
      {first}
      {second}
    </div>
  );
}
