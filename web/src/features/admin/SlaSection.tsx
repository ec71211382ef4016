// 时限与工作日历: deadline policies by category and priority, the working hours, and the business
// calendar of a year, where clicking a day toggles it (a weekday becomes a holiday, a weekend day a
// make-up working day 调休, an exception goes back to normal). Each change is saved and audited.
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { priorityLabel } from '../cases/case-labels';
import { type CalendarYear, type SlaPolicy, type WorkHours, api } from './admin.api';
import styles from './Admin.module.css';

const priorities = ['low', 'normal', 'high', 'urgent'] as const;

function PoliciesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [policies, setPolicies] = useState<SlaPolicy[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Partial<SlaPolicy> | null>(null);
  const [form] = Form.useForm();

  const load = () => api.get<{ items: SlaPolicy[] }>('/sla-policies').then((r) => setPolicies(r.items), setError);
  useEffect(() => void load(), []);

  async function save(values: { categoryCode?: string; priority: string; ackMinutes: number; resolveMinutes: number; wallClock?: boolean }) {
    setError(null);
    try {
      await api.put<SlaPolicy>('/sla-policies', { categoryCode: values.categoryCode || null, priority: values.priority, ackMinutes: values.ackMinutes, resolveMinutes: values.resolveMinutes, wallClock: values.wallClock ?? false });
      void message.success(t('admin.saved'));
      setEditing(null);
      void load();
    } catch (caught) {
      setError(caught);
    }
  }

  const open = (p: Partial<SlaPolicy>) => {
    form.setFieldsValue({ categoryCode: p.categoryCode ?? '', priority: p.priority ?? 'normal', ackMinutes: p.ackMinutes ?? 120, resolveMinutes: p.resolveMinutes ?? 7200, wallClock: p.wallClock ?? false });
    setEditing(p);
  };

  return (
    <Card
      title={t('admin.sla.policies')}
      variant="borderless"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => open({})}>
          {t('admin.sla.addPolicy')}
        </Button>
      }
    >
      <ApiErrorAlert error={editing ? null : error} />
      <Table<SlaPolicy>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={policies}
        columns={[
          { title: t('admin.sla.category'), dataIndex: 'categoryCode', render: (c: string | null) => c ?? <Tag>{t('admin.sla.default')}</Tag> },
          { title: t('admin.sla.priority'), dataIndex: 'priority', render: (p: string) => priorityLabel(t, p) },
          { title: t('admin.sla.ackMinutes'), dataIndex: 'ackMinutes' },
          { title: t('admin.sla.resolveMinutes'), dataIndex: 'resolveMinutes' },
          { title: t('admin.sla.wallClock'), dataIndex: 'wallClock', render: (w: boolean) => (w ? t('admin.yes') : t('admin.no')) },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, p) => (
              <Button size="small" onClick={() => open(p)}>
                {t('admin.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={t('admin.sla.editPolicy')} okText={t('admin.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={() => setEditing(null)} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="categoryCode" label={t('admin.sla.category')} extra={t('admin.sla.categoryHint')} rules={[{ pattern: /^(\d{2}(\d{2})?)?$/, message: t('admin.sla.categoryHint') }]}>
            <Input maxLength={4} disabled={editing?.id !== undefined} />
          </Form.Item>
          <Form.Item name="priority" label={t('admin.sla.priority')} rules={[{ required: true }]}>
            <Select disabled={editing?.id !== undefined} options={priorities.map((p) => ({ value: p, label: priorityLabel(t, p) }))} />
          </Form.Item>
          <Form.Item name="ackMinutes" label={t('admin.sla.ackMinutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={527040} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="resolveMinutes" label={t('admin.sla.resolveMinutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={527040} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="wallClock" valuePropName="checked">
            <Checkbox>{t('admin.sla.wallClockHint')}</Checkbox>
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
    </Card>
  );
}

/** The working periods of a working day, editable as "09:00-12:00, 14:00-18:00". */
function WorkHoursLine() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [hours, setHours] = useState<WorkHours | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const show = (h: WorkHours) => {
    setHours(h);
    setText(h.periods.map(([a, b]) => `${a}-${b}`).join(', '));
  };
  useEffect(() => {
    api.get<WorkHours>('/calendar/work-hours').then(show, setError);
  }, []);

  async function save() {
    if (!hours) return;
    const periods = text
      .split(/[,，;；]/)
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => part.split(/\s*[-–~]\s*/));
    setError(null);
    try {
      show(await api.put<WorkHours>('/calendar/work-hours', { offsetMinutes: hours.offsetMinutes, periods }));
      void message.success(t('admin.saved'));
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <div style={{ marginBottom: 12 }}>
      <Space wrap>
        <label htmlFor="work-hours">{t('admin.sla.workHours')}</label>
        <Input id="work-hours" value={text} onChange={(e) => setText(e.target.value)} style={{ width: 280 }} onPressEnter={() => void save()} />
        {hours ? (
          <Typography.Text type="secondary">
            UTC{hours.offsetMinutes >= 0 ? '+' : '−'}
            {Math.abs(hours.offsetMinutes / 60)}
          </Typography.Text>
        ) : null}
        <Button onClick={() => void save()} disabled={!hours}>
          {t('admin.save')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {t('admin.sla.workHoursHint')}
      </Typography.Paragraph>
      <ApiErrorAlert error={error} />
    </div>
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

function CalendarCard() {
  const { t, i18n } = useTranslation();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [calendar, setCalendar] = useState<CalendarYear | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState<string | null>(null);

  useEffect(() => {
    setCalendar(null);
    api.get<CalendarYear>(`/calendar/${year}`).then(setCalendar, setError);
  }, [year]);

  async function toggle(day: string, weekend: boolean) {
    if (!calendar || saving) return;
    const days = { ...calendar.days };
    if (days[day]) delete days[day];
    else days[day] = weekend ? { kind: 'workday', note: t('admin.sla.workdayNote') } : { kind: 'holiday', note: t('admin.sla.holidayNote') };
    setSaving(day);
    setError(null);
    try {
      setCalendar(await api.put<CalendarYear>(`/calendar/${year}`, { year, ...(calendar.source ? { source: calendar.source } : {}), days }));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(null);
    }
  }

  const weekdayNames = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, i + 1)).toLocaleDateString(i18n.language, { weekday: 'narrow', timeZone: 'UTC' }));
  return (
    <Card
      title={t('admin.sla.calendar')}
      variant="borderless"
      extra={
        <Space>
          <Button icon={<LeftOutlined />} aria-label={t('admin.sla.prevYear')} onClick={() => setYear(year - 1)} />
          <strong data-testid="calendar-year">{year}</strong>
          <Button icon={<RightOutlined />} aria-label={t('admin.sla.nextYear')} onClick={() => setYear(year + 1)} />
        </Space>
      }
    >
      <WorkHoursLine />
      <Typography.Paragraph type="secondary">
        {t('admin.sla.calendarHint')} <Tag color="red">{t('admin.sla.holiday')}</Tag>
        <Tag color="blue">{t('admin.sla.workday')}</Tag>
      </Typography.Paragraph>
      <ApiErrorAlert error={error} />
      {calendar ? (
        <div className={styles.calendar} data-testid="calendar">
          {Array.from({ length: 12 }, (_, m) => {
            const first = new Date(Date.UTC(year, m, 1));
            const length = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
            const offset = (first.getUTCDay() + 6) % 7; // Monday first
            return (
              <div key={m} className={styles.month}>
                <h4>{first.toLocaleDateString(i18n.language, { month: 'long', timeZone: 'UTC' })}</h4>
                <div className={styles.days}>
                  {weekdayNames.map((w, i) => (
                    <span key={i} className={styles.weekday} aria-hidden>
                      {w}
                    </span>
                  ))}
                  {Array.from({ length: offset }, (_, i) => (
                    <span key={`e${i}`} />
                  ))}
                  {Array.from({ length }, (_, d) => {
                    const day = `${year}-${pad(m + 1)}-${pad(d + 1)}`;
                    const weekend = [0, 6].includes(new Date(Date.UTC(year, m, d + 1)).getUTCDay());
                    const exception = calendar.days[day];
                    const kind = exception?.kind ?? (weekend ? 'weekend' : 'normal');
                    const label = `${day} ${exception ? (exception.kind === 'holiday' ? t('admin.sla.holiday') : t('admin.sla.workday')) : weekend ? t('admin.sla.weekend') : t('admin.sla.normal')}`;
                    return (
                      <button
                        key={day}
                        type="button"
                        data-day={day}
                        data-kind={kind}
                        aria-label={label}
                        title={exception?.note ? `${label} · ${exception.note}` : label}
                        disabled={saving === day}
                        className={`${styles.day} ${kind === 'holiday' ? styles.holiday : kind === 'workday' ? styles.workday : kind === 'weekend' ? styles.weekend : ''}`}
                        onClick={() => void toggle(day, weekend)}
                      >
                        {d + 1}
                      </button>
                    );
                  })}
                </div>
              </div>
            );
          })}
        </div>
      ) : null}
    </Card>
  );
}

export default function SlaSection() {
  return (
    <>
      <PoliciesCard />
      <CalendarCard />
    </>
  );
}
