// Judicial confirmation (司法确认): the parties apply together to a court within 30 days of the
// agreement taking effect; the court accepts within 3 days and rules within 15 (extendable once
// by 10). Each deadline is shown, and warned about before it passes.
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { daysUntil, formatDateTime, isPast, toIso } from '../risk/ui-helpers';
import { type Agreement, type JudicialConfirmation, currentAgreement } from './mediation.api';
import type { Abilities } from './mediation-abilities';
import { confirmationStatusLabel, partyRoleLabel, rulingLabel } from './mediation-labels';
import { type StepProps, useStep } from './useStep';
import styles from './mediation.module.css';

/** Warned this many days before a deadline (the server's sweep warns 5 working days ahead). */
const WARN_DAYS = 7;

export function DeadlineTag({ at, done }: { at: string | null; done?: boolean }) {
  const { t } = useTranslation();
  if (!at || done) return null;
  if (isPast(at)) return <Tag color="error">{t('mediation.deadline.passed')}</Tag>;
  const days = daysUntil(at);
  if (days <= WARN_DAYS) return <Tag color="warning">{t('mediation.deadline.daysLeft', { n: Math.max(days, 0) })}</Tag>;
  return null;
}

export function ConfirmationTab({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const agreement = currentAgreement(m);
  if (!agreement?.effectiveAt) {
    return (
      <Card variant="borderless">
        <Empty description={t('mediation.confirmation.needsEffective')} />
      </Card>
    );
  }
  const jc = agreement.judicialConfirmation;
  return (
    <div className={styles.twoColumns}>
      <Card title={t('mediation.confirmation.title')} variant="borderless" data-testid="confirmation">
        <Typography.Paragraph type="secondary">{t('mediation.confirmation.intro')}</Typography.Paragraph>
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 160 } }}>
          <Descriptions.Item label={t('mediation.confirmation.effectiveAt')}>{formatDateTime(agreement.effectiveAt)}</Descriptions.Item>
          <Descriptions.Item label={t('mediation.confirmation.windowEnds')}>
            {formatDateTime(agreement.confirmationWindowEndsAt)} <DeadlineTag at={agreement.confirmationWindowEndsAt} done={jc !== null} />
          </Descriptions.Item>
          {jc && <ConfirmationRows jc={jc} m={m} />}
        </Descriptions>
        {!jc && agreement.confirmationWindowEndsAt && !isPast(agreement.confirmationWindowEndsAt) && daysUntil(agreement.confirmationWindowEndsAt) <= WARN_DAYS && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('mediation.confirmation.windowClosing')} />
        )}
      </Card>
      <Card title={t('mediation.confirmation.record')} variant="borderless">
        {can.applyConfirmation && <ApplyForm m={m} onChange={onChange} agreement={agreement} />}
        {can.courtAccept && <AcceptForm m={m} onChange={onChange} />}
        {(can.courtRule || can.courtExtend) && <RulingForms m={m} onChange={onChange} can={can} />}
        {!can.applyConfirmation && !can.courtAccept && !can.courtRule && <Typography.Paragraph type="secondary">{jc ? t('mediation.confirmation.nothingToDo') : t('mediation.confirmation.notApplied')}</Typography.Paragraph>}
      </Card>
    </div>
  );
}

function ConfirmationRows({ jc, m }: { jc: JudicialConfirmation } & Pick<StepProps, 'm'>) {
  const { t } = useTranslation();
  const applicants = jc.applicants.map((id) => m.parties.find((p) => p.id === id)?.name ?? `#${id}`).join(t('mediation.common.separator'));
  return (
    <>
      <Descriptions.Item label={t('mediation.confirmation.status')}>
        <Tag color={jc.status === 'ruled' ? 'success' : jc.status === 'not_accepted' ? 'error' : 'processing'}>{confirmationStatusLabel(t, jc.status)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('mediation.confirmation.court')}>{jc.court}</Descriptions.Item>
      <Descriptions.Item label={t('mediation.confirmation.appliedAt')}>{t('mediation.confirmation.appliedBy', { at: formatDateTime(jc.appliedAt), names: applicants })}</Descriptions.Item>
      <Descriptions.Item label={t('mediation.confirmation.acceptDue')}>
        {jc.acceptedAt ? t('mediation.confirmation.acceptedOn', { at: formatDateTime(jc.acceptedAt) }) : formatDateTime(jc.acceptDueAt)} <DeadlineTag at={jc.acceptDueAt} done={jc.status !== 'applied'} />
      </Descriptions.Item>
      {jc.rulingDueAt && (
        <Descriptions.Item label={t('mediation.confirmation.rulingDue')}>
          {formatDateTime(jc.rulingDueAt)} {jc.extendedAt && <Tag>{t('mediation.confirmation.extended', { reason: jc.extensionReason ?? '' })}</Tag>} <DeadlineTag at={jc.rulingDueAt} done={jc.status !== 'accepted'} />
        </Descriptions.Item>
      )}
      {(jc.ruling || jc.rulingNote) && (
        <Descriptions.Item label={t('mediation.confirmation.ruling')}>
          <div>
            {rulingLabel(t, jc.ruling)} {jc.rulingAt && `· ${formatDateTime(jc.rulingAt)}`}
            {jc.rulingNote && <div className={styles.pre}>{jc.rulingNote}</div>}
          </div>
        </Descriptions.Item>
      )}
    </>
  );
}

function ApplyForm({ m, onChange, agreement }: StepProps & { agreement: Agreement }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ court: string; appliedAt: Dayjs; applicants: number[] }>();
  const step = useStep({ m, onChange });
  return (
    <Form
      name="mediation-confirmation-apply"
      form={form}
      layout="vertical"
      initialValues={{ appliedAt: dayjs(), applicants: agreement.parties }}
      onFinish={async (v) => {
        await step.post('judicial-confirmation', { court: v.court, appliedAt: toIso(v.appliedAt), applicants: v.applicants }, form);
      }}
    >
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('mediation.confirmation.apply')}
      </Typography.Title>
      <Form.Item name="court" label={t('mediation.confirmation.court')} rules={[{ required: true, whitespace: true, message: t('mediation.confirmation.courtRequired') }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="appliedAt" label={t('mediation.confirmation.appliedAt')} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="applicants" label={t('mediation.confirmation.applicants')} extra={t('mediation.confirmation.together')}>
        <Checkbox.Group options={agreement.parties.map((id) => {
          const p = m.parties.find((x) => x.id === id);
          return { value: id, label: p ? `${partyRoleLabel(t, p.role)} ${p.name}` : `#${id}` };
        })} />
      </Form.Item>
      <ApiErrorAlert error={step.error} hideFields={['court', 'appliedAt', 'applicants']} />
      <Button type="primary" htmlType="submit" loading={step.busy} style={{ marginTop: 8 }}>
        {t('mediation.confirmation.applySubmit')}
      </Button>
    </Form>
  );
}

function AcceptForm({ m, onChange }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ accepted: boolean; at: Dayjs; note?: string }>();
  const step = useStep({ m, onChange });
  return (
    <Form
      name="mediation-confirmation-accept"
      form={form}
      layout="vertical"
      initialValues={{ accepted: true, at: dayjs() }}
      onFinish={async (v) => {
        await step.post('judicial-confirmation/accept', { accepted: v.accepted, at: toIso(v.at), ...(v.note ? { note: v.note } : {}) }, form);
      }}
    >
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('mediation.confirmation.acceptance')}
      </Typography.Title>
      <Form.Item name="accepted" label={t('mediation.confirmation.courtDecision')}>
        <Radio.Group options={[{ value: true, label: t('mediation.confirmation.acceptedYes') }, { value: false, label: t('mediation.confirmation.acceptedNo') }]} />
      </Form.Item>
      <Form.Item name="at" label={t('mediation.confirmation.when')} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="note" label={t('mediation.confirmation.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <ApiErrorAlert error={step.error} />
      <Button type="primary" htmlType="submit" loading={step.busy}>
        {t('mediation.confirmation.acceptSubmit')}
      </Button>
    </Form>
  );
}

function RulingForms({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const [ruleForm] = Form.useForm<{ ruling: 'confirmed' | 'rejected'; at: Dayjs; note?: string }>();
  const [extendForm] = Form.useForm<{ reason: string }>();
  const step = useStep({ m, onChange });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      {can.courtRule && (
        <Form
          name="mediation-confirmation-rule"
          form={ruleForm}
          layout="vertical"
          initialValues={{ ruling: 'confirmed', at: dayjs() }}
          onFinish={async (v) => {
            await step.post('judicial-confirmation/rule', { ruling: v.ruling, at: toIso(v.at), ...(v.note ? { note: v.note } : {}) }, ruleForm);
          }}
        >
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('mediation.confirmation.ruling')}
          </Typography.Title>
          <Form.Item name="ruling">
            <Radio.Group options={[{ value: 'confirmed', label: rulingLabel(t, 'confirmed') }, { value: 'rejected', label: rulingLabel(t, 'rejected') }]} />
          </Form.Item>
          <Form.Item name="at" label={t('mediation.confirmation.when')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="note" label={t('mediation.confirmation.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={step.busy}>
            {t('mediation.confirmation.ruleSubmit')}
          </Button>
        </Form>
      )}
      {can.courtExtend && (
        <Form
          name="mediation-confirmation-extend"
          form={extendForm}
          layout="vertical"
          onFinish={async (v) => {
            await step.post('judicial-confirmation/extend', { reason: v.reason }, extendForm);
          }}
        >
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('mediation.confirmation.extend')}
          </Typography.Title>
          <Form.Item name="reason" label={t('mediation.confirmation.extendReason')} rules={[{ required: true, whitespace: true, message: t('mediation.common.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={step.busy}>
            {t('mediation.confirmation.extendSubmit')}
          </Button>
        </Form>
      )}
      <ApiErrorAlert error={step.error} />
    </Space>
  );
}
