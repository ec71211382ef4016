// One warning: the situation it is about (a case, linked), its tier in colour and words, why it
// was raised (items, rules, cases, the instrument and its limits), what the tier asks people to do
// and by when, the named reviewer's decisions, the history, and the case conferences.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, List, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { hasAnyRole } from '../auth/session.types';
import { ConferenceSection } from './ConferenceSection';
import { InstrumentCard, WarningFactors } from './WarningFactors';
import { WarningReview } from './WarningReview';
import { type Warning, type WarningDetail, getWarning, listConferences } from './risk.api';
import { TierTag, logKindLabel, loweringStatusLabel, tierMeaning, warningStatusColor, warningStatusLabel } from './risk-labels';
import { conferenceRoles } from './roles';
import { caseHref } from './links';
import { formatDateTime, isPast, useLoaded } from './ui-helpers';
import styles from './risk.module.css';

export default function WarningPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const me = useMe();
  const warning = useLoaded(`w${id}`, (signal) => getWarning(id, signal));
  const conferences = useLoaded(`c${id}`, (signal) => listConferences(id, signal));
  const reload = () => {
    warning.reload();
    conferences.reload();
  };
  const w = warning.data;
  if (!Number.isInteger(id) || id < 1) return <Empty description={t('risk.warning.notFound')} />;
  if (warning.error && !w) return <ApiErrorAlert error={warning.error} />;
  if (!w) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <div className={styles.page} data-testid="warning-page">
      <Card variant="borderless">
        <Link to="/risk/warnings">
          <ArrowLeftOutlined /> {t('risk.warning.back')}
        </Link>
        <div className={styles.header} style={{ marginTop: 8 }}>
          <TierTag tier={w.tier} large />
          <Typography.Title level={2} style={{ fontSize: 22 }}>
            {w.caseTitle}
          </Typography.Title>
          <Tag color={warningStatusColor(w.status)}>{warningStatusLabel(t, w.status)}</Tag>
          {w.overridden && <Tag>{t('risk.warning.overridden')}</Tag>}
        </div>
        <Space wrap style={{ marginTop: 8 }} size={16}>
          <span>
            {t('risk.warning.case')} <Link to={caseHref(w.caseId)}>{w.trackingCode}</Link>
          </span>
          <span className={styles.muted}>{t('risk.warning.raised', { at: formatDateTime(w.raisedAt) })}</span>
          <span className={styles.muted}>{t('risk.warning.lastIncident', { at: formatDateTime(w.lastIncidentAt) })}</span>
        </Space>
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>{tierMeaning(t, w.tier)}</Typography.Paragraph>
        <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('risk.warning.disclaimer')} data-testid="warning-disclaimer" />
      </Card>
      <ApiErrorAlert error={warning.error} />
      <div className={styles.sectionGrid}>
        <div className={styles.column}>
          <WarningFactors warning={w} />
          <InstrumentCard warning={w} />
          <RequiredActions warning={w} />
          <ConferenceSection warningId={w.id} conferences={conferences.data?.items ?? []} canHold={hasAnyRole(me, conferenceRoles)} isOpen={w.status !== 'closed'} onChanged={reload} />
          <ApiErrorAlert error={conferences.error} />
        </div>
        <div className={styles.column}>
          <WarningReview warning={w} onChanged={reload} />
          <History warning={w} />
        </div>
      </div>
    </div>
  );
}

function RequiredActions({ warning }: { warning: Warning }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <Card title={t('risk.required.title')} variant="borderless" data-testid="required-actions">
      <Typography.Paragraph type="secondary">{t('risk.required.intro')}</Typography.Paragraph>
      {warning.requiredActions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('risk.required.none')} />
      ) : (
        <List
          size="small"
          dataSource={warning.requiredActions}
          renderItem={(a) => (
            <List.Item key={a.code}>
              <span>{english ? (a.textEn ?? a.text) : a.text}</span>
              {a.dueAt && (
                <Space size={4}>
                  <span className={styles.muted}>{t('risk.required.due', { at: formatDateTime(a.dueAt) })}</span>
                  {isPast(a.dueAt) && warning.status !== 'closed' && <Tag color="warning">{t('risk.required.pastDue')}</Tag>}
                </Space>
              )}
            </List.Item>
          )}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {warning.restrictions.sessionsPaused ? t('risk.required.sessionsPaused') : warning.restrictions.jointSessionsAllowed ? t('risk.required.mediationAsUsual') : t('risk.required.noJoint')}
      </Typography.Paragraph>
    </Card>
  );
}

function History({ warning }: { warning: WarningDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('risk.history.title')} variant="borderless" data-testid="warning-history">
      <Timeline
        items={[...warning.log].reverse().map((l) => ({
          key: `${l.at}-${l.kind}`,
          children: (
            <div>
              <Space size={4} wrap>
                <strong>{logKindLabel(t, l.kind, l.fromTier)}</strong>
                {l.fromTier && l.toTier && l.fromTier !== l.toTier && (
                  <>
                    <TierTag tier={l.fromTier} />→<TierTag tier={l.toTier} />
                  </>
                )}
                {!l.fromTier && l.toTier && <TierTag tier={l.toTier} />}
              </Space>
              <div className={styles.muted}>
                {l.by} · {formatDateTime(l.at)}
              </div>
              {l.reason && <div className={styles.pre}>{l.reason}</div>}
            </div>
          ),
        }))}
      />
      {warning.lowerings.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('risk.history.lowerings')}
          </Typography.Title>
          <List
            size="small"
            dataSource={warning.lowerings}
            renderItem={(l) => (
              <List.Item key={l.id}>
                <div>
                  <Space size={4} wrap>
                    <TierTag tier={l.fromTier} />→<TierTag tier={l.toTier} />
                    <Tag>{loweringStatusLabel(t, l.status)}</Tag>
                  </Space>
                  <div>{t('risk.history.proposedBy', { name: l.proposedBy, at: formatDateTime(l.proposedAt), reason: l.reason })}</div>
                  {l.decidedBy && <div>{t('risk.history.decidedBy', { name: l.decidedBy, at: formatDateTime(l.decidedAt), reason: l.decisionReason ?? '' })}</div>}
                </div>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
