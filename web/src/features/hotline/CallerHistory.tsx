// The caller's earlier cases (GET /cases/by-phone, audited), shown once the number is complete.
import { HistoryOutlined } from '@ant-design/icons';
import { Card, Empty, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { StatusTag, formatDateTime } from '../cases/case-ui';
import { type CaseListItem, casesApi } from '../cases/cases.api';

/** A mobile number (11 digits from 1) or a landline with its area code (0xx-xxxxxxxx). */
export function isCompletePhone(value: string | undefined): boolean {
  const digits = (value ?? '').replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1\d{10}$/.test(digits) || /^0\d{9,11}$/.test(digits);
}

export function CallerHistory({ phone }: { phone: string | null }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<CaseListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setItems(null);
    setError(null);
    if (!phone) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      casesApi.byPhone(phone, controller.signal).then(
        (page) => setItems(page.items),
        (caught: unknown) => isApiError(caught) && setError(caught),
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [phone]);

  return (
    <Card
      size="small"
      variant="borderless"
      title={
        <Space>
          <HistoryOutlined aria-hidden />
          {t('hotline.history')}
        </Space>
      }
      data-testid="caller-history"
    >
      {!phone && <Typography.Text type="secondary">{t('hotline.historyHint')}</Typography.Text>}
      {error !== null && <ApiErrorAlert error={error} />}
      {phone && items !== null && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hotline.historyNone')} />}
      {items !== null && items.length > 0 && (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item key={item.id} extra={<StatusTag status={item.status} />}>
              <List.Item.Meta
                title={
                  <Link to={`/cases/${item.id}`} target="_blank" rel="noopener">
                    {item.trackingCode} · {item.title}
                  </Link>
                }
                description={formatDateTime(item.createdAt, i18n.language)}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
