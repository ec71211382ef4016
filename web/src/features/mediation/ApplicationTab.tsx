// How the dispute came into mediation, who the parties are, and the safety screen put before any
// session: its answers decide the mode, and a safety concern raises a risk review.
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { TierTag } from '../risk/risk-labels';
import { caseRiskHref, warningHref } from '../risk/links';
import { formatDateTime } from '../risk/ui-helpers';
import { type CaseBrief, type Mode, type ScreeningQuestion, type YesNo, modes, screeningQuestions } from './mediation.api';
import type { Abilities } from './mediation-abilities';
import { answerLabel, modeLabel, originLabel, partyRoleLabel, questionLabel } from './mediation-labels';
import { type StepProps, useStep } from './useStep';
import styles from './mediation.module.css';

const concernQuestions: readonly ScreeningQuestion[] = ['fear_of_other_party', 'violence_or_threats', 'weapon_mentioned', 'controlling_behaviour'];

export function ApplicationTab({ m, onChange, can, caseBrief }: StepProps & { can: Abilities; caseBrief: CaseBrief | null }) {
  const { t } = useTranslation();
  return (
    <div className={styles.twoColumns}>
      <Card title={t('mediation.application.title')} variant="borderless">
        <Descriptions column={1} size="small" styles={{ label: { width: 120 } }}>
          <Descriptions.Item label={t('mediation.application.origin')}>{originLabel(t, m.origin)}</Descriptions.Item>
          {m.originNote && (
            <Descriptions.Item label={t('mediation.application.originNote')}>
              <span className={styles.pre}>{m.originNote}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('mediation.application.acceptedAt')}>{t('mediation.application.acceptedBy', { at: formatDateTime(m.acceptedAt), name: m.createdBy })}</Descriptions.Item>
          <Descriptions.Item label={t('mediation.application.committee')}>{m.committeeName}</Descriptions.Item>
          {caseBrief && (
            <Descriptions.Item label={t('mediation.application.description')}>
              <span className={styles.pre}>{caseBrief.description}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
          {t('mediation.application.parties')}
        </Typography.Title>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={m.parties}
          columns={[
            { title: t('mediation.application.partyRole'), key: 'role', width: 120, render: (_, p) => partyRoleLabel(t, p.role) },
            { title: t('mediation.application.partyName'), dataIndex: 'name' },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('mediation.application.masked')}
        </Typography.Paragraph>
      </Card>
      <div className={styles.stack}>
        {m.risk.tier && (
          <Alert
            type={m.risk.sessionsPaused ? 'warning' : 'info'}
            showIcon
            data-testid="mediation-risk"
            message={
              <span>
                {t('mediation.risk.warning')} <TierTag tier={m.risk.tier} />{' '}
                {m.risk.warningId !== null && <Link to={warningHref(m.risk.warningId)}>{t('mediation.risk.open')}</Link>}
              </span>
            }
            description={m.risk.sessionsPaused ? t('mediation.risk.paused') : m.risk.jointSessionsAllowed ? t('mediation.risk.asUsual') : t('mediation.risk.noJoint')}
          />
        )}
        <ScreeningCard m={m} onChange={onChange} can={can} />
      </div>
    </div>
  );
}

interface ScreeningValues {
  answers: Partial<Record<ScreeningQuestion, YesNo>>;
  mode: Mode;
  raiseRiskReview: boolean;
  note?: string;
}

function ScreeningCard({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ScreeningValues>();
  const step = useStep({ m, onChange });
  const answers = Form.useWatch('answers', form) ?? {};
  const concerns = concernQuestions.filter((q) => answers[q] === 'yes');
  const apart = answers.wants_to_meet_apart === 'yes';
  const jointBlocked = concerns.length > 0 || apart || !m.risk.jointSessionsAllowed;
  const latest = m.screenings.at(-1);
  const [again, setAgain] = useState(false);
  return (
    <Card title={t('mediation.screen.title')} variant="borderless" data-testid="screening">
      <Typography.Paragraph type="secondary">{t('mediation.screen.intro')}</Typography.Paragraph>
      {latest && (
        <div style={{ marginBottom: 16 }} data-testid="screening-latest">
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 220 } }}>
            {screeningQuestions.map((q) => (
              <Descriptions.Item key={q} label={questionLabel(t, q)}>
                {answerLabel(t, latest.answers[q])}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('mediation.screen.mode')}>
              <strong>{modeLabel(t, latest.mode)}</strong>
              {latest.raisesRiskReview && (
                <Tag color="warning" style={{ marginInlineStart: 8 }}>
                  {t('mediation.screen.reviewRaised')}
                </Tag>
              )}
            </Descriptions.Item>
            {latest.note && <Descriptions.Item label={t('mediation.screen.note')}>{latest.note}</Descriptions.Item>}
          </Descriptions>
          <Typography.Text type="secondary">{t('mediation.screen.by', { name: latest.by, at: formatDateTime(latest.at), n: m.screenings.length })}</Typography.Text>
          {latest.raisesRiskReview && (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              showIcon
              message={t('mediation.screen.reviewRaisedDetail')}
              action={<Link to={caseRiskHref(m.caseId)}>{t('mediation.screen.toRisk')}</Link>}
            />
          )}
        </div>
      )}
      {can.screen && latest && !again && (
        <Button onClick={() => setAgain(true)}>{t('mediation.screen.again')}</Button>
      )}
      {can.screen && (!latest || again) && (
        <Form
          name="mediation-screening"
          form={form}
          layout="vertical"
          initialValues={{ answers: {}, raiseRiskReview: false }}
          onFinish={async (v) => {
            const body = { answers: Object.fromEntries(Object.entries(v.answers ?? {}).filter(([, a]) => a !== undefined)), mode: v.mode, ...(v.raiseRiskReview ? { raiseRiskReview: true } : {}), ...(v.note ? { note: v.note } : {}) };
            if (await step.post('screening', body, form)) {
              form.resetFields();
              setAgain(false);
            }
          }}
        >
          {screeningQuestions.map((q) => (
            <Form.Item key={q} name={['answers', q]} label={questionLabel(t, q)} style={{ marginBottom: 10 }}>
              <Radio.Group aria-label={questionLabel(t, q)}>
                <Radio value="yes">{answerLabel(t, 'yes')}</Radio>
                <Radio value="no">{answerLabel(t, 'no')}</Radio>
                <Radio value="unknown">{answerLabel(t, 'unknown')}</Radio>
              </Radio.Group>
            </Form.Item>
          ))}
          {concerns.length > 0 && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('mediation.screen.concern')} description={t('mediation.screen.concernDetail')} data-testid="screening-concern" />
          )}
          <Form.Item name="mode" label={t('mediation.screen.mode')} rules={[{ required: true, message: t('mediation.screen.modeRequired') }]} extra={jointBlocked ? t('mediation.screen.jointBlocked') : undefined}>
            <Radio.Group>
              {modes.map((mode) => (
                <Radio key={mode} value={mode} disabled={mode === 'joint' && jointBlocked}>
                  {modeLabel(t, mode)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="raiseRiskReview" valuePropName="checked" style={{ marginBottom: 10 }}>
            <Checkbox disabled={concerns.length > 0}>{concerns.length > 0 ? t('mediation.screen.reviewWillBeRaised') : t('mediation.screen.askReview')}</Checkbox>
          </Form.Item>
          <Form.Item name="note" label={t('mediation.screen.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <ApiErrorAlert error={step.error} hideFields={['mode']} />
          <Button type="primary" htmlType="submit" loading={step.busy} style={{ marginTop: 8 }}>
            {t('mediation.screen.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
