// One mediation: where it stands (Steps), its deadline, and a tab per part of the process —
// application and safety screen, people, sessions, agreement, judicial confirmation, follow-ups,
// and ending it. Each tab offers only the steps the server allows now.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Empty, Skeleton, Space, Steps, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { TierTag } from '../risk/risk-labels';
import { caseHref, caseRiskHref, warningHref } from '../risk/links';
import { formatDate, formatDateTime, useLoaded } from '../risk/ui-helpers';
import { AgreementTab } from './AgreementTab';
import { ApplicationTab } from './ApplicationTab';
import { ConfirmationTab, DeadlineTag } from './ConfirmationTab';
import { EndTab } from './EndTab';
import { FollowUpTab } from './FollowUpTab';
import { PeopleTab } from './PeopleTab';
import { SessionsTab } from './SessionsTab';
import { type Mediation, currentAgreement, getCase, getMediation } from './mediation.api';
import { abilitiesOf, stageOf } from './mediation-abilities';
import { modeLabel, originLabel, statusColor, statusLabel } from './mediation-labels';
import styles from './mediation.module.css';

const tabOfStage = ['application', 'application', 'sessions', 'agreement', 'confirmation', 'followUps', 'followUps'];

export default function MediationPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const me = useMe();
  const loaded = useLoaded(`m${id}`, (signal) => getMediation(id, signal));
  const m = loaded.data;
  const caseBrief = useLoaded(`case-${m?.caseId ?? 0}`, (signal) => (m ? getCase(m.caseId, signal) : Promise.resolve(null)));
  const [tab, setTab] = useState<string | null>(null);
  const onChange = useCallback((next: Mediation) => loaded.set(next), [loaded.set]);
  useEffect(() => {
    if (m && tab === null) setTab(tabOfStage[stageOf(m)] ?? 'application');
  }, [m, tab]);

  if (!Number.isInteger(id) || id < 1) return <Empty description={t('mediation.page.notFound')} />;
  if (loaded.error && !m) return <ApiErrorAlert error={loaded.error} />;
  if (!m) return <Skeleton active paragraph={{ rows: 8 }} />;
  const can = abilitiesOf(me, m, caseBrief.data?.ownerUnitId ?? null);
  const stage = stageOf(m);
  const ended = m.status === 'failed' || m.status === 'refused';
  const agreement = currentAgreement(m);
  const steps = [
    { title: t('mediation.steps.accepted'), description: formatDate(m.acceptedAt) },
    { title: t('mediation.steps.screening'), description: m.mode ? modeLabel(t, m.mode) : undefined },
    { title: t('mediation.steps.sessions'), description: m.sessions.length > 0 ? t('mediation.steps.sessionCount', { n: m.sessions.length }) : undefined },
    { title: t('mediation.steps.agreement'), description: agreement?.effectiveAt ? formatDate(agreement.effectiveAt) : agreement ? t('mediation.steps.drafting') : undefined },
    {
      title: t('mediation.steps.confirmation'),
      description: agreement?.judicialConfirmation ? t('mediation.steps.applied') : t('mediation.steps.optional'),
      // Optional: passed over without an application, it is not shown as done.
      ...(!agreement?.judicialConfirmation && stage > 4 ? { status: 'wait' as const } : {}),
    },
    { title: t('mediation.steps.followUp'), description: m.followUps.some((f) => f.doneAt) ? t('mediation.steps.visits', { n: m.followUps.filter((f) => f.doneAt).length }) : undefined },
    { title: t('mediation.steps.done'), description: m.status === 'completed' ? formatDate(m.endedAt) : undefined },
  ];
  const props = { m, onChange, can };
  return (
    <div className={styles.page} data-testid="mediation-page">
      <Card variant="borderless">
        <Link to="/mediations">
          <ArrowLeftOutlined /> {t('mediation.page.back')}
        </Link>
        <div className={styles.header} style={{ marginTop: 8 }}>
          <Typography.Title level={2} style={{ fontSize: 22 }}>
            {m.caseTitle}
          </Typography.Title>
          <Tag color={statusColor(m.status)} data-testid="mediation-status">
            {statusLabel(t, m.status)}
          </Tag>
          {m.reopenCount > 0 && <Tag color="warning">{t('mediation.page.reopened', { n: m.reopenCount })}</Tag>}
          {m.risk.tier && (
            <Link to={m.risk.warningId !== null ? warningHref(m.risk.warningId) : caseRiskHref(m.caseId)} aria-label={t('mediation.risk.open')}>
              <TierTag tier={m.risk.tier} />
            </Link>
          )}
        </div>
        <Space wrap size={20} style={{ marginTop: 8 }}>
          <span>
            {t('mediation.page.case')} <Link to={caseHref(m.caseId)}>{m.trackingCode}</Link>
          </span>
          <span>
            {t('mediation.page.committee')} {m.committeeName}
          </span>
          <span>
            {t('mediation.page.origin')} {originLabel(t, m.origin)}
          </span>
          <span>
            {t('mediation.page.mode')} {modeLabel(t, m.mode)}
          </span>
          <span data-testid="mediation-due">
            {t('mediation.page.due')} {formatDateTime(m.dueAt)} {m.overdue ? <Tag color="error">{t('mediation.page.overdue')}</Tag> : <DeadlineTag at={m.dueAt} done={m.status !== 'in_progress'} />}
          </span>
        </Space>
        <Steps
          style={{ marginTop: 20 }}
          size="small"
          current={stage}
          status={ended ? 'error' : m.status === 'completed' ? 'finish' : 'process'}
          items={steps}
          aria-label={t('mediation.steps.label')}
        />
        {ended && <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} type="danger">{t('mediation.page.endedAs', { status: statusLabel(t, m.status), at: formatDateTime(m.endedAt) })}</Typography.Paragraph>}
      </Card>
      <ApiErrorAlert error={loaded.error} />
      <Tabs
        activeKey={tab ?? 'application'}
        onChange={setTab}
        type="card"
        items={[
          { key: 'application', label: t('mediation.tabs.application'), children: <ApplicationTab {...props} caseBrief={caseBrief.data} /> },
          { key: 'people', label: t('mediation.tabs.people'), children: <PeopleTab {...props} /> },
          { key: 'sessions', label: t('mediation.tabs.sessions'), children: <SessionsTab {...props} /> },
          { key: 'agreement', label: t('mediation.tabs.agreement'), children: <AgreementTab {...props} /> },
          { key: 'confirmation', label: t('mediation.tabs.confirmation'), children: <ConfirmationTab {...props} /> },
          { key: 'followUps', label: t('mediation.tabs.followUps'), children: <FollowUpTab {...props} /> },
          { key: 'end', label: t('mediation.tabs.end'), children: <EndTab {...props} /> },
        ]}
      />
    </div>
  );
}
