// What a named reviewer does with a warning: acknowledge it (decision and reason), raise the tier
// by professional judgement, lower it (only with a second, different reviewer), and record how it
// ended. Only the steps the warning's state and the reviewer's role allow are offered; the server
// checks each again.
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { hasAnyRole } from '../auth/session.types';
import { type Outcome, type Tier, type WarningDetail, acknowledgeWarning, decideLowering, lowerWarning, outcomes, raiseWarning, recordOutcome, tierRank, tiers } from './risk.api';
import { TierTag, decisionLabel, outcomeLabel, tierLabel, warningStatusColor, warningStatusLabel } from './risk-labels';
import { reviewRoles } from './roles';
import { formatDateTime, useSubmit } from './ui-helpers';
import styles from './risk.module.css';

const REASON_MAX = 2000;

function tierOptions(t: TFunction, list: readonly Tier[]) {
  return list.map((x) => ({ value: x, label: tierLabel(t, x) }));
}

export function WarningReview({ warning, onChanged }: { warning: WarningDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const isReviewer = hasAnyRole(me, reviewRoles);
  const open = warning.status !== 'closed';
  const awaitingAck = warning.status === 'pending_review' || warning.status === 'review_due';
  const above = tiers.filter((x) => tierRank(x) > tierRank(warning.tier));
  const below = tiers.filter((x) => tierRank(x) < tierRank(warning.tier));
  return (
    <Card title={t('risk.review.title')} variant="borderless" data-testid="warning-review">
      <Descriptions column={1} size="small" styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('risk.review.status')}>
          <Tag color={warningStatusColor(warning.status)}>{warningStatusLabel(t, warning.status)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('risk.review.ackDue')}>
          <Space size={4} wrap>
            <span>{formatDateTime(warning.ackDueAt)}</span>
            {warning.ackOverdue && awaitingAck && <Tag color="error">{t('risk.worklist.ackOverdue')}</Tag>}
            {warning.ackEscalatedAt && <Tag color="warning">{t('risk.review.escalated', { at: formatDateTime(warning.ackEscalatedAt) })}</Tag>}
          </Space>
        </Descriptions.Item>
        {warning.reviewer && (
          <Descriptions.Item label={t('risk.review.reviewer')}>
            <div>
              {t('risk.review.reviewerLine', { name: warning.reviewer.label, at: formatDateTime(warning.acknowledgedAt) })}
              {warning.ackOnTime === false && <Tag style={{ marginInlineStart: 6 }}>{t('risk.review.late')}</Tag>}
            </div>
          </Descriptions.Item>
        )}
        {warning.decision && (
          <Descriptions.Item label={t('risk.review.decision')}>
            <div>
              <strong>{decisionLabel(t, warning.decision)}</strong>
              {warning.decisionReason && <div className={styles.pre}>{warning.decisionReason}</div>}
            </div>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('risk.review.reviewAt')}>{formatDateTime(warning.reviewAt)}</Descriptions.Item>
        {warning.outcome && (
          <Descriptions.Item label={t('risk.review.outcome')}>
            <div>
              <strong>{outcomeLabel(t, warning.outcome)}</strong> · {warning.outcomeBy} · {formatDateTime(warning.outcomeAt)}
              {warning.outcomeNote && <div className={styles.pre}>{warning.outcomeNote}</div>}
            </div>
          </Descriptions.Item>
        )}
      </Descriptions>
      {!isReviewer && open && (
        <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('risk.review.notReviewer')} />
      )}
      {isReviewer && open && (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 20, marginTop: 16 }}>
          {awaitingAck && <AcknowledgeForm warning={warning} above={above} below={below} onDone={onChanged} />}
          {above.length > 0 && !awaitingAck && <RaiseForm warning={warning} above={above} onDone={onChanged} />}
          <LowerSection warning={warning} below={below} me={me.user.username} onDone={onChanged} />
          {!awaitingAck && <OutcomeForm warning={warning} onDone={onChanged} />}
        </div>
      )}
    </Card>
  );
}

function AcknowledgeForm({ warning, above, below, onDone }: { warning: WarningDetail; above: Tier[]; below: Tier[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: 'confirm' | 'raise' | 'lower'; tier?: Tier; reason: string }>();
  const decision = Form.useWatch('decision', form);
  const submit = useSubmit();
  return (
    <section aria-labelledby="ack-title">
      <Typography.Title level={3} id="ack-title" style={{ fontSize: 16 }}>
        {t('risk.ack.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('risk.ack.intro')}</Typography.Paragraph>
      <Form
        name="risk-acknowledge"
        form={form}
        layout="vertical"
        initialValues={{ decision: 'confirm' }}
        onFinish={async (v) => {
          const done = await submit.run(() => acknowledgeWarning(warning.id, { version: warning.version, decision: v.decision, ...(v.decision !== 'confirm' && v.tier ? { tier: v.tier } : {}), reason: v.reason }), form);
          if (done) onDone();
        }}
      >
        <Form.Item name="decision" label={t('risk.ack.decision')} rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="confirm">{t('risk.ack.confirm')}</Radio>
            {above.length > 0 && <Radio value="raise">{t('risk.ack.raise')}</Radio>}
            {below.length > 0 && <Radio value="lower">{t('risk.ack.lower')}</Radio>}
          </Radio.Group>
        </Form.Item>
        {decision === 'raise' && (
          <Form.Item name="tier" label={t('risk.ack.newTier')} rules={[{ required: true, message: t('risk.ack.tierRequired') }]}>
            <Select style={{ maxWidth: 240 }} options={tierOptions(t, above)} />
          </Form.Item>
        )}
        {decision === 'lower' && (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('risk.lower.twoPeople')} />
            <Form.Item name="tier" label={t('risk.ack.newTier')} rules={[{ required: true, message: t('risk.ack.tierRequired') }]}>
              <Select style={{ maxWidth: 240 }} options={tierOptions(t, below)} />
            </Form.Item>
          </>
        )}
        <Form.Item name="reason" label={t('risk.ack.reason')} rules={[{ required: true, whitespace: true, message: t('risk.common.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount placeholder={t('risk.ack.reasonPlaceholder')} />
        </Form.Item>
        <ApiErrorAlert error={submit.error} hideFields={['reason', 'tier']} />
        <Button type="primary" htmlType="submit" loading={submit.busy} style={{ marginTop: 8 }}>
          {t('risk.ack.submit')}
        </Button>
      </Form>
    </section>
  );
}

function RaiseForm({ warning, above, onDone }: { warning: WarningDetail; above: Tier[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ tier: Tier; reason: string }>();
  const submit = useSubmit();
  return (
    <section aria-labelledby="raise-title">
      <Typography.Title level={3} id="raise-title" style={{ fontSize: 16 }}>
        {t('risk.raise.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('risk.raise.intro')}</Typography.Paragraph>
      <Form
        name="risk-raise"
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const done = await submit.run(() => raiseWarning(warning.id, { version: warning.version, tier: v.tier, reason: v.reason }), form);
          if (done) {
            form.resetFields();
            onDone();
          }
        }}
      >
        <Form.Item name="tier" label={t('risk.ack.newTier')} rules={[{ required: true, message: t('risk.ack.tierRequired') }]}>
          <Select style={{ maxWidth: 240 }} options={tierOptions(t, above)} />
        </Form.Item>
        <Form.Item name="reason" label={t('risk.raise.judgement')} rules={[{ required: true, whitespace: true, message: t('risk.common.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={REASON_MAX} showCount />
        </Form.Item>
        <ApiErrorAlert error={submit.error} hideFields={['reason', 'tier']} />
        <Button htmlType="submit" loading={submit.busy}>
          {t('risk.raise.submit')}
        </Button>
      </Form>
    </section>
  );
}

function LowerSection({ warning, below, me, onDone }: { warning: WarningDetail; below: Tier[]; me: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ tier: Tier; reason: string }>();
  const [decideForm] = Form.useForm<{ reason: string }>();
  const submit = useSubmit();
  const [proposed, setProposed] = useState<{ to: string; from: string } | null>(null);
  const pending = warning.pendingLowering;

  if (pending) {
    const mine = pending.proposedBy === me;
    return (
      <section aria-labelledby="lower-title" data-testid="pending-lowering">
        <Typography.Title level={3} id="lower-title" style={{ fontSize: 16 }}>
          {t('risk.lower.title')}
        </Typography.Title>
        {proposed && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 12 }}
            data-testid="lowering-not-applied"
            message={t('risk.lower.notApplied', { tier: tierLabel(t, proposed.from) })}
            description={t('risk.lower.notAppliedDetail')}
          />
        )}
        <Alert
          type={mine ? 'warning' : 'info'}
          showIcon
          message={
            <span>
              {t('risk.lower.pending', { name: pending.proposedBy, at: formatDateTime(pending.proposedAt) })} <TierTag tier={pending.fromTier} /> → <TierTag tier={pending.toTier} />
            </span>
          }
          description={
            <>
              <div className={styles.pre}>{t('risk.lower.firstReason', { reason: pending.reason })}</div>
              <div style={{ marginTop: 6 }}>{mine ? t('risk.lower.youProposed') : t('risk.lower.youDecide')}</div>
            </>
          }
        />
        {!mine && (
          <Form name="risk-decide" form={decideForm} layout="vertical" style={{ marginTop: 12 }}>
            <Form.Item name="reason" label={t('risk.lower.secondReason')} rules={[{ required: true, whitespace: true, message: t('risk.common.reasonRequired') }]}>
              <Input.TextArea rows={2} maxLength={REASON_MAX} showCount />
            </Form.Item>
            <ApiErrorAlert error={submit.error} hideFields={['reason']} />
            <Space style={{ marginTop: 8 }}>
              <Button
                type="primary"
                loading={submit.busy}
                onClick={async () => {
                  const v = await decideForm.validateFields();
                  const done = await submit.run(() => decideLowering(warning.id, { version: warning.version, approve: true, reason: v.reason }), decideForm);
                  if (done) onDone();
                }}
              >
                {t('risk.lower.approve', { tier: tierLabel(t, pending.toTier) })}
              </Button>
              <Button
                loading={submit.busy}
                onClick={async () => {
                  const v = await decideForm.validateFields();
                  const done = await submit.run(() => decideLowering(warning.id, { version: warning.version, approve: false, reason: v.reason }), decideForm);
                  if (done) onDone();
                }}
              >
                {t('risk.lower.decline')}
              </Button>
            </Space>
          </Form>
        )}
      </section>
    );
  }
  if (below.length === 0) return null;
  return (
    <section aria-labelledby="lower-title" data-testid="lower-tier">
      <Typography.Title level={3} id="lower-title" style={{ fontSize: 16 }}>
        {t('risk.lower.title')}
      </Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('risk.lower.twoPeople')} />
      <Form
        name="risk-lower"
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const from = warning.tier;
          const answer = await submit.run(() => lowerWarning(warning.id, { version: warning.version, tier: v.tier, reason: v.reason }), form);
          if (!answer) return;
          setProposed(answer.result === 'proposed' ? { to: v.tier, from } : null);
          form.resetFields();
          onDone();
        }}
      >
        <Form.Item name="tier" label={t('risk.ack.newTier')} rules={[{ required: true, message: t('risk.ack.tierRequired') }]}>
          <Select style={{ maxWidth: 240 }} options={tierOptions(t, below)} />
        </Form.Item>
        <Form.Item name="reason" label={t('risk.lower.reason')} rules={[{ required: true, whitespace: true, message: t('risk.common.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={REASON_MAX} showCount />
        </Form.Item>
        <ApiErrorAlert error={submit.error} hideFields={['reason', 'tier']} />
        <Button htmlType="submit" loading={submit.busy}>
          {t('risk.lower.submit')}
        </Button>
      </Form>
    </section>
  );
}

function OutcomeForm({ warning, onDone }: { warning: WarningDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ outcome: Outcome; note: string }>();
  const submit = useSubmit();
  return (
    <section aria-labelledby="outcome-title">
      <Typography.Title level={3} id="outcome-title" style={{ fontSize: 16 }}>
        {t('risk.outcomeForm.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('risk.outcomeForm.intro')}</Typography.Paragraph>
      <Form
        name="risk-outcome"
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const done = await submit.run(() => recordOutcome(warning.id, { version: warning.version, outcome: v.outcome, note: v.note }), form);
          if (done) onDone();
        }}
      >
        <Form.Item name="outcome" label={t('risk.outcomeForm.outcome')} rules={[{ required: true, message: t('risk.outcomeForm.outcomeRequired') }]}>
          <Select style={{ maxWidth: 280 }} options={outcomes.map((o) => ({ value: o, label: outcomeLabel(t, o) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('risk.outcomeForm.note')} rules={[{ required: true, whitespace: true, message: t('risk.outcomeForm.noteRequired') }]}>
          <Input.TextArea rows={2} maxLength={REASON_MAX} showCount />
        </Form.Item>
        <ApiErrorAlert error={submit.error} hideFields={['note', 'outcome']} />
        <Button htmlType="submit" loading={submit.busy}>
          {t('risk.outcomeForm.submit')}
        </Button>
      </Form>
    </section>
  );
}
