// Why a warning exists: every instrument item that counted with its answer, every pattern rule
// that fired with the cases behind it, and the instrument's version, licence and known limits,
// shown plainly. A tier is a prompt for people's judgement, not a prediction.
import { Alert, Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ItemFactor, Warning } from './risk.api';
import { TierTag, answerLabel, methodLabel, sourceLabel } from './risk-labels';
import { caseHref } from './links';
import { formatDateTime } from './ui-helpers';
import styles from './risk.module.css';

export function WarningFactors({ warning }: { warning: Warning }) {
  const { t } = useTranslation();
  const { items, rules } = warning.factors;
  return (
    <Card title={t('risk.factors.title')} variant="borderless" data-testid="warning-factors">
      <Typography.Paragraph type="secondary">
        {t('risk.factors.intro', { source: sourceLabel(t, warning.source), at: formatDateTime(warning.factors.evaluatedAt) })}
      </Typography.Paragraph>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('risk.factors.items')}
      </Typography.Title>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('risk.factors.noItems')} />
      ) : (
        <Table<ItemFactor>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items}
          columns={[
            { title: t('risk.factors.question'), dataIndex: 'text', render: (text: string) => <span className={styles.pre}>{text}</span> },
            { title: t('risk.factors.answer'), key: 'answer', width: 90, render: (_, i) => <strong>{answerLabel(t, i.answer)}</strong> },
            {
              title: t('risk.factors.weight'),
              key: 'flags',
              width: 220,
              render: (_, i) => (
                <Space size={4} wrap>
                  {i.redFlag && <Tag color="volcano">{t('risk.factors.redFlag')}</Tag>}
                  {i.minTier && (
                    <span>
                      {t('risk.factors.atLeast')} <TierTag tier={i.minTier} />
                    </span>
                  )}
                  {!i.redFlag && !i.minTier && <span className={styles.muted}>{t('risk.factors.counts', { points: i.points })}</span>}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 20 }}>
        {t('risk.factors.rules')}
      </Typography.Title>
      {rules.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('risk.factors.noRules')} />
      ) : (
        <List
          dataSource={rules}
          renderItem={(r) => (
            <List.Item key={r.key}>
              <div style={{ width: '100%' }}>
                <Space wrap>
                  <strong>{r.name}</strong>
                  <TierTag tier={r.tier} />
                  {r.reviewRequired && <Tag>{t('risk.worklist.reviewRequired')}</Tag>}
                  <span className={styles.muted}>
                    {r.key} v{r.version}
                  </span>
                </Space>
                <div className={styles.pre} style={{ marginTop: 4 }}>
                  {r.detail}
                </div>
                <div style={{ marginTop: 6 }} data-testid={`rule-cases-${r.key}`}>
                  <span className={styles.muted}>{t('risk.factors.casesBehind')}</span>{' '}
                  {r.cases.map((c) => (
                    <Link key={c.id} to={caseHref(c.id)} style={{ marginInlineEnd: 10 }}>
                      {c.trackingCode}
                    </Link>
                  ))}
                  {r.restrictedCases > 0 && <span className={styles.muted}>{t('risk.factors.restricted', { n: r.restrictedCases })}</span>}
                </div>
                {r.limits.length > 0 && (
                  <ul className={`${styles.limits} ${styles.muted}`} style={{ marginTop: 6 }}>
                    {r.limits.map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                )}
              </div>
            </List.Item>
          )}
        />
      )}
      {warning.computedTier !== warning.tier && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          message={
            <span>
              {t('risk.factors.computed')} <TierTag tier={warning.computedTier} /> {t('risk.factors.current')} <TierTag tier={warning.tier} />
            </span>
          }
          description={t('risk.factors.overriddenNote')}
        />
      )}
    </Card>
  );
}

export function InstrumentCard({ warning }: { warning: Warning }) {
  const { t } = useTranslation();
  const instrument = warning.factors.instrument;
  return (
    <Card title={t('risk.instrument.title')} variant="borderless" data-testid="instrument-card">
      {!instrument ? (
        <Typography.Paragraph type="secondary">{t('risk.instrument.none')}</Typography.Paragraph>
      ) : (
        <>
          <Descriptions column={1} size="small" styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('risk.instrument.name')}>{instrument.name}</Descriptions.Item>
            <Descriptions.Item label={t('risk.instrument.version')}>
              {instrument.key} · v{instrument.version}
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.instrument.result')}>
              <Space size={4} wrap>
                <span>{t('risk.instrument.score', { method: methodLabel(t, instrument.method), score: instrument.score })}</span>
                <TierTag tier={instrument.tier} />
                {instrument.band && <span>({instrument.band})</span>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.instrument.licence')}>{instrument.licence}</Descriptions.Item>
            <Descriptions.Item label={t('risk.instrument.population')}>{instrument.population}</Descriptions.Item>
            <Descriptions.Item label={t('risk.instrument.citation')}>{instrument.citation}</Descriptions.Item>
          </Descriptions>
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            message={t('risk.instrument.limits')}
            description={
              <ul className={styles.limits} data-testid="instrument-limits">
                {instrument.limits.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            }
          />
        </>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('risk.instrument.tierTable', { version: warning.tierTableVersion })}
      </Typography.Paragraph>
    </Card>
  );
}
