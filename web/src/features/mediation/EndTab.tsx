// Ending a mediation without an agreement: a failure records the reason and the routes the parties
// were told about (arbitration, administrative, court); a party's clear refusal ends it and is
// never held against them.
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Popconfirm, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDateTime } from '../risk/ui-helpers';
import { failureRoutes } from './mediation.api';
import type { Abilities } from './mediation-abilities';
import { partyRoleLabel, routeLabel, statusLabel } from './mediation-labels';
import { type StepProps, useStep } from './useStep';
import styles from './mediation.module.css';

export function EndTab({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  if (m.endedAt) {
    const refusedBy = m.parties.find((p) => p.id === m.refusedByPartyId);
    return (
      <Card title={t('mediation.end.ended')} variant="borderless" data-testid="ended">
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 160 } }}>
          <Descriptions.Item label={t('mediation.end.result')}>{statusLabel(t, m.status)}</Descriptions.Item>
          <Descriptions.Item label={t('mediation.end.at')}>{formatDateTime(m.endedAt)}</Descriptions.Item>
          {m.status === 'failed' && <Descriptions.Item label={t('mediation.end.reason')}>{m.endReason}</Descriptions.Item>}
          {refusedBy && <Descriptions.Item label={t('mediation.end.refusedBy')}>{`${partyRoleLabel(t, refusedBy.role)} ${refusedBy.name}`}</Descriptions.Item>}
          {m.routesTold && <Descriptions.Item label={t('mediation.end.routesTold')}>{m.routesTold.map((r) => routeLabel(t, r)).join(t('mediation.common.separator'))}</Descriptions.Item>}
          {m.endNote && (
            <Descriptions.Item label={t('mediation.end.note')}>
              <span className={styles.pre}>{m.endNote}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
        {m.status === 'refused' && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('mediation.end.refusalNeverHeld')} />}
      </Card>
    );
  }
  if (!can.end) return <Typography.Paragraph type="secondary">{t('mediation.end.notNow')}</Typography.Paragraph>;
  return (
    <div className={styles.twoColumns}>
      <FailForm m={m} onChange={onChange} />
      <RefuseForm m={m} onChange={onChange} />
    </div>
  );
}

function FailForm({ m, onChange }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string; routesTold: string[]; note?: string }>();
  const step = useStep({ m, onChange });
  return (
    <Card title={t('mediation.end.fail')} variant="borderless">
      <Form name="mediation-fail" form={form} layout="vertical" initialValues={{ routesTold: [] }} onFinish={async (v) => void (await step.post('fail', { reason: v.reason, routesTold: v.routesTold, ...(v.note ? { note: v.note } : {}) }, form))}>
        <Form.Item name="reason" label={t('mediation.end.reason')} rules={[{ required: true, whitespace: true, message: t('mediation.common.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="routesTold" label={t('mediation.end.routesTold')} rules={[{ required: true, type: 'array', min: 1, message: t('mediation.end.routesRequired') }]} extra={t('mediation.end.routesHint')}>
          <Checkbox.Group options={failureRoutes.map((r) => ({ value: r, label: routeLabel(t, r) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('mediation.end.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <ApiErrorAlert error={step.error} hideFields={['reason', 'routesTold']} />
        <Popconfirm title={t('mediation.end.failConfirm')} onConfirm={() => form.submit()} okText={t('mediation.end.failOk')} cancelText={t('mediation.common.cancel')}>
          <Button danger loading={step.busy} style={{ marginTop: 8 }}>
            {t('mediation.end.failSubmit')}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}

function RefuseForm({ m, onChange }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ partyId: number; note?: string }>();
  const step = useStep({ m, onChange });
  return (
    <Card title={t('mediation.end.refuse')} variant="borderless">
      <Typography.Paragraph type="secondary">{t('mediation.end.refuseIntro')}</Typography.Paragraph>
      <Form name="mediation-refuse" form={form} layout="vertical" onFinish={async (v) => void (await step.post('refuse', { partyId: v.partyId, ...(v.note ? { note: v.note } : {}) }, form))}>
        <Form.Item name="partyId" label={t('mediation.end.party')} rules={[{ required: true, message: t('mediation.end.partyRequired') }]}>
          <Select style={{ maxWidth: 260 }} options={m.parties.map((p) => ({ value: p.id, label: `${partyRoleLabel(t, p.role)} ${p.name}` }))} />
        </Form.Item>
        <Form.Item name="note" label={t('mediation.end.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <ApiErrorAlert error={step.error} hideFields={['partyId']} />
        <Popconfirm title={t('mediation.end.refuseConfirm')} onConfirm={() => form.submit()} okText={t('mediation.end.refuseOk')} cancelText={t('mediation.common.cancel')}>
          <Button loading={step.busy} style={{ marginTop: 8 }}>
            {t('mediation.end.refuseSubmit')}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}
