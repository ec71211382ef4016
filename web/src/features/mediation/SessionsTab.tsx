// Sessions (调解会谈): when, in which mode, who attended, the minutes and the outcome. Only the modes
// the latest safety screen and the case's risk warning allow are offered; when none is, the page
// says why.
import { Alert, Button, Card, Checkbox, DatePicker, Empty, Form, Input, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { warningHref } from '../risk/links';
import { formatDateTime, toIso } from '../risk/ui-helpers';
import { type Attendee, type Mediation, sessionOutcomes } from './mediation.api';
import type { Abilities } from './mediation-abilities';
import { modeLabel, outcomeLabel, partyRoleLabel } from './mediation-labels';
import { type StepProps, useStep } from './useStep';
import styles from './mediation.module.css';

function attendeeKey(a: Attendee): string {
  return a.kind === 'party' ? `party:${a.partyId}` : a.kind === 'mediator' ? `mediator:${a.userId}` : `invitee:${a.inviteeId}`;
}

function parseAttendee(key: string): Attendee {
  const [kind, raw] = key.split(':');
  const id = Number(raw);
  if (kind === 'mediator') return { kind: 'mediator', userId: id };
  if (kind === 'invitee') return { kind: 'invitee', inviteeId: id };
  return { kind: 'party', partyId: id };
}

function useAttendeeName(m: Mediation) {
  const { t } = useTranslation();
  return (a: Attendee): string => {
    if (a.kind === 'party') {
      const p = m.parties.find((x) => x.id === a.partyId);
      return p ? `${partyRoleLabel(t, p.role)} ${p.name}` : `#${a.partyId}`;
    }
    if (a.kind === 'mediator') return `${t('mediation.sessions.mediator')} ${m.mediators.find((x) => x.userId === a.userId)?.name ?? a.userId}`;
    return m.invitees.find((x) => x.id === a.inviteeId)?.name ?? `#${a.inviteeId}`;
  };
}

export function SessionsTab({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const nameOf = useAttendeeName(m);
  return (
    <div className={styles.twoColumns}>
      <Card title={t('mediation.sessions.title')} variant="borderless" data-testid="sessions">
        {m.sessions.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.sessions.none')} />
        ) : (
          <Timeline
            items={m.sessions.map((s) => ({
              key: s.id,
              children: (
                <div>
                  <Space wrap size={6}>
                    <strong>{formatDateTime(s.heldAt)}</strong>
                    <Tag>{modeLabel(t, s.mode)}</Tag>
                    <Tag color={s.outcome === 'agreement_reached' ? 'success' : s.outcome === 'no_agreement' || s.outcome === 'party_left' ? 'error' : 'processing'}>{outcomeLabel(t, s.outcome)}</Tag>
                  </Space>
                  <div className={styles.muted}>{t('mediation.sessions.attendees', { names: s.attendees.map(nameOf).join(t('mediation.common.separator')) })}</div>
                  <div className={styles.pre} style={{ marginTop: 4 }}>
                    {s.minutes}
                  </div>
                  <div className={styles.muted}>{t('mediation.sessions.recordedBy', { name: s.recordedBy })}</div>
                </div>
              ),
            }))}
          />
        )}
      </Card>
      <Card title={t('mediation.sessions.record')} variant="borderless">
        {can.session ? <SessionForm m={m} onChange={onChange} /> : <WhyNoSession m={m} />}
      </Card>
    </div>
  );
}

function WhyNoSession({ m }: { m: Mediation }) {
  const { t } = useTranslation();
  if (m.status !== 'in_progress') return <Typography.Paragraph type="secondary">{t('mediation.sessions.notInProgress')}</Typography.Paragraph>;
  if (m.mode === null) return <Alert type="info" showIcon message={t('mediation.sessions.screenFirst')} />;
  if (m.risk.sessionsPaused)
    return (
      <Alert
        type="warning"
        showIcon
        message={t('mediation.sessions.paused')}
        action={m.risk.warningId !== null ? <Link to={warningHref(m.risk.warningId)}>{t('mediation.risk.open')}</Link> : undefined}
      />
    );
  if (m.mode === 'not_suitable') return <Alert type="info" showIcon message={t('mediation.sessions.notSuitable')} />;
  return <Typography.Paragraph type="secondary">{t('mediation.sessions.noRights')}</Typography.Paragraph>;
}

interface SessionValues {
  heldAt: Dayjs;
  mode: string;
  attendees: string[];
  minutes: string;
  outcome: string;
}

function SessionForm({ m, onChange }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SessionValues>();
  const step = useStep({ m, onChange });
  const consented = (id: number) => {
    const invitee = m.invitees.find((x) => x.id === id);
    return !!invitee && m.parties.every((p) => invitee.consents.some((c) => c.partyId === p.id && c.consented));
  };
  const options = [
    ...m.parties.map((p) => ({ value: attendeeKey({ kind: 'party', partyId: p.id }), label: `${partyRoleLabel(t, p.role)} ${p.name}` })),
    ...m.mediators.filter((x) => x.endedAt === null).map((x) => ({ value: attendeeKey({ kind: 'mediator', userId: x.userId }), label: `${t('mediation.sessions.mediator')} ${x.name}` })),
    ...m.invitees.map((x) => ({ value: attendeeKey({ kind: 'invitee', inviteeId: x.id }), label: consented(x.id) ? x.name : t('mediation.sessions.inviteeAwaiting', { name: x.name }), disabled: !consented(x.id) })),
  ];
  return (
    <Form
      name="mediation-session"
      form={form}
      layout="vertical"
      initialValues={{ heldAt: dayjs(), mode: m.allowedSessionModes[0], attendees: options.filter((o) => !('disabled' in o && o.disabled)).map((o) => o.value), outcome: 'progress' }}
      onFinish={async (v) => {
        const body = { heldAt: toIso(v.heldAt), mode: v.mode, attendees: v.attendees.map(parseAttendee), minutes: v.minutes, outcome: v.outcome };
        if (await step.post('sessions', body, form)) form.resetFields();
      }}
    >
      {m.allowedSessionModes.length < 3 && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('mediation.sessions.modesLimited', { modes: m.allowedSessionModes.map((x) => modeLabel(t, x)).join(t('mediation.common.separator')) })} />}
      <Space wrap align="start" size={16}>
        <Form.Item name="heldAt" label={t('mediation.sessions.heldAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="mode" label={t('mediation.sessions.mode')} rules={[{ required: true }]}>
          <Radio.Group options={m.allowedSessionModes.map((x) => ({ value: x, label: modeLabel(t, x) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="attendees" label={t('mediation.sessions.who')} rules={[{ required: true, type: 'array', min: 1, message: t('mediation.sessions.whoRequired') }]}>
        <Checkbox.Group options={options} />
      </Form.Item>
      <Form.Item name="minutes" label={t('mediation.sessions.minutes')} rules={[{ required: true, whitespace: true, message: t('mediation.sessions.minutesRequired') }]}>
        <Input.TextArea rows={5} maxLength={20000} showCount />
      </Form.Item>
      <Form.Item name="outcome" label={t('mediation.sessions.outcome')} rules={[{ required: true }]}>
        <Select style={{ maxWidth: 240 }} options={sessionOutcomes.map((o) => ({ value: o, label: outcomeLabel(t, o) }))} />
      </Form.Item>
      <ApiErrorAlert error={step.error} hideFields={['minutes']} />
      <Button type="primary" htmlType="submit" loading={step.busy} style={{ marginTop: 8 }}>
        {t('mediation.sessions.submit')}
      </Button>
    </Form>
  );
}
