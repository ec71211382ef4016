// Follow-up visits (回访) and term performance: each visit records the method, what was found and,
// term by term, whether it was performed. A breach or new tension reopens the mediation and asks
// for a risk reassessment that a person reviews.
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Radio, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDate, formatDateTime, isPast, toIso } from '../risk/ui-helpers';
import { type FollowUp, type Term, currentAgreement, followUpFindings, followUpMethods, termStatuses } from './mediation.api';
import type { Abilities } from './mediation-abilities';
import { findingLabel, methodLabel, termStatusLabel } from './mediation-labels';
import { type StepProps, useStep } from './useStep';
import styles from './mediation.module.css';

export function FollowUpTab({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const agreement = currentAgreement(m);
  const terms = agreement?.effectiveAt ? agreement.terms : [];
  return (
    <div className={styles.twoColumns}>
      <div className={styles.stack}>
        <Card title={t('mediation.followUp.terms')} variant="borderless" data-testid="terms">
          {terms.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.confirmation.needsEffective')} />
          ) : (
            <Table<Term>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={terms}
              columns={[
                { title: '#', dataIndex: 'seq', width: 40 },
                { title: t('mediation.followUp.term'), key: 'text', render: (_, x) => <span className={styles.pre}>{x.text}</span> },
                { title: t('mediation.agreement.termDue'), key: 'due', width: 110, render: (_, x) => formatDate(x.dueDate) },
                {
                  title: t('mediation.followUp.performance'),
                  key: 'status',
                  width: 130,
                  render: (_, x) => (
                    <>
                      <Tag color={x.status === 'performed' ? 'success' : x.status === 'breached' ? 'error' : isPast(`${x.dueDate}T23:59:59`) ? 'warning' : 'default'}>{termStatusLabel(t, x.status)}</Tag>
                      {x.note && <div className={styles.muted}>{x.note}</div>}
                    </>
                  ),
                },
              ]}
            />
          )}
        </Card>
        <Card title={t('mediation.followUp.visits')} variant="borderless" data-testid="follow-ups">
          <Table<FollowUp>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={m.followUps}
            locale={{ emptyText: t('mediation.followUp.none') }}
            columns={[
              {
                title: t('mediation.followUp.when'),
                key: 'when',
                width: 170,
                render: (_, f) => (
                  <div>
                    <div>{t('mediation.followUp.dueOn', { at: formatDateTime(f.dueAt) })}</div>
                    {f.doneAt ? (
                      <div className={styles.muted}>{t('mediation.followUp.doneOn', { at: formatDateTime(f.doneAt), name: f.by ?? '—' })}</div>
                    ) : (
                      <Tag color={isPast(f.dueAt) ? 'error' : 'default'}>{isPast(f.dueAt) ? t('mediation.deadline.passed') : t('mediation.followUp.scheduled')}</Tag>
                    )}
                  </div>
                ),
              },
              {
                title: t('mediation.followUp.finding'),
                key: 'finding',
                width: 130,
                render: (_, f) =>
                  f.finding ? (
                    <>
                      <Tag color={f.finding === 'on_track' ? 'success' : 'error'}>{findingLabel(t, f.finding)}</Tag>
                      <div className={styles.muted}>{methodLabel(t, f.method)}</div>
                    </>
                  ) : (
                    '—'
                  ),
              },
              { title: t('mediation.followUp.note'), key: 'note', render: (_, f) => (f.note ? <span className={styles.pre}>{f.note}</span> : '—') },
            ]}
          />
        </Card>
      </div>
      <Card title={t('mediation.followUp.record')} variant="borderless">
        {can.followUp ? <FollowUpForm m={m} onChange={onChange} terms={terms} /> : <Typography.Paragraph type="secondary">{t('mediation.followUp.notNow')}</Typography.Paragraph>}
      </Card>
    </div>
  );
}

interface FollowUpValues {
  method: string;
  finding: string;
  terms: Record<string, string>;
  note: string;
  nextFollowUpAt?: Dayjs;
}

function FollowUpForm({ m, onChange, terms }: StepProps & { terms: Term[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FollowUpValues>();
  const step = useStep({ m, onChange });
  const finding = Form.useWatch('finding', form);
  const open = terms.filter((x) => x.status !== 'performed');
  return (
    <Form
      name="mediation-follow-up"
      form={form}
      layout="vertical"
      initialValues={{ method: 'visit', finding: 'on_track', terms: Object.fromEntries(open.map((x) => [String(x.id), x.status])) }}
      onFinish={async (v) => {
        const updates = open.filter((x) => v.terms?.[String(x.id)] && v.terms[String(x.id)] !== x.status).map((x) => ({ termId: x.id, status: v.terms[String(x.id)] }));
        const body = { method: v.method, finding: v.finding, terms: updates, note: v.note, ...(v.nextFollowUpAt ? { nextFollowUpAt: toIso(v.nextFollowUpAt) } : {}) };
        if (await step.post('follow-ups', body, form)) form.resetFields();
      }}
    >
      <Form.Item name="method" label={t('mediation.followUp.method')}>
        <Radio.Group options={followUpMethods.map((x) => ({ value: x, label: methodLabel(t, x) }))} />
      </Form.Item>
      <Form.Item name="finding" label={t('mediation.followUp.finding')}>
        <Radio.Group options={followUpFindings.map((x) => ({ value: x, label: findingLabel(t, x) }))} />
      </Form.Item>
      {finding && finding !== 'on_track' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('mediation.followUp.reopens')} />}
      {open.map((x) => (
        <Form.Item key={x.id} name={['terms', String(x.id)]} label={t('mediation.followUp.termLabel', { n: x.seq, text: x.text })} style={{ marginBottom: 8 }}>
          <Select style={{ maxWidth: 200 }} options={termStatuses.map((s) => ({ value: s, label: termStatusLabel(t, s) }))} />
        </Form.Item>
      ))}
      <Form.Item name="note" label={t('mediation.followUp.note')} rules={[{ required: true, whitespace: true, message: t('mediation.followUp.noteRequired') }]}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Form.Item name="nextFollowUpAt" label={t('mediation.followUp.next')} extra={t('mediation.followUp.nextHint')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <ApiErrorAlert error={step.error} hideFields={['note']} />
      <Button type="primary" htmlType="submit" loading={step.busy} style={{ marginTop: 8 }}>
        {t('mediation.followUp.submit')}
      </Button>
    </Form>
  );
}
