// 查询进度: tracking code plus the last 4 digits of the phone → where the case is, in plain words;
// the satisfaction form once it is resolved. A signed-in resident's own cases need no digits; an
// anonymous report shows its status only.
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type PublicCaseView, portalApi } from './portal.api';
import { formatTime, resultWords, satisfactionWords, statusColor, statusWords, stepWords } from './portal-labels';
import styles from './Portal.module.css';

export default function TrackPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [digits, setDigits] = useState('');
  const [view, setView] = useState<PublicCaseView>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  // A link from "my cases" (or after submitting) first tries without digits: a signed-in
  // resident's own case, or an anonymous one, opens straight away.
  useEffect(() => {
    const fromLink = params.get('code');
    if (!fromLink) return;
    portalApi.track(fromLink).then(setView, () => undefined);
  }, []);

  const look = async () => {
    const trimmed = code.trim().toUpperCase();
    if (!trimmed) return;
    setLoading(true);
    setError(undefined);
    try {
      setView(await portalApi.track(trimmed, digits.trim() || undefined));
      setParams({ code: trimmed }, { replace: true });
    } catch (e) {
      setView(undefined);
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <h1 className={styles.pageTitle}>{t('portal.track.title')}</h1>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical" onFinish={() => void look()} component="form">
          <Form.Item label={t('portal.track.code')} htmlFor="track-code" required>
            <Input id="track-code" value={code} onChange={(e) => setCode(e.target.value)} autoCapitalize="characters" maxLength={32} size="large" />
          </Form.Item>
          <Form.Item label={t('portal.track.digits')} htmlFor="track-digits" extra={t('portal.track.digitsHelp')}>
            <Input id="track-digits" value={digits} onChange={(e) => setDigits(e.target.value.replace(/\D/g, '').slice(0, 4))} inputMode="numeric" maxLength={4} size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={loading} disabled={!code.trim()}>
            {t('portal.track.look')}
          </Button>
        </Form>
        {error !== undefined && (
          <div style={{ marginTop: 16 }}>
            {isApiError(error) && error.status === 404 ? <Alert type="warning" showIcon role="alert" message={t('portal.track.noMatch')} /> : <ApiErrorAlert error={error} />}
          </div>
        )}
      </Card>
      {view && <CaseView view={view} digits={digits} onChange={setView} />}
    </>
  );
}

function CaseView({ view, digits, onChange }: { view: PublicCaseView; digits: string; onChange(view: PublicCaseView): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card title={<span data-testid="case-code">{view.trackingCode}</span>} extra={<Tag color={statusColor(view.status)} data-testid="case-status">{statusWords(t, view.status)}</Tag>}>
      {!view.verified ? (
        <Alert type="info" showIcon message={t('portal.track.statusOnly')} />
      ) : (
        <Space direction="vertical" size={16} className={styles.fullWidth}>
          <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: '1%' } }}>
            <Descriptions.Item label={t('portal.track.what')}>
              <span className={styles.userText} data-testid="case-title">
                {view.title}
              </span>
            </Descriptions.Item>
            {view.category && <Descriptions.Item label={t('portal.track.category')}>{lang === 'en' ? view.category.nameEn : view.category.name}</Descriptions.Item>}
            <Descriptions.Item label={t('portal.track.unit')}>{view.responsibleUnit ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('portal.track.due')}>{view.dueAt ? formatTime(view.dueAt, lang) : t('portal.track.dueLater')}</Descriptions.Item>
            <Descriptions.Item label={t('portal.track.submitted')}>{formatTime(view.submittedAt, lang)}</Descriptions.Item>
            {view.result && (
              <Descriptions.Item label={t('portal.track.result')}>
                <div>
                  <strong>{resultWords(t, view.result.code)}</strong>
                  {view.result.text && <div className={styles.userText}>{view.result.text}</div>}
                </div>
              </Descriptions.Item>
            )}
            {view.satisfaction && <Descriptions.Item label={t('portal.track.yourRating')}>{satisfactionWords(t, view.satisfaction)}</Descriptions.Item>}
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('portal.track.timeline')}</Typography.Title>
            <Timeline
              items={[...view.timeline].reverse().map((item) => ({
                color: item.action === 'resolve' || item.action === 'close' ? 'green' : item.action === 'reopen' || item.action === 'return' ? 'orange' : 'blue',
                children: (
                  <div>
                    <div>{stepWords(t, item)}</div>
                    {item.note && <div className={styles.userText} style={{ color: '#475569' }}>{item.note}</div>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(item.at, lang)}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          </div>
          {view.feedbackOpen && <FeedbackForm view={view} digits={digits} onDone={onChange} />}
        </Space>
      )}
    </Card>
  );
}

type Choice = 'satisfied' | 'basically_satisfied' | 'not_fixed';

function FeedbackForm({ view, digits, onDone }: { view: PublicCaseView; digits: string; onDone(view: PublicCaseView): void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<Choice>();
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();

  const send = async () => {
    if (!choice) return;
    setSending(true);
    setError(undefined);
    try {
      const fixed = choice !== 'not_fixed';
      onDone(
        await portalApi.feedback(view.trackingCode, {
          ...(digits ? { phoneLast4: digits } : {}),
          satisfaction: fixed ? choice : 'unsatisfied',
          fixed,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card type="inner" title={t('portal.feedback.title')} data-testid="feedback-form">
      <Form layout="vertical" onFinish={() => void send()} component="form">
        <Form.Item label={t('portal.feedback.question')} required>
          <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
            <Space direction="vertical">
              <Radio value="satisfied">{t('portal.rating.satisfied')}</Radio>
              <Radio value="basically_satisfied">{t('portal.rating.basically_satisfied')}</Radio>
              <Radio value="not_fixed">{t('portal.feedback.notFixed')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {choice === 'not_fixed' && <Alert type="info" showIcon message={t('portal.feedback.reopenNote')} style={{ marginBottom: 12 }} />}
        <Form.Item label={t('portal.feedback.comment')} htmlFor="feedback-comment">
          <Input.TextArea id="feedback-comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={500} showCount />
        </Form.Item>
        {error !== undefined && (
          <div style={{ marginBottom: 12 }}>
            <ApiErrorAlert error={error} />
          </div>
        )}
        <Button type="primary" htmlType="submit" block disabled={!choice} loading={sending}>
          {t('portal.feedback.send')}
        </Button>
      </Form>
    </Card>
  );
}
