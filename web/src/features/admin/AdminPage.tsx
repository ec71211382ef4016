// 系统管理: the server's health and the API documentation. User, unit and grid administration
// join this page as their server features land.
import { ApiOutlined, CheckCircleFilled, CloseCircleFilled, FileTextOutlined } from '@ant-design/icons';
import { Card, Descriptions, List, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Health = 'checking' | 'ok' | 'down';

function useHealth(): Health {
  const [health, setHealth] = useState<Health>('checking');
  useEffect(() => {
    const controller = new AbortController();
    fetch('/healthz', { signal: controller.signal, credentials: 'same-origin' }).then(
      (response) => setHealth(response.ok ? 'ok' : 'down'),
      () => !controller.signal.aborted && setHealth('down'),
    );
    return () => controller.abort();
  }, []);
  return health;
}

export default function AdminPage() {
  const { t } = useTranslation();
  const health = useHealth();
  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 960 }}>
      <Card title={t('admin.system')} variant="borderless">
        <Descriptions column={1} bordered size="small" styles={{ label: { width: 160 } }}>
          <Descriptions.Item label={t('admin.health')}>
            {health === 'checking' ? (
              <Skeleton.Input active size="small" />
            ) : health === 'ok' ? (
              <Typography.Text type="success">
                <CheckCircleFilled /> {t('admin.healthOk')}
              </Typography.Text>
            ) : (
              <Typography.Text type="danger">
                <CloseCircleFilled /> {t('admin.healthDown')}
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('admin.origin')}>
            <code>{window.location.origin}</code>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('admin.integration')} variant="borderless">
        <List
          itemLayout="horizontal"
          dataSource={[
            { href: '/api/docs', icon: <ApiOutlined />, title: t('admin.apiDocs'), description: t('admin.apiDocsHint') },
            { href: '/api/openapi.json', icon: <FileTextOutlined />, title: t('admin.openapi'), description: t('admin.openapiHint') },
          ]}
          renderItem={(item) => (
            <List.Item>
              <List.Item.Meta
                avatar={<span style={{ fontSize: 20, color: '#1d4ed8' }}>{item.icon}</span>}
                title={
                  <a href={item.href} target="_blank" rel="noreferrer">
                    {item.title}
                  </a>
                }
                description={item.description}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
