// 概览: the server's health, the API documentation, and (for admins) the targets of the three rates
// that the command dashboard compares against.
import { ApiOutlined, CheckCircleFilled, CloseCircleFilled, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, InputNumber, List, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { type RateTargets, getTargets, putTargets } from '../dashboard/dashboard.api';

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

interface TargetsForm {
  responseRate: number;
  resolutionRate: number;
  satisfactionRate: number;
}

/** Targets are fractions on the wire and percentages in the form. */
function TargetsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TargetsForm>();
  const [targets, setTargets] = useState<RateTargets | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getTargets().then((value) => {
      setTargets(value);
      form.setFieldsValue({ responseRate: value.responseRate * 100, resolutionRate: value.resolutionRate * 100, satisfactionRate: value.satisfactionRate * 100 });
    }, setError);
  }, [form]);

  async function save(values: TargetsForm) {
    setSaving(true);
    setError(null);
    try {
      const saved = await putTargets({ responseRate: values.responseRate / 100, resolutionRate: values.resolutionRate / 100, satisfactionRate: values.satisfactionRate / 100 });
      setTargets(saved);
      void message.success(t('admin.targets.saved'));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const percent = { min: 0, max: 100, step: 0.5, addonAfter: '%', style: { width: 140 } };
  return (
    <Card title={t('admin.targets.title')} variant="borderless" extra={targets?.isDefault ? <Typography.Text type="secondary">{t('admin.targets.default')}</Typography.Text> : null}>
      {targets === null && !error ? <Skeleton active /> : null}
      <Form<TargetsForm> form={form} layout="inline" onFinish={save} hidden={targets === null}>
        <Form.Item name="responseRate" label={t('admin.targets.responseRate')} rules={[{ required: true }]}>
          <InputNumber {...percent} />
        </Form.Item>
        <Form.Item name="resolutionRate" label={t('admin.targets.resolutionRate')} rules={[{ required: true }]}>
          <InputNumber {...percent} />
        </Form.Item>
        <Form.Item name="satisfactionRate" label={t('admin.targets.satisfactionRate')} rules={[{ required: true }]}>
          <InputNumber {...percent} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('admin.save')}
          </Button>
        </Form.Item>
      </Form>
      <ApiErrorAlert error={error} />
    </Card>
  );
}

export default function OverviewSection() {
  const { t } = useTranslation();
  const me = useMe();
  const health = useHealth();
  const isAdmin = me.grants.some((g) => g.role === 'admin');
  return (
    <>
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
      {isAdmin ? <TargetsCard /> : null}
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
    </>
  );
}
