// 会商研判: the case conferences on a warning — agencies invited and what each shared, the action
// plan with an owner and a deadline per action, progress on each, the next review date — and the
// form to record a new one. Actions are deadlines like any other: late ones are marked.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Descriptions, Empty, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { type Conference, type ConferenceAction, addActions, agencies, holdConference, reportProgress } from './risk.api';
import { agencyLabel } from './risk-labels';
import { formatDateTime, isPast, toIso, useSubmit } from './ui-helpers';
import styles from './risk.module.css';

interface ActionValues {
  description: string;
  ownerLabel: string;
  dueAt: Dayjs;
}

interface ConferenceValues {
  heldAt: Dayjs;
  chair: string;
  agencies: Array<{ agency: string; name?: string; attended: boolean; shared?: string }>;
  summary: string;
  nextReviewAt: Dayjs;
  actions: ActionValues[];
}

/** A first deadline to edit: three days from now, at the end of the working day. */
const defaultDue = () => dayjs().add(3, 'day').hour(17).minute(0).second(0);

const toActions = (actions: ActionValues[]) => actions.map((a) => ({ description: a.description, ownerLabel: a.ownerLabel, dueAt: toIso(a.dueAt) ?? '' }));

export function ConferenceSection({ warningId, conferences, canHold, isOpen, onChanged }: { warningId: number; conferences: Conference[]; canHold: boolean; isOpen: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [showForm, setShowForm] = useState(false);
  return (
    <Card
      title={t('risk.conference.title')}
      variant="borderless"
      data-testid="conferences"
      extra={
        canHold && isOpen && !showForm ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setShowForm(true)}>
            {t('risk.conference.open')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('risk.conference.intro')}</Typography.Paragraph>
      {showForm && (
        <ConferenceForm
          warningId={warningId}
          onCancel={() => setShowForm(false)}
          onDone={() => {
            setShowForm(false);
            onChanged();
          }}
        />
      )}
      {conferences.length === 0 && !showForm && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('risk.conference.none')} />}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
        {conferences.map((c) => (
          <ConferenceCard key={c.id} warningId={warningId} conference={c} canAct={canHold && isOpen} onChanged={onChanged} />
        ))}
      </div>
    </Card>
  );
}

function ConferenceForm({ warningId, onCancel, onDone }: { warningId: number; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ConferenceValues>();
  const submit = useSubmit();
  return (
    <Card type="inner" title={t('risk.conference.formTitle')} style={{ marginBottom: 16 }} data-testid="conference-form">
      <Form
        name="risk-conference"
        form={form}
        layout="vertical"
        initialValues={{ heldAt: dayjs(), agencies: [{ agency: 'police', attended: true }], actions: [{ dueAt: defaultDue() }], nextReviewAt: dayjs().add(7, 'day').hour(9).minute(0) }}
        onFinish={async (v) => {
          const done = await submit.run(
            () =>
              holdConference(warningId, {
                heldAt: toIso(v.heldAt) ?? '',
                chair: v.chair,
                agencies: v.agencies.map((a) => ({ agency: a.agency, attended: a.attended, ...(a.name ? { name: a.name } : {}), ...(a.shared ? { shared: a.shared } : {}) })),
                summary: v.summary,
                nextReviewAt: toIso(v.nextReviewAt) ?? '',
                actions: toActions(v.actions),
              }),
            form,
          );
          if (done) onDone();
        }}
      >
        <Space wrap size={16} align="start">
          <Form.Item name="heldAt" label={t('risk.conference.heldAt')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="chair" label={t('risk.conference.chair')} rules={[{ required: true, whitespace: true, message: t('risk.conference.chairRequired') }]}>
            <Input maxLength={100} style={{ width: 240 }} />
          </Form.Item>
        </Space>
        <Typography.Title level={4} style={{ fontSize: 15 }}>
          {t('risk.conference.agencies')}
        </Typography.Title>
        <Form.List name="agencies">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className={styles.itemRow} data-testid={`agency-row-${index}`}>
                  <Space wrap align="start">
                    <Form.Item name={[field.name, 'agency']} label={t('risk.conference.agency')} rules={[{ required: true }]}>
                      <Select style={{ width: 180 }} options={agencies.map((a) => ({ value: a, label: agencyLabel(t, a) }))} aria-label={t('risk.conference.agency')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'name']} label={t('risk.conference.agencyName')}>
                      <Input maxLength={100} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'attended']} valuePropName="checked" label=" ">
                      <Checkbox>{t('risk.conference.attended')}</Checkbox>
                    </Form.Item>
                    <Form.Item name={[field.name, 'shared']} label={t('risk.conference.shared')}>
                      <Input.TextArea rows={1} maxLength={4000} style={{ width: 360 }} autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                  </Space>
                  {fields.length > 1 && (
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('risk.conference.removeAgency')} onClick={() => remove(field.name)} />
                  )}
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ attended: true })} style={{ margin: '8px 0 16px' }}>
                {t('risk.conference.addAgency')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="summary" label={t('risk.conference.summary')} rules={[{ required: true, whitespace: true, message: t('risk.conference.summaryRequired') }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Typography.Title level={4} style={{ fontSize: 15 }}>
          {t('risk.conference.plan')}
        </Typography.Title>
        <ActionFields />
        <Form.Item name="nextReviewAt" label={t('risk.conference.nextReviewAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <ApiErrorAlert error={submit.error} />
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={submit.busy}>
            {t('risk.conference.submit')}
          </Button>
          <Button onClick={onCancel}>{t('risk.common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The rows of an action plan (inside a Form with an `actions` list). */
function ActionFields() {
  const { t } = useTranslation();
  return (
    <Form.List name="actions">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <div key={field.key} className={styles.itemRow} data-testid={`action-row-${index}`}>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'description']} label={t('risk.conference.actionText')} rules={[{ required: true, whitespace: true, message: t('risk.conference.actionRequired') }]}>
                  <Input.TextArea rows={1} maxLength={1000} style={{ width: 360 }} autoSize={{ minRows: 1, maxRows: 3 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'ownerLabel']} label={t('risk.conference.owner')} rules={[{ required: true, whitespace: true, message: t('risk.conference.ownerRequired') }]}>
                  <Input maxLength={100} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'dueAt']} label={t('risk.conference.dueAt')} rules={[{ required: true, message: t('risk.conference.dueRequired') }]}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                </Form.Item>
              </Space>
              {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('risk.conference.removeAction')} onClick={() => remove(field.name)} />}
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ dueAt: defaultDue() })} style={{ margin: '8px 0 16px' }}>
            {t('risk.conference.addAction')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function ConferenceCard({ warningId, conference, canAct, onChanged }: { warningId: number; conference: Conference; canAct: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ actions: ActionValues[] }>();
  const submit = useSubmit();
  const reviewDue = isPast(conference.nextReviewAt);
  return (
    <Card type="inner" title={t('risk.conference.heldOn', { at: formatDateTime(conference.heldAt) })} data-testid={`conference-${conference.id}`}>
      <Descriptions column={{ xs: 1, lg: 3 }} size="small">
        <Descriptions.Item label={t('risk.conference.chair')}>{conference.chair}</Descriptions.Item>
        <Descriptions.Item label={t('risk.conference.nextReviewAt')}>
          {formatDateTime(conference.nextReviewAt)}
          {reviewDue && (
            <Tag color="warning" style={{ marginInlineStart: 6 }}>
              {t('risk.conference.reviewDue')}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('risk.conference.recordedBy')}>{conference.createdBy}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph className={styles.pre} style={{ marginTop: 8 }}>
        <strong>{t('risk.conference.summaryLabelled')}</strong>
        {conference.summary}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={conference.agencies}
        columns={[
          { title: t('risk.conference.agency'), key: 'agency', width: 140, render: (_, a) => agencyLabel(t, a.agency) },
          { title: t('risk.conference.agencyName'), key: 'name', width: 160, render: (_, a) => a.name ?? '—' },
          { title: t('risk.conference.attended'), key: 'attended', width: 80, render: (_, a) => (a.attended ? t('risk.answer.yes') : t('risk.answer.no')) },
          { title: t('risk.conference.shared'), key: 'shared', render: (_, a) => <span className={styles.pre}>{a.shared ?? '—'}</span> },
        ]}
      />
      <Typography.Title level={4} style={{ fontSize: 15, marginTop: 16 }}>
        {t('risk.conference.plan')}
      </Typography.Title>
      <List
        dataSource={conference.actions}
        data-testid={`conference-actions-${conference.id}`}
        renderItem={(a) => (
          <List.Item key={a.id} data-testid="conference-action">
            <div style={{ width: '100%' }}>
              <div className={styles.pre} style={{ fontWeight: 500 }}>
                {a.description}
              </div>
              <Space size={8} wrap style={{ marginTop: 4 }}>
                <span>{t('risk.conference.ownerIs', { owner: a.ownerLabel })}</span>
                <span>{t('risk.conference.dueIs', { at: formatDateTime(a.dueAt) })}</span>
                <ActionState action={a} />
              </Space>
              {a.progress.length > 0 && (
                <ul className={`${styles.limits} ${styles.muted}`} style={{ marginTop: 4 }}>
                  {a.progress.map((p) => (
                    <li key={`${p.at}-${p.text}`}>
                      {t('risk.conference.progressLine', { at: formatDateTime(p.at), author: p.author, text: p.text })}
                    </li>
                  ))}
                </ul>
              )}
              {canAct && a.status === 'open' && (
                <div style={{ marginTop: 8, maxWidth: 520 }}>
                  <ProgressForm action={a} onDone={onChanged} />
                </div>
              )}
            </div>
          </List.Item>
        )}
      />
      {canAct &&
        (adding ? (
          <Form
            name={`risk-actions-${conference.id}`}
            form={form}
            layout="vertical"
            style={{ marginTop: 12 }}
            initialValues={{ actions: [{ dueAt: defaultDue() }] }}
            onFinish={async (v) => {
              const done = await submit.run(() => addActions(warningId, conference.id, toActions(v.actions)), form);
              if (done) {
                setAdding(false);
                form.resetFields();
                onChanged();
              }
            }}
          >
            <ActionFields />
            <ApiErrorAlert error={submit.error} />
            <Space>
              <Button type="primary" htmlType="submit" loading={submit.busy}>
                {t('risk.conference.saveActions')}
              </Button>
              <Button onClick={() => setAdding(false)}>{t('risk.common.cancel')}</Button>
            </Space>
          </Form>
        ) : (
          <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={() => setAdding(true)}>
            {t('risk.conference.addAction')}
          </Button>
        ))}
    </Card>
  );
}

function ActionState({ action }: { action: ConferenceAction }) {
  const { t } = useTranslation();
  if (action.status === 'done') return <Tag color="success">{t('risk.conference.done', { at: formatDateTime(action.doneAt) })}</Tag>;
  return (
    <Space size={4} wrap>
      <Tag color="processing">{t('risk.conference.openState')}</Tag>
      {action.isPastDue && <Tag color="error">{t('risk.conference.pastDue')}</Tag>}
      {action.escalatedAt && <Tag color="warning">{t('risk.conference.escalated')}</Tag>}
    </Space>
  );
}

function ProgressForm({ action, onDone }: { action: ConferenceAction; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  const submit = useSubmit();
  return (
    <div>
      <Space.Compact style={{ width: '100%' }}>
        <Input size="small" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} aria-label={t('risk.conference.progressText', { action: action.description })} placeholder={t('risk.conference.progressPlaceholder')} />
        <Button
          size="small"
          disabled={text.trim() === ''}
          loading={submit.busy}
          onClick={async () => {
            const answer = await submit.run(() => reportProgress(action.id, { text: text.trim(), ...(done ? { done: true } : {}) }));
            if (answer) {
              setText('');
              onDone();
            }
          }}
        >
          {t('risk.conference.record')}
        </Button>
      </Space.Compact>
      <Checkbox checked={done} onChange={(e) => setDone(e.target.checked)} style={{ marginTop: 4 }}>
        {t('risk.conference.markDone')}
      </Checkbox>
      <ApiErrorAlert error={submit.error} />
    </div>
  );
}
