// Development only: the SMS messages the dev sender "sent" (PINGAN_SMS_SENDER=dev; never in
// production, where the API route does not exist).
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { portalApi } from './portal.api';
import { formatTime } from './portal-labels';
import styles from './Portal.module.css';

export default function DevInboxPage() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Array<{ to: string; text: string; at: string }>>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    portalApi.devInbox().then((r) => setItems(r.items), setError);
  }, []);
  useEffect(load, [load]);

  if (isApiError(error) && error.status === 404) return <Alert type="info" showIcon message={t('portal.devInbox.off')} />;
  return (
    <>
      <h1 className={styles.pageTitle}>{t('portal.devInbox.title')}</h1>
      <Alert type="warning" showIcon message={t('portal.devInbox.warning')} style={{ marginBottom: 12 }} />
      {error !== undefined && <ApiErrorAlert error={error} />}
      <Card
        extra={
          <Button icon={<ReloadOutlined />} onClick={load}>
            {t('portal.devInbox.reload')}
          </Button>
        }
      >
        {items && items.length === 0 ? (
          <Empty description={t('portal.devInbox.empty')} />
        ) : (
          <List
            dataSource={items ?? []}
            renderItem={(m) => (
              <List.Item>
                <List.Item.Meta title={m.to} description={formatTime(m.at, i18n.language)} />
                <Typography.Text className={styles.userText}>{m.text}</Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
