// /cases/:id: one case for the people who handle it. Summary, parties, timeline, attachments,
// place on the map, deadlines, related cases, supervision, and exactly the actions the server
// allows. Personal data stays masked until "显示" (show) is clicked, which the server audits.
import { EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Table, Tag, Typography } from 'antd';
import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { type Region, getRegion } from '../regions/regions.api';
import { CaseMediationRisk } from '../mediation/CaseMediationRisk';
import { CaseActions } from './CaseActions';
import { CaseAttachments, CaseTimeline, RelatedPanel, SupervisionPanel } from './CasePanels';
import { type AllowedActions, type Attachment, type CaseDetail, type PersonalData, type RelatedCases, type Supervision, type TimelineEvent, casesApi } from './cases.api';
import { channelLabel, kindLabel, partyRoleLabel, priorityColor, priorityLabel, resultLabel, satisfactionLabel, unitRoleLabel, unitStatusLabel } from './case-labels';
import { DeadlineClock, StatusTag, formatDateTime, useCategories, useNow } from './case-ui';
import styles from './CasePage.module.css';

const CaseMap = lazy(() => import('./CaseMap'));

interface Loaded {
  detail: CaseDetail;
  allowed: AllowedActions;
  timeline: TimelineEvent[];
}

export default function CasePage() {
  const { t } = useTranslation();
  const params = useParams();
  const id = Number(params.id);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [detail, allowed, timeline] = await Promise.all([casesApi.get(id), casesApi.actions(id), casesApi.timeline(id)]);
      setLoaded({ detail, allowed, timeline: timeline.items });
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [id]);

  useEffect(() => {
    setLoaded(null);
    setError(null);
    if (!Number.isSafeInteger(id) || id < 1) {
      setError('not_found');
      return;
    }
    void load();
  }, [id, load]);

  useEffect(() => {
    if (loaded) document.title = `${loaded.detail.trackingCode} ${loaded.detail.title} · ${t('app.title')}`;
  }, [loaded, t]);

  if (error === 'not_found' || (isApiError(error) && error.status === 404)) return <CaseNotFound />;
  if (error && !loaded) return <ApiErrorAlert error={error} />;
  if (!loaded) return <PageLoading />;
  return <CaseView key={loaded.detail.id} loaded={loaded} reload={load} loadError={error} />;
}

function CaseNotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('cases.notFound')}
      data-testid="case-not-found"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('console.backToWorkbench')}
        </Button>
      }
    />
  );
}

function CaseView({ loaded, reload, loadError }: { loaded: Loaded; reload: () => Promise<void>; loadError: unknown }) {
  const { t, i18n } = useTranslation();
  const { detail, allowed, timeline } = loaded;
  const now = useNow();
  const categories = useCategories();
  const [region, setRegion] = useState<Region | null>(null);
  const [related, setRelated] = useState<RelatedCases | null>(null);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [supervisions, setSupervisions] = useState<Supervision[]>([]);
  const [personal, setPersonal] = useState<PersonalData | null>(null);
  const [personalError, setPersonalError] = useState<unknown>(null);
  const [revealing, setRevealing] = useState(false);

  useEffect(() => {
    let live = true;
    getRegion(detail.regionCode).then((r) => live && setRegion(r), () => undefined);
    casesApi.related(detail.id).then((r) => live && setRelated(r), () => live && setRelated({ sameVillage: [], sharedParties: [], duplicates: [] }));
    casesApi.attachments(detail.id).then((r) => live && setAttachments(r.items), () => undefined);
    return () => {
      live = false;
    };
  }, [detail.id, detail.regionCode]);

  // Supervision changes with the case (a listed supervision, a progress report): reload with it.
  useEffect(() => {
    let live = true;
    casesApi.supervisions(detail.id).then((r) => live && setSupervisions(r.items), () => undefined);
    return () => {
      live = false;
    };
  }, [detail.id, detail.version]);

  async function reveal() {
    setRevealing(true);
    setPersonalError(null);
    try {
      setPersonal(await casesApi.personalData(detail.id));
    } catch (caught) {
      setPersonalError(caught);
    } finally {
      setRevealing(false);
    }
  }

  const placeNames = region ? [...region.path.filter((p) => p.level !== 'province').map((p) => p.name), region.name].join(' / ') : detail.regionCode;
  const reporter = personal?.reporter ?? detail.reporter;
  const partyOf = (pid: number) => personal?.parties.find((p) => p.id === pid);
  const lead = detail.units.find((u) => u.role === 'lead' && u.endedAt === null);
  const ackStart = lead?.dispatchedAt ?? null;

  return (
    <div className={styles.page}>
      <Card variant="borderless" className={styles.head}>
        <div className={styles.headRow}>
          <div style={{ minWidth: 0 }}>
            <Space wrap size={8}>
              <Typography.Text code className={styles.code} data-testid="case-tracking-code">
                {detail.trackingCode}
              </Typography.Text>
              <span data-testid="case-status">
                <StatusTag status={detail.status} />
              </span>
              <Tag>{kindLabel(t, detail.kind)}</Tag>
              <Tag color={priorityColor[detail.priority]}>{priorityLabel(t, detail.priority)}</Tag>
              {detail.overdueAck || detail.overdueResolve ? <Tag color="red">{t('cases.overdueFlag')}</Tag> : null}
            </Space>
            <Typography.Title level={3} className={styles.title}>
              {detail.title}
            </Typography.Title>
          </div>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('cases.reload')}
          </Button>
        </div>
        {loadError !== null && <ApiErrorAlert error={loadError} />}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('cases.summary')} variant="borderless" data-testid="case-summary">
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('cases.category')}>{categories.path(detail.categoryCode)}</Descriptions.Item>
                <Descriptions.Item label={t('cases.channelLabel')}>{channelLabel(t, detail.channel)}</Descriptions.Item>
                <Descriptions.Item label={t('cases.place')}>{placeNames}</Descriptions.Item>
                <Descriptions.Item label={t('cases.address')}>{detail.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('cases.createdAt')}>{formatDateTime(detail.createdAt, i18n.language)}</Descriptions.Item>
                <Descriptions.Item label={t('cases.grid')}>{detail.gridCode ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('cases.reporter')} span={2}>
                  {detail.isAnonymous || !reporter ? (
                    t('cases.anonymous')
                  ) : (
                    <Space wrap>
                      <span data-testid="reporter-name">{reporter.name ?? '—'}</span>
                      <span data-testid="reporter-phone">{reporter.phone ?? '—'}</span>
                      {reporter.idNumber && <span>{reporter.idNumber}</span>}
                    </Space>
                  )}
                </Descriptions.Item>
                {detail.resolutionCode && <Descriptions.Item label={t('cases.resolution')}>{resultLabel(t, detail.resolutionCode)}</Descriptions.Item>}
                {detail.satisfaction && <Descriptions.Item label={t('cases.satisfactionLabel')}>{satisfactionLabel(t, detail.satisfaction)}</Descriptions.Item>}
              </Descriptions>
              <Typography.Paragraph className={styles.description}>{detail.description}</Typography.Paragraph>
              {(!detail.isAnonymous || detail.parties.length > 0) && (
                <Space wrap>
                  {personal ? (
                    <Tag color="gold" icon={<EyeOutlined />}>
                      {t('cases.personalShown')}
                    </Tag>
                  ) : (
                    <Button size="small" icon={<EyeOutlined />} loading={revealing} onClick={() => void reveal()} data-testid="reveal-personal-data">
                      {t('cases.reveal')}
                    </Button>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('cases.revealHint')}
                  </Typography.Text>
                </Space>
              )}
              {personalError !== null && <div style={{ marginTop: 8 }}><ApiErrorAlert error={personalError} /></div>}
            </Card>

            {detail.parties.length > 0 && (
              <Card title={t('cases.parties')} variant="borderless" data-testid="case-parties">
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  dataSource={detail.parties}
                  columns={[
                    { title: t('cases.partyRoleTitle'), dataIndex: 'role', render: (role: string) => partyRoleLabel(t, role) },
                    { title: t('cases.partyName'), key: 'name', render: (_, p) => partyOf(p.id)?.name ?? p.name ?? '—' },
                    { title: t('cases.partyPhone'), key: 'phone', render: (_, p) => partyOf(p.id)?.phone ?? p.phone ?? '—' },
                    ...(personal ? [{ title: t('cases.partyIdNumber'), key: 'id', render: (_: unknown, p: { id: number }) => partyOf(p.id)?.idNumber ?? '—' }] : []),
                  ]}
                />
              </Card>
            )}

            <CaseMediationRisk caseId={detail.id} caseKind={detail.kind} />
            <CaseTimeline detail={detail} items={timeline} />
            <CaseAttachments items={attachments} />
            <RelatedPanel related={related} />
          </Space>
        </Col>

        <Col xs={24} xl={9}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <CaseActions detail={detail} allowed={allowed} timeline={timeline} reload={reload} />

            <Card title={t('cases.deadlines')} variant="borderless" data-testid="case-deadlines">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('cases.ackClock')}>
                  <DeadlineClock dueAt={detail.ackDueAt} startAt={ackStart} overdue={detail.overdueAck} done={detail.acknowledgedAt !== null} now={now} doneText={t('cases.acknowledgedAt', { at: formatDateTime(detail.acknowledgedAt, i18n.language) })} />
                </Descriptions.Item>
                <Descriptions.Item label={t('cases.resolveClock')}>
                  <DeadlineClock dueAt={detail.resolveDueAt} startAt={detail.createdAt} overdue={detail.overdueResolve} done={detail.status === 'resolved' || detail.status === 'closed'} now={now} doneText={t('cases.resolvedAt', { at: formatDateTime(detail.resolvedAt, i18n.language) })} />
                </Descriptions.Item>
                {detail.holdStartedAt && <Descriptions.Item label={t('cases.onHoldSince')}>{formatDateTime(detail.holdStartedAt, i18n.language)}</Descriptions.Item>}
              </Descriptions>
              {detail.units.length > 0 && (
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(u) => `${u.unitId}-${u.dispatchedAt}`}
                  dataSource={detail.units}
                  data-testid="case-units"
                  columns={[
                    { title: t('cases.unit'), dataIndex: 'unitName' },
                    { title: t('cases.unitRoleTitle'), dataIndex: 'role', render: (r: string) => unitRoleLabel(t, r) },
                    {
                      title: t('cases.unitStatusTitle'),
                      key: 'status',
                      render: (_, u) => <Tag color={u.endedAt ? 'default' : u.status === 'pending' ? 'orange' : 'green'}>{unitStatusLabel(t, u.status)}</Tag>,
                    },
                  ]}
                />
              )}
              {detail.escalationCount + detail.reopenCount > 0 && (
                <Alert style={{ marginTop: 8 }} type="info" showIcon message={t('cases.counters', { escalations: detail.escalationCount, reopens: detail.reopenCount })} />
              )}
            </Card>

            <Card title={t('cases.location')} variant="borderless" data-testid="case-location">
              <Suspense fallback={<PageLoading />}>
                <CaseMap regionCode={detail.regionCode} location={detail.location} address={detail.address} />
              </Suspense>
            </Card>

            <SupervisionPanel items={supervisions} />
          </Space>
        </Col>
      </Row>
    </div>
  );
}
