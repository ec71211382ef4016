// The mediation panel of a case: its mediations (state, deadline, link), and — for a dispute sent
// to a mediation committee — the form to take it into mediation on a party's application, on the
// committee's own initiative or on referral. Self-contained: give it a case id.
import { Alert, Button, Card, Checkbox, Empty, Form, Input, List, Radio, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import { hasAnyRole } from '../auth/session.types';
import { mediationHref } from '../risk/links';
import { formatDateTime, useLoaded, useSubmit } from '../risk/ui-helpers';
import { DeadlineTag } from './ConfirmationTab';
import { type CaseBrief, type Origin, getCase, getUnit, listCaseMediations, listMembers, openMediation, origins } from './mediation.api';
import { canActOn, mediationReadRoles } from './mediation-abilities';
import { modeLabel, originLabel, statusColor, statusLabel } from './mediation-labels';

export function MediationPanel({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const canRead = hasAnyRole(me, mediationReadRoles);
  const mediations = useLoaded(`case-mediations-${caseId}-${canRead}`, (signal) => (canRead ? listCaseMediations(caseId, signal) : Promise.resolve({ items: [] })));
  const caseBrief = useLoaded(`case-${caseId}`, (signal) => getCase(caseId, signal));
  const [opening, setOpening] = useState(false);
  if (!canRead) return null;
  const items = mediations.data?.items ?? [];
  const hasOpen = items.some((m) => m.status === 'in_progress' || m.status === 'agreed');
  const c = caseBrief.data;
  const mayOpen = !!c && c.kind === 'dispute' && !hasOpen && !['closed', 'rejected', 'merged'].includes(c.status);
  return (
    <Card
      title={t('mediation.panel.title')}
      variant="borderless"
      data-testid="mediation-panel"
      extra={
        mayOpen && !opening ? (
          <Button type="primary" onClick={() => setOpening(true)}>
            {t('mediation.panel.open')}
          </Button>
        ) : null
      }
    >
      <ApiErrorAlert error={mediations.error ?? caseBrief.error} />
      {!mediations.data && !mediations.error && <Skeleton active paragraph={{ rows: 2 }} />}
      {opening && c && <OpenForm caseBrief={c} onCancel={() => setOpening(false)} />}
      {mediations.data && items.length === 0 && !opening && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c && c.kind !== 'dispute' ? t('mediation.panel.onlyDisputes') : t('mediation.panel.none')} />}
      {items.length > 0 && (
      <List
        dataSource={items}
        renderItem={(m) => (
          <List.Item key={m.id} actions={[<Link key="open" to={mediationHref(m.id)}>{t('mediation.panel.view')}</Link>]}>
            <Space wrap size={6}>
              <Tag color={statusColor(m.status)}>{statusLabel(t, m.status)}</Tag>
              <span>{m.committeeName}</span>
              <span>{originLabel(t, m.origin)}</span>
              {m.mode && <Tag>{modeLabel(t, m.mode)}</Tag>}
              <span>{t('mediation.panel.due', { at: formatDateTime(m.dueAt) })}</span>
              {m.overdue ? <Tag color="error">{t('mediation.page.overdue')}</Tag> : <DeadlineTag at={m.dueAt} done={m.status !== 'in_progress'} />}
            </Space>
          </List.Item>
        )}
      />
      )}
    </Card>
  );
}

interface OpenValues {
  committeeUnitId: number;
  origin: Origin;
  originNote?: string;
  assignMe: boolean;
  others: number[];
}

/** Committees the case was sent to (lead or co-unit) on whose behalf the user may act. */
function useCommittees(c: CaseBrief) {
  const me = useMe();
  const ids = [...new Set(c.units.map((u) => u.unitId))].join(',');
  return useLoaded(`committees-${c.id}-${ids}`, async (signal) => {
    const units = await Promise.all([...new Set(c.units.map((u) => u.unitId))].map((id) => getUnit(id, signal).catch(() => null)));
    return units.filter((u) => u !== null && u.kind === 'mediation_committee' && u.status === 'active' && canActOn(me, u.id, c.ownerUnitId)).map((u) => ({ id: u?.id ?? 0, name: u?.name ?? '' }));
  });
}

function OpenForm({ caseBrief, onCancel }: { caseBrief: CaseBrief; onCancel: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const committees = useCommittees(caseBrief);
  const [form] = Form.useForm<OpenValues>();
  const committeeUnitId = Form.useWatch('committeeUnitId', form) ?? committees.data?.[0]?.id;
  const members = useLoaded(`members-${committeeUnitId ?? 0}`, (signal) => (committeeUnitId ? listMembers(committeeUnitId, signal) : Promise.resolve({ items: [] })));
  const submit = useSubmit();
  const iMediate = me.grants.some((g) => g.unitId === committeeUnitId && g.role === 'mediator');
  const others = (members.data?.items ?? []).filter((u) => u.id !== me.user.id && u.grants.some((g) => g.unitId === committeeUnitId && g.role === 'mediator'));
  if (committees.error) return <ApiErrorAlert error={committees.error} />;
  if (!committees.data) return <Skeleton active />;
  if (committees.data.length === 0) return <Alert type="info" showIcon message={t('mediation.panel.notSent')} style={{ marginBottom: 12 }} />;
  return (
    <Card type="inner" title={t('mediation.panel.openTitle')} style={{ marginBottom: 16 }} data-testid="open-mediation">
      <Form
        name="mediation-open"
        form={form}
        layout="vertical"
        initialValues={{ committeeUnitId: committees.data[0]?.id, origin: 'application', assignMe: true, others: [] }}
        onFinish={async (v) => {
          const mediators = [...(v.assignMe && iMediate ? [{ userId: me.user.id, how: 'assigned' }] : []), ...(v.others ?? []).map((userId) => ({ userId, how: 'assigned' }))];
          const opened = await submit.run(() => openMediation(caseBrief.id, { committeeUnitId: v.committeeUnitId, origin: v.origin, ...(v.originNote ? { originNote: v.originNote } : {}), ...(mediators.length > 0 ? { mediators } : {}) }), form);
          if (opened) navigate(mediationHref(opened.id));
        }}
      >
        <Form.Item name="committeeUnitId" label={t('mediation.panel.committee')} rules={[{ required: true }]}>
          <Select style={{ maxWidth: 360 }} options={committees.data.map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item name="origin" label={t('mediation.panel.origin')} rules={[{ required: true }]}>
          <Radio.Group options={origins.map((o) => ({ value: o, label: originLabel(t, o) }))} />
        </Form.Item>
        <Form.Item name="originNote" label={t('mediation.panel.originNote')} extra={t('mediation.panel.originNoteHint')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {iMediate && (
          <Form.Item name="assignMe" valuePropName="checked">
            <Checkbox>{t('mediation.panel.assignMe')}</Checkbox>
          </Form.Item>
        )}
        {others.length > 0 && (
          <Form.Item name="others" label={t('mediation.panel.otherMediators')}>
            <Select mode="multiple" style={{ maxWidth: 360 }} options={others.map((u) => ({ value: u.id, label: u.displayName }))} />
          </Form.Item>
        )}
        <Typography.Paragraph type="secondary">{t('mediation.panel.refusalNote')}</Typography.Paragraph>
        <ApiErrorAlert error={submit.error} hideFields={['committeeUnitId']} />
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={submit.busy}>
            {t('mediation.panel.openSubmit')}
          </Button>
          <Button onClick={onCancel}>{t('mediation.common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
