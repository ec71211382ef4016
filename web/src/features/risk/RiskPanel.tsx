// The risk panel of a case: its warnings (tier in colour and words, status, the acknowledgement
// deadline), what they allow mediation to do, the assessments so far, and the form to assess the
// situation with an instrument. Self-contained: give it a case id.
import { Alert, Button, Card, Empty, Form, InputNumber, List, Radio, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { hasAnyRole } from '../auth/session.types';
import { type AssessResult, type Assessment, type Definition, type InstrumentDefinition, type InstrumentItem, type Warning, assessCase, getCaseRisk, listInstruments } from './risk.api';
import { TierTag, answerLabel, sourceLabel, warningActionLabel, warningStatusColor, warningStatusLabel } from './risk-labels';
import { assessRoles, riskReadRoles } from './roles';
import { warningHref } from './links';
import { formatDateTime, useLoaded, useSubmit } from './ui-helpers';
import styles from './risk.module.css';

export function RiskPanel({ caseId, caseKind = 'dispute' }: { caseId: number; caseKind?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const canRead = hasAnyRole(me, riskReadRoles);
  const risk = useLoaded(`risk-${caseId}-${canRead}`, (signal) => (canRead ? getCaseRisk(caseId, signal) : Promise.resolve(null)));
  const [assessing, setAssessing] = useState(false);
  if (!canRead) return null;
  const data = risk.data;
  const open = data?.warnings.filter((w) => w.status !== 'closed') ?? [];
  const closed = data?.warnings.filter((w) => w.status === 'closed') ?? [];
  const canAssess = hasAnyRole(me, assessRoles);
  return (
    <Card
      title={t('risk.panel.title')}
      variant="borderless"
      data-testid="risk-panel"
      extra={
        canAssess && !assessing ? (
          <Button type="primary" onClick={() => setAssessing(true)}>
            {t('risk.panel.assess')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('risk.panel.intro')}</Typography.Paragraph>
      <ApiErrorAlert error={risk.error} />
      {!data && !risk.error && <Skeleton active paragraph={{ rows: 3 }} />}
      {data && (
        <>
          {assessing && (
            <AssessForm
              caseId={caseId}
              caseKind={caseKind}
              onCancel={() => setAssessing(false)}
              onAssessed={risk.reload}
              onDone={() => setAssessing(false)}
            />
          )}
          {open.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('risk.panel.noWarning')} />
          ) : (
            <List dataSource={open} renderItem={(w) => <WarningLine key={w.id} warning={w} />} />
          )}
          {data.restrictions.warningId !== null && (
            <Alert
              style={{ marginTop: 8 }}
              type={data.restrictions.sessionsPaused ? 'warning' : 'info'}
              showIcon
              message={data.restrictions.sessionsPaused ? t('risk.required.sessionsPaused') : data.restrictions.jointSessionsAllowed ? t('risk.required.mediationAsUsual') : t('risk.required.noJoint')}
            />
          )}
          {closed.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('risk.panel.closedCount', { n: closed.length })}{' '}
              {closed.map((w) => (
                <Link key={w.id} to={warningHref(w.id)} style={{ marginInlineEnd: 8 }}>
                  #{w.id}
                </Link>
              ))}
            </Typography.Paragraph>
          )}
          <Assessments items={data.assessments} />
        </>
      )}
    </Card>
  );
}

function WarningLine({ warning }: { warning: Warning }) {
  const { t } = useTranslation();
  return (
    <List.Item
      data-testid="risk-warning-line"
      actions={[
        <Link key="open" to={warningHref(warning.id)}>
          {t('risk.panel.openWarning')}
        </Link>,
      ]}
    >
      <Space wrap size={6}>
        <TierTag tier={warning.tier} />
        <Tag color={warningStatusColor(warning.status)}>{warningStatusLabel(t, warning.status)}</Tag>
        <span>{sourceLabel(t, warning.source)}</span>
        {warning.acknowledgedAt ? (
          <span className={styles.muted}>{t('risk.worklist.ackedBy', { name: warning.reviewer?.label ?? '—', at: formatDateTime(warning.acknowledgedAt) })}</span>
        ) : (
          <span className={styles.muted}>{t('risk.panel.ackDue', { at: formatDateTime(warning.ackDueAt) })}</span>
        )}
        {warning.ackOverdue && !warning.acknowledgedAt && <Tag color="error">{t('risk.worklist.ackOverdue')}</Tag>}
      </Space>
    </List.Item>
  );
}

function Assessments({ items }: { items: Assessment[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
        {t('risk.panel.assessments')}
      </Typography.Title>
      <Table<Assessment>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={[...items].reverse()}
        columns={[
          { title: t('risk.panel.at'), key: 'at', width: 150, render: (_, a) => formatDateTime(a.at) },
          { title: t('risk.panel.trigger'), key: 'trigger', render: (_, a) => sourceLabel(t, a.trigger) },
          { title: t('risk.panel.instrument'), key: 'instrument', render: (_, a) => (a.instrumentKey ? `${a.instrumentKey} v${a.instrumentVersion ?? ''}` : '—') },
          { title: t('risk.panel.result'), key: 'result', width: 110, render: (_, a) => <TierTag tier={typeof a.result.tier === 'string' ? a.result.tier : null} /> },
          { title: t('risk.panel.assessor'), dataIndex: 'assessor', width: 140 },
        ]}
      />
    </>
  );
}

function itemText(item: InstrumentItem, english: boolean): string {
  return english ? (item.textEn ?? item.text) : item.text;
}

/** Answers to an instrument, each by its type: yes / no / unknown, a number, or one of the options. */
function AssessForm({ caseId, caseKind, onCancel, onAssessed, onDone }: { caseId: number; caseKind: string; onCancel: () => void; onAssessed: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const instruments = useLoaded('instruments', (signal) => listInstruments(signal));
  const usable = useMemo(
    () => (instruments.data?.items ?? []).filter((d) => d.status === 'active' && d.definition.appliesTo.caseKinds.includes(caseKind)),
    [instruments.data, caseKind],
  );
  const [chosen, setChosen] = useState<number | null>(null);
  const instrument: Definition<InstrumentDefinition> | undefined = usable.find((d) => d.id === chosen) ?? usable[0];
  const [form] = Form.useForm<Record<string, string | number | undefined>>();
  const submit = useSubmit();
  const [result, setResult] = useState<AssessResult | null>(null);

  if (instruments.error) return <ApiErrorAlert error={instruments.error} />;
  if (!instruments.data) return <Skeleton active />;
  if (!instrument) return <Alert type="info" showIcon message={t('risk.assess.noInstrument')} />;
  const def = instrument.definition;
  return (
    <Card type="inner" title={t('risk.assess.title')} style={{ marginBottom: 16 }} data-testid="assess-form">
      {usable.length > 1 && (
        <Select
          style={{ minWidth: 320, marginBottom: 12 }}
          aria-label={t('risk.assess.instrument')}
          value={instrument.id}
          onChange={(v: number) => {
            setChosen(v);
            form.resetFields();
          }}
          options={usable.map((d) => ({ value: d.id, label: `${english ? (d.definition.nameEn ?? d.name) : d.name} · v${d.version}` }))}
        />
      )}
      <Typography.Paragraph>
        <strong>{english ? (def.nameEn ?? def.name) : def.name}</strong> · v{def.version} · {def.licence}
      </Typography.Paragraph>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('risk.instrument.limits')}
        description={
          <ul className={styles.limits}>
            {def.limits.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        }
      />
      <Typography.Paragraph type="secondary">{t('risk.assess.intro')}</Typography.Paragraph>
      <Form
        name="risk-assess"
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          const answers: Record<string, string | number> = {};
          for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') answers[k] = v;
          const answer = await submit.run(() => assessCase(caseId, { instrumentKey: def.key, instrumentVersion: def.version, answers }), form);
          if (answer) {
            setResult(answer);
            onAssessed();
          }
        }}
      >
        {def.items.map((item, index) => (
          <Form.Item key={item.id} name={item.id} label={`${index + 1}. ${itemText(item, english)}`} style={{ marginBottom: 12 }}>
            {item.answer === 'yes_no' ? (
              <Radio.Group aria-label={itemText(item, english)}>
                <Radio value="yes">{answerLabel(t, 'yes')}</Radio>
                <Radio value="no">{answerLabel(t, 'no')}</Radio>
                <Radio value="unknown">{answerLabel(t, 'unknown')}</Radio>
              </Radio.Group>
            ) : item.answer === 'number' ? (
              <InputNumber min={item.min} max={item.max} aria-label={itemText(item, english)} />
            ) : (
              <Radio.Group aria-label={itemText(item, english)} options={(item.options ?? []).map((o) => ({ value: o.value, label: o.text }))} />
            )}
          </Form.Item>
        ))}
        <ApiErrorAlert error={submit.error} />
        {result ? (
          <Alert
            type={result.warning ? 'warning' : 'success'}
            showIcon
            role="status"
            data-testid="assess-result"
            message={
              <span>
                {t('risk.assess.result')} <TierTag tier={result.tier} /> {result.reviewRequired ? t('risk.worklist.reviewRequired') : ''}
              </span>
            }
            description={
              <Space direction="vertical" size={4}>
                <span>{warningActionLabel(t, result.warningAction)}</span>
                {result.warning && <Link to={warningHref(result.warning.id)}>{t('risk.panel.openWarning')}</Link>}
                <Button size="small" onClick={onDone}>
                  {t('risk.assess.close')}
                </Button>
              </Space>
            }
          />
        ) : (
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" htmlType="submit" loading={submit.busy}>
              {t('risk.assess.submit')}
            </Button>
            <Button onClick={onCancel}>{t('risk.common.cancel')}</Button>
          </Space>
        )}
      </Form>
    </Card>
  );
}
