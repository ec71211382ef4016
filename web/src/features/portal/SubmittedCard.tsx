// After a report or an errand: the tracking code, large, with a copy button and the way to check it.
import { CheckCircleFilled, CopyOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import styles from './Portal.module.css';

export function SubmittedCard({ trackingCode, anonymous }: { trackingCode: string; anonymous: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(trackingCode);
      void message.success(t('portal.submitted.copied'));
    } catch {
      // No clipboard (an old browser, no permission): the code is selectable as it is.
      void message.info(t('portal.submitted.copyByHand'));
    }
  };
  return (
    <Card>
      <Space direction="vertical" size={12} className={styles.fullWidth}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          <CheckCircleFilled style={{ color: '#16a34a', marginInlineEnd: 8 }} aria-hidden />
          {t('portal.submitted.title')}
        </Typography.Title>
        <div>{t('portal.submitted.codeLabel')}</div>
        <div className={styles.trackingCode} data-testid="tracking-code">
          {trackingCode}
        </div>
        <Button icon={<CopyOutlined />} block size="large" onClick={() => void copy()}>
          {t('portal.submitted.copy')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {anonymous ? t('portal.submitted.keepAnonymous') : t('portal.submitted.keep')}
        </Typography.Paragraph>
        <Button type="primary" block size="large" onClick={() => navigate(`/portal/track?code=${encodeURIComponent(trackingCode)}`)}>
          {t('portal.submitted.track')}
        </Button>
      </Space>
    </Card>
  );
}
