// The actions the server allows on this case now (GET /cases/{id}/actions), each a button that
// opens its form: the fields the action's body takes, required ones marked from the server's
// `required` list, units picked from the place's units (GET /units/load). Server field errors land
// on their fields; a stale version or an action no longer allowed explains itself and reloads.
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { refreshWorklistCounts } from '../worklists/worklist-counts';
import { type AllowedAction, type AllowedActions, type CaseDetail, type TimelineEvent, type UnitLoad, casesApi, followUpMethods, resolutionResults, satisfactionLevels } from './cases.api';
import { actionLabel, fieldLabel, followUpMethodLabel, resultLabel, satisfactionLabel } from './case-labels';
import { applyFieldErrors } from './form-errors';

const UNIT_ACTIONS = ['dispatch', 'whistle', 'transfer'];
/** Actions that need no more than a click (an optional note): shown as plain buttons. */
const DANGER = ['reject', 'return', 'escalate', 'reopen'];

type Values = Record<string, unknown>;

interface Props {
  detail: CaseDetail;
  allowed: AllowedActions;
  timeline: TimelineEvent[];
  /** Reloads the case, its actions and its timeline. */
  reload: () => Promise<void>;
}

/** "城关区住建局 · 在办 3 · 超期 1": a unit with its load, for the pickers. */
export function unitOptionLabel(t: TFunction, u: UnitLoad): string {
  return t('cases.unitOption', { name: u.name, region: u.regionName, open: u.open, overdue: u.overdue });
}

export function useUnitLoad(region: string | null): { units: UnitLoad[]; error: unknown } {
  const [units, setUnits] = useState<UnitLoad[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!region) return;
    let live = true;
    casesApi.unitLoad(region).then(
      (r) => live && setUnits(r.items),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [region]);
  return { units, error };
}

/** The pending extension request: the last request_extension not yet decided. */
function pendingExtensionId(timeline: TimelineEvent[]): number | undefined {
  const decided = new Set(timeline.filter((e) => e.action === 'decide_extension').map((e) => Number(e.payload.extensionId)));
  const requested = timeline.filter((e) => e.action === 'request_extension').map((e) => Number(e.payload.extensionId));
  return requested.reverse().find((id) => Number.isFinite(id) && !decided.has(id));
}

export function CaseActions({ detail, allowed, timeline, reload }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const needsUnits = allowed.actions.some((a) => UNIT_ACTIONS.includes(a.action));
  const { units, error: unitsError } = useUnitLoad(needsUnits ? detail.regionCode : null);
  const current = allowed.actions.find((a) => a.action === open);

  // The form of an action that is no longer allowed closes.
  useEffect(() => {
    if (open && !allowed.actions.some((a) => a.action === open)) setOpen(null);
  }, [allowed, open]);

  return (
    <Card title={t('cases.actions')} variant="borderless" data-testid="case-actions">
      {notice && <Alert type="warning" showIcon closable onClose={() => setNotice(null)} message={notice} style={{ marginBottom: 12 }} role="alert" />}
      {allowed.actions.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {allowed.actions.map((a) => (
            <Button key={a.action} type={open === a.action ? 'primary' : 'default'} danger={DANGER.includes(a.action)} onClick={() => setOpen(open === a.action ? null : a.action)} aria-expanded={open === a.action}>
              {actionLabel(t, a.action)}
            </Button>
          ))}
        </Space>
      )}
      {current && (
        <ActionForm
          // Keyed by action only: after a stale-version reload the form stays open with what the
          // user typed, and the next confirm sends the version just read.
          key={current.action}
          action={current}
          version={allowed.version}
          detail={detail}
          units={units}
          unitsError={unitsError}
          extensionId={pendingExtensionId(timeline)}
          onDone={async (message) => {
            setOpen(null);
            setNotice(message);
            refreshWorklistCounts();
            await reload();
          }}
          onStale={async (message) => {
            setNotice(message);
            await reload();
          }}
          onCancel={() => setOpen(null)}
        />
      )}
    </Card>
  );
}

interface FormProps {
  action: AllowedAction;
  version: number;
  detail: CaseDetail;
  units: UnitLoad[];
  unitsError: unknown;
  extensionId: number | undefined;
  onDone: (message: string | null) => Promise<void>;
  onStale: (message: string) => Promise<void>;
  onCancel: () => void;
}

/** The fields each action's body takes (besides version), in form order. */
const actionFields: Record<string, string[]> = {
  accept: ['note'],
  reject: ['reason'],
  merge: ['intoCaseId', 'note'],
  dispatch: ['leadUnitId', 'coUnitIds', 'note'],
  whistle: ['leadUnitId', 'unitIds', 'note'],
  acknowledge: ['note'],
  return: ['reason'],
  transfer: ['leadUnitId', 'reason'],
  start: ['note'],
  add_note: ['text'],
  request_extension: ['minutes', 'reason'],
  decide_extension: ['extensionId', 'approve', 'note'],
  hold: ['reason'],
  resume: ['note'],
  escalate: ['reason'],
  resolve: ['result', 'resultText', 'responsibleUnitName'],
  follow_up: ['method', 'satisfaction', 'comment'],
  reopen: ['reason'],
  close: ['note'],
  supervise: ['reason', 'dueAt', 'reportEveryDays'],
  report_progress: ['text'],
};

function ActionForm({ action, version, detail, units, unitsError, extensionId, onDone, onStale, onCancel }: FormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<string[]>([]);
  const fields = actionFields[action.action] ?? ['note'];
  // whistle on a case that already has a lead: only the departments to summon.
  const shown = action.action === 'whistle' && !action.required.includes('leadUnitId') ? fields.filter((f) => f !== 'leadUnitId') : fields;
  const isRequired = (field: string) => action.required.includes(field);
  const method = Form.useWatch('method', form);
  const result = Form.useWatch('result', form);
  const lead = Form.useWatch('leadUnitId', form);

  const unitOptions = units.map((u) => ({ value: u.unitId, label: unitOptionLabel(t, u) }));
  const otherUnitOptions = unitOptions.filter((o) => o.value !== lead);

  async function submit(values: Values) {
    setSubmitting(true);
    setError(null);
    setPlaced([]);
    const body: Values = { version };
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === null || value === '') continue;
      if (Array.isArray(value) && value.length === 0) continue;
      if (key === 'dueAt') body[key] = (value as Dayjs).toISOString();
      else if (typeof value === 'string') body[key] = value.trim();
      else body[key] = value;
    }
    try {
      await casesApi.act(detail.id, action.action, body);
      message.success(t('cases.actionDone', { action: actionLabel(t, action.action) }));
      await onDone(null);
    } catch (caught) {
      if (isApiError(caught) && caught.code === 'version_conflict') {
        await onStale(t('cases.staleVersion'));
        return;
      }
      if (isApiError(caught) && caught.code === 'action_not_allowed') {
        await onStale(t('cases.notAllowedNow', { action: actionLabel(t, action.action) }));
        return;
      }
      setError(caught);
      setPlaced(applyFieldErrors(form, caught, shown));
    } finally {
      setSubmitting(false);
    }
  }

  const requiredRule = (field: string) => ({ required: isRequired(field), message: t('cases.fieldRequired', { field: fieldLabel(t, field) }) });

  function fieldInput(field: string) {
    switch (field) {
      case 'note':
      case 'comment':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field), { max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        );
      case 'reason':
      case 'text':
      case 'resultText':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field), { whitespace: true, message: t('cases.fieldRequired', { field: fieldLabel(t, field) }) }, { max: field === 'reason' ? 1000 : 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        );
      case 'intoCaseId':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field)]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        );
      case 'leadUnitId':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field)]}>
            <Select showSearch optionFilterProp="label" options={unitOptions} placeholder={t('cases.pickUnit')} />
          </Form.Item>
        );
      case 'coUnitIds':
      case 'unitIds':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field), ...(isRequired(field) ? [{ type: 'array' as const, min: 1, message: t('cases.fieldRequired', { field: fieldLabel(t, field) }) }] : [])]}>
            <Select mode="multiple" showSearch optionFilterProp="label" options={otherUnitOptions} placeholder={t('cases.pickUnits')} />
          </Form.Item>
        );
      case 'minutes':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field)]} extra={t('cases.minutesHint')}>
            <InputNumber min={30} max={60 * 24 * 60} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        );
      case 'extensionId':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} initialValue={extensionId} rules={[requiredRule(field)]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        );
      case 'approve':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field)]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('cases.approveYes') },
                { value: false, label: t('cases.approveNo') },
              ]}
            />
          </Form.Item>
        );
      case 'result':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field)]}>
            <Select options={resolutionResults.map((r) => ({ value: r, label: resultLabel(t, r) }))} />
          </Form.Item>
        );
      case 'responsibleUnitName':
        return result === 'not_our_responsibility' ? (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[{ required: true, whitespace: true, message: t('cases.fieldRequired', { field: fieldLabel(t, field) }) }, { max: 100 }]}>
            <Input />
          </Form.Item>
        ) : null;
      case 'method':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field)]}>
            <Select options={followUpMethods.map((m) => ({ value: m, label: followUpMethodLabel(t, m) }))} />
          </Form.Item>
        );
      case 'satisfaction':
        return method === 'no_contact' ? null : (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[{ required: true, message: t('cases.fieldRequired', { field: fieldLabel(t, field) }) }]}>
            <Radio.Group optionType="button" options={satisfactionLevels.map((s) => ({ value: s, label: satisfactionLabel(t, s) }))} />
          </Form.Item>
        );
      case 'dueAt':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)} rules={[requiredRule(field)]}>
            <DatePicker showTime style={{ width: '100%' }} placeholder={t('cases.pickTime')} />
          </Form.Item>
        );
      case 'reportEveryDays':
        return (
          <Form.Item key={field} name={field} label={fieldLabel(t, field)}>
            <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        );
      default:
        return null;
    }
  }

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16 }} data-testid={`action-form-${action.action}`} aria-label={actionLabel(t, action.action)}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {actionLabel(t, action.action)}
      </Typography.Title>
      {UNIT_ACTIONS.includes(action.action) && unitsError !== null && <ApiErrorAlert error={unitsError} />}
      {shown.map(fieldInput)}
      {error !== null && <ApiErrorAlert error={error} hideFields={placed} />}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" htmlType="submit" loading={submitting}>
          {t('cases.confirmAction', { action: actionLabel(t, action.action) })}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
