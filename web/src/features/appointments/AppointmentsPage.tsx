// 预约接待: centre staff publish the places of a date (morning and afternoon), see the day's bookings
// (names and phones masked by the server) and check a resident in, which takes the visit in as a
// walk_in case and links to it.
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { kindLabel } from '../cases/case-labels';
import type { Role } from '../auth/session.types';

/** The roles the server lets manage a centre's appointments. */
export const appointmentStaffRoles: readonly Role[] = ['center_operator', 'center_head'];
const halfDays = ['morning', 'afternoon'] as const;
/** Case kinds with a display name (proxy errands are not taken in at a window). */
const caseKinds = ['consultation', 'request', 'complaint', 'dispute', 'hazard', 'crisis', 'praise'] as const;
type HalfDay = (typeof halfDays)[number];

interface Window {
  id: number;
  day: string;
  halfDay: HalfDay;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  remaining: number;
  status: string;
}

interface Appointment {
  id: number;
  code: string;
  halfDay: HalfDay;
  name: string;
  phone: string;
  purpose: string;
  status: string;
  caseId: number | null;
  trackingCode: string | null;
}

interface Category {
  code: string;
  name: string;
  nameEn: string;
  children: Category[];
}

interface CheckInForm {
  categoryCode: string;
  kind?: string;
  title?: string;
}

export default function AppointmentsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const centers = useMemo(() => {
    const seen = new Map<number, string>();
    for (const g of me.grants) if (g.unitKind === 'center' && appointmentStaffRoles.includes(g.role)) seen.set(g.unitId, g.unitName);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [me]);
  const [centerId, setCenterId] = useState<number | undefined>(centers[0]?.id);
  const [day, setDay] = useState<Dayjs>(() => dayjs());
  const [windows, setWindows] = useState<Window[]>([]);
  const [list, setList] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState<Appointment | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [capacityForm] = Form.useForm<Record<HalfDay, number>>();
  const [checkForm] = Form.useForm<CheckInForm>();
  const dayText = day.format('YYYY-MM-DD');

  const load = useCallback(() => {
    if (!centerId) return;
    setError(null);
    api
      .get<{ items: Window[] }>(`/appointment-centers/${centerId}/windows`, { query: { from: dayText, to: dayText } })
      .then((r) => {
        setWindows(r.items);
        capacityForm.setFieldsValue(Object.fromEntries(halfDays.map((h) => [h, r.items.find((w) => w.halfDay === h)?.capacity ?? 0])));
      }, setError);
    api.get<{ items: Appointment[] }>(`/appointment-centers/${centerId}/appointments`, { query: { day: dayText } }).then((r) => setList(r.items), setError);
  }, [centerId, dayText, capacityForm]);
  useEffect(load, [load]);
  useEffect(() => {
    api.get<{ items: Category[] }>('/categories').then((r) => setCategories(r.items), () => undefined);
  }, []);

  const halfDayLabel = (h: string) => (h === 'morning' ? t('appointments.morning') : h === 'afternoon' ? t('appointments.afternoon') : h);
  const statusLabel = (s: string) => (s === 'booked' ? t('appointments.status.booked') : s === 'checked_in' ? t('appointments.status.checked_in') : s === 'cancelled' ? t('appointments.status.cancelled') : s);
  const categoryOptions = categories.map((top) => ({
    label: `${top.code} ${i18n.language === 'en' ? top.nameEn : top.name}`,
    options: top.children.map((c) => ({ value: c.code, label: `${c.code} ${i18n.language === 'en' ? c.nameEn : c.name}` })),
  }));

  async function publish(values: Record<HalfDay, number>) {
    if (!centerId) return;
    setError(null);
    try {
      const items = halfDays.map((h) => ({ day: dayText, halfDay: h, capacity: values[h] ?? 0 }));
      const saved = await api.put<{ items: Window[] }>(`/appointment-centers/${centerId}/windows`, { items });
      setWindows(saved.items.filter((w) => w.day === dayText));
      void message.success(t('appointments.published'));
    } catch (caught) {
      setError(caught);
    }
  }

  async function checkIn(values: CheckInForm) {
    if (!checking) return;
    setCheckError(null);
    try {
      const body = { categoryCode: values.categoryCode, ...(values.kind ? { kind: values.kind } : {}), ...(values.title?.trim() ? { title: values.title.trim() } : {}) };
      const result = await api.post<{ appointment: Appointment; case: { id: number; trackingCode: string } }>(`/appointments/${checking.id}/check-in`, body);
      setList((items) => (items ?? []).map((a) => (a.id === result.appointment.id ? result.appointment : a)));
      setChecking(null);
      void message.success(t('appointments.checkedIn', { code: result.case.trackingCode }));
    } catch (caught) {
      const onForm = isApiError(caught) ? caught.errors.filter((e) => e.field === 'categoryCode' || e.field === 'kind' || e.field === 'title') : [];
      if (onForm.length > 0) checkForm.setFields(onForm.map((e) => ({ name: e.field as keyof CheckInForm, errors: [e.message] })));
      if (onForm.length === 0 || (isApiError(caught) && onForm.length < caught.errors.length)) setCheckError(caught);
    }
  }

  if (centers.length === 0) {
    return (
      <Card title={t('appointments.title')}>
        <Typography.Paragraph type="secondary">{t('appointments.noCenter')}</Typography.Paragraph>
      </Card>
    );
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('appointments.title')} variant="borderless">
        <Space wrap size={12}>
          {centers.length > 1 ? (
            <Select aria-label={t('appointments.center')} value={centerId} onChange={setCenterId} options={centers.map((c) => ({ value: c.id, label: c.name }))} style={{ minWidth: 220 }} />
          ) : (
            <Typography.Text strong>{centers[0]?.name}</Typography.Text>
          )}
          <DatePicker aria-label={t('appointments.day')} value={day} allowClear={false} onChange={(d) => d && setDay(d)} />
          <Button onClick={load}>{t('appointments.refresh')}</Button>
        </Space>
        <ApiErrorAlert error={error} />
      </Card>
      <Card title={t('appointments.windows')} variant="borderless">
        <Typography.Paragraph type="secondary">{t('appointments.windowsHint')}</Typography.Paragraph>
        <Form form={capacityForm} layout="inline" onFinish={publish}>
          {halfDays.map((h) => {
            const w = windows.find((x) => x.halfDay === h);
            return (
              <Form.Item key={h} name={h} label={halfDayLabel(h)} extra={w ? t('appointments.booked', { booked: w.booked, remaining: w.remaining, from: w.startsAt, to: w.endsAt }) : t('appointments.notPublished')}>
                <InputNumber min={0} max={500} precision={0} />
              </Form.Item>
            );
          })}
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('appointments.publish')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={t('appointments.list', { day: dayText })} variant="borderless">
        <Table<Appointment>
          size="small"
          rowKey="id"
          loading={list === null && !error}
          pagination={false}
          dataSource={list ?? []}
          locale={{ emptyText: t('appointments.empty') }}
          columns={[
            { title: t('appointments.code'), dataIndex: 'code', width: 120, render: (c: string) => <code>{c}</code> },
            { title: t('appointments.halfDay'), dataIndex: 'halfDay', width: 80, render: halfDayLabel },
            { title: t('appointments.name'), dataIndex: 'name', width: 100 },
            { title: t('appointments.phone'), dataIndex: 'phone', width: 130 },
            { title: t('appointments.purpose'), dataIndex: 'purpose', ellipsis: true },
            { title: t('appointments.statusTitle'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === 'checked_in' ? 'green' : s === 'cancelled' ? 'default' : 'blue'}>{statusLabel(s)}</Tag> },
            {
              title: t('appointments.actions'),
              key: 'actions',
              width: 210,
              render: (_, a) =>
                a.caseId !== null ? (
                  <Link to={`/cases/${a.caseId}`}>{t('appointments.openCase', { code: a.trackingCode ?? a.caseId })}</Link>
                ) : a.status === 'booked' ? (
                  <Button
                    size="small"
                    type="primary"
                    aria-label={`${t('appointments.checkIn')} ${a.code}`}
                    onClick={() => {
                      setCheckError(null);
                      checkForm.resetFields();
                      setChecking(a);
                    }}
                  >
                    {t('appointments.checkIn')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal open={checking !== null} title={t('appointments.checkInTitle', { code: checking?.code ?? '' })} okText={t('appointments.checkIn')} cancelText={t('common.cancel')} onOk={() => checkForm.submit()} onCancel={() => setChecking(null)} forceRender>
        <Typography.Paragraph type="secondary">{checking?.purpose}</Typography.Paragraph>
        <Form<CheckInForm> form={checkForm} layout="vertical" onFinish={checkIn}>
          <Form.Item name="categoryCode" label={t('appointments.category')} rules={[{ required: true, message: t('appointments.categoryRequired') }]}>
            <Select showSearch optionFilterProp="label" options={categoryOptions} />
          </Form.Item>
          <Form.Item name="kind" label={t('appointments.kind')} extra={t('appointments.kindHint')}>
            <Select allowClear options={caseKinds.map((k) => ({ value: k, label: kindLabel(t, k) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('appointments.caseTitle')} extra={t('appointments.caseTitleHint')}>
            <Input maxLength={200} />
          </Form.Item>
          <ApiErrorAlert error={checkError} />
        </Form>
      </Modal>
    </Space>
  );
}
