// Sign-in: username and password, Enter submits; wrong credentials and lockouts are explained.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Brand, BrandMark } from '../../components/Brand';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageLoading } from '../../components/PageLoading';
import { useSession } from './session';
import styles from './LoginPage.module.css';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths: `next` comes from the URL and must not send the user elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

function LoginError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (isApiError(error) && error.code === 'invalid_credentials') {
    return <Alert type="error" showIcon role="alert" message={t('login.invalidCredentials')} />;
  }
  if (isApiError(error) && error.code === 'account_locked') {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
    return <Alert type="warning" showIcon role="alert" message={t('login.accountLocked', { minutes })} />;
  }
  return <ApiErrorAlert error={error} hideFields={['username', 'password']} />;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.title')}`;
  }, [t]);

  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'signedIn' && !submitting) return <Navigate to={safeNext(params.get('next'))} replace />;

  async function submit(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(values.username.trim(), values.password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
      if (isApiError(caught)) {
        for (const e of caught.errors) {
          if (e.field === 'username' || e.field === 'password') form.setFields([{ name: e.field, errors: [e.message] }]);
        }
        if (caught.code === 'invalid_credentials') form.setFieldValue('password', '');
      }
    }
  }

  return (
    <div className={styles.page}>
      <aside className={styles.hero} aria-hidden="true">
        <div className={styles.heroInner}>
          <Brand inverted />
          <div>
            <h2 className={styles.heroTitle}>{t('login.heroTitle')}</h2>
            <p className={styles.heroText}>{t('login.heroText')}</p>
          </div>
          <div className={styles.heroFoot}>{t('login.heroFoot')}</div>
        </div>
      </aside>
      <main className={styles.main}>
        <div className={styles.topbar}>
          <LanguageSwitch />
        </div>
        <Card className={styles.card} variant="borderless">
          <div className={styles.cardHead}>
            <BrandMark size={44} />
            <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
              {t('login.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
          <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={submitting} size="large" onValuesChange={() => error && setError(null)}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus placeholder={t('login.usernamePlaceholder')} />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" placeholder={t('login.passwordPlaceholder')} />
            </Form.Item>
            {error ? (
              <div style={{ marginBottom: 16 }}>
                <LoginError error={error} />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <footer className={styles.footer}>{t('login.footer')}</footer>
      </main>
    </div>
  );
}
