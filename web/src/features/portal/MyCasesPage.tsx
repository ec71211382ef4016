// 我的诉求: sign in with the phone and a one-time code (sent by SMS), then every case reported with
// that phone. The resident session is its own cookie; it is not a staff sign-in.
import { Alert, Button, Card, Empty, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { type MyCase, portalApi } from './portal.api';
import { formatTime, statusColor, statusWords } from './portal-labels';
import styles from './Portal.module.css';
import { usePortalInfo } from './usePortalInfo';

type State = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; phone: string; items: MyCase[] };

export default function MyCasesPage() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [error, setError] = useState<unknown>();

  const load = useCallback(async () => {
    try {
      const mine = await portalApi.myCases();
      setState({ status: 'signedIn', phone: mine.phone, items: mine.items });
    } catch (e) {
      if (isApiError(e) && e.status === 401) setState({ status: 'signedOut' });
      else setError(e);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const signOut = async () => {
    await portalApi.signOut().catch(() => undefined);
    setState({ status: 'signedOut' });
  };

  if (error !== undefined) return <ApiErrorAlert error={error} />;
  if (state.status === 'loading') return <PageLoading />;
  return (
    <>
      <h1 className={styles.pageTitle}>{t('portal.me.title')}</h1>
      {state.status === 'signedOut' ? (
        <SignIn onSignedIn={() => void load()} />
      ) : (
        <Card
          title={t('portal.me.signedInAs', { phone: state.phone })}
          extra={
            <Button size="small" onClick={() => void signOut()}>
              {t('portal.me.signOut')}
            </Button>
          }
        >
          {state.items.length === 0 ? (
            <Empty description={t('portal.me.none')} />
          ) : (
            <List
              dataSource={state.items}
              rowKey="trackingCode"
              renderItem={(item) => (
                <List.Item>
                  <Space direction="vertical" size={2} className={styles.fullWidth}>
                    <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                      <Link to={`/portal/track?code=${encodeURIComponent(item.trackingCode)}`}>{item.trackingCode}</Link>
                      <Tag color={statusColor(item.status)}>{statusWords(t, item.status)}</Tag>
                    </Space>
                    <span className={styles.userText}>{item.title}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(item.submittedAt, i18n.language)}
                      {item.feedbackOpen ? ` · ${t('portal.me.rateNow')}` : ''}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </>
  );
}

function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const { t } = useTranslation();
  const { info } = usePortalInfo();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (wait <= 0) return;
    const timer = window.setTimeout(() => setWait(wait - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [wait]);

  const send = async () => {
    setError(undefined);
    try {
      const answer = await portalApi.sendCode(phone.trim());
      setSent(true);
      setWait(answer.resendAfterSeconds);
    } catch (e) {
      setError(e);
      if (isApiError(e) && e.retryAfter) setWait(e.retryAfter);
    }
  };

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await portalApi.verifyCode(phone.trim(), code.trim());
      onSignedIn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('portal.me.intro')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void verify()} component="form">
        <Form.Item label={t('portal.me.phone')} htmlFor="me-phone" required>
          <Space.Compact className={styles.fullWidth}>
            <Input id="me-phone" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="tel" maxLength={20} size="large" />
            <Button size="large" onClick={() => void send()} disabled={!phone.trim() || wait > 0}>
              {wait > 0 ? t('portal.me.resendIn', { s: wait }) : t('portal.me.sendCode')}
            </Button>
          </Space.Compact>
        </Form.Item>
        {sent && <Alert type="success" showIcon message={t('portal.me.codeSent')} style={{ marginBottom: 12 }} />}
        <Form.Item label={t('portal.me.code')} htmlFor="me-code" required>
          <Input id="me-code" value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))} inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" />
        </Form.Item>
        {error !== undefined && (
          <div style={{ marginBottom: 12 }}>
            <ApiErrorAlert error={error} />
          </div>
        )}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={code.length !== 6 || !phone.trim()}>
          {t('portal.me.signIn')}
        </Button>
      </Form>
      {info?.devSmsInbox && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('portal.me.devHint')} <Link to="/portal/dev/sms-inbox">{t('portal.devInbox.title')}</Link>
        </Typography.Paragraph>
      )}
    </Card>
  );
}
