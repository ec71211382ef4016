// Who mediates (assigned, or chosen by the parties) and who else takes part: relatives, neighbours,
// experts — each only with every party's consent, recorded party by party.
import { Button, Card, Checkbox, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDateTime, useLoaded } from '../risk/ui-helpers';
import { type Mediation, inviteeRelations, listMembers, mediatorHow } from './mediation.api';
import type { Abilities } from './mediation-abilities';
import { howLabel, partyRoleLabel, relationLabel } from './mediation-labels';
import { type StepProps, useStep } from './useStep';
import styles from './mediation.module.css';

export function PeopleTab({ m, onChange, can }: StepProps & { can: Abilities }) {
  return (
    <div className={styles.twoColumns}>
      <MediatorsCard m={m} onChange={onChange} can={can} />
      <InviteesCard m={m} onChange={onChange} can={can} />
    </div>
  );
}

function MediatorsCard({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ userId: number; how: string }>();
  const step = useStep({ m, onChange });
  const members = useLoaded(`members-${m.committeeUnitId}-${can.people}`, (signal) => (can.people ? listMembers(m.committeeUnitId, signal) : Promise.resolve({ items: [] })));
  const active = new Set(m.mediators.filter((x) => x.endedAt === null).map((x) => x.userId));
  const candidates = (members.data?.items ?? []).filter((u) => !active.has(u.id) && u.grants.some((g) => g.unitId === m.committeeUnitId && g.role === 'mediator'));
  return (
    <Card title={t('mediation.people.mediators')} variant="borderless" data-testid="mediators">
      <Table
        size="small"
        rowKey="userId"
        pagination={false}
        dataSource={m.mediators}
        locale={{ emptyText: t('mediation.people.noMediators') }}
        columns={[
          { title: t('mediation.people.name'), dataIndex: 'name' },
          { title: t('mediation.people.how'), key: 'how', render: (_, x) => howLabel(t, x.how) },
          { title: t('mediation.people.since'), key: 'at', render: (_, x) => formatDateTime(x.at) },
        ]}
      />
      {can.people && (
        <Form
          name="mediation-mediator"
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ how: 'assigned' }}
          onFinish={async (v) => {
            if (await step.post('mediators', { userId: v.userId, how: v.how }, form)) form.resetFields();
          }}
        >
          <Form.Item name="userId" rules={[{ required: true, message: t('mediation.people.pickMediator') }]}>
            <Select
              style={{ width: 200 }}
              placeholder={t('mediation.people.pickMediator')}
              aria-label={t('mediation.people.pickMediator')}
              loading={members.loading}
              options={candidates.map((u) => ({ value: u.id, label: u.displayName }))}
              notFoundContent={t('mediation.people.noCandidates')}
            />
          </Form.Item>
          <Form.Item name="how">
            <Select style={{ width: 150 }} aria-label={t('mediation.people.how')} options={mediatorHow.map((h) => ({ value: h, label: howLabel(t, h) }))} />
          </Form.Item>
          <Button htmlType="submit" loading={step.busy}>
            {t('mediation.people.addMediator')}
          </Button>
        </Form>
      )}
      <div style={{ marginTop: 8 }}>
        <ApiErrorAlert error={step.error} hideFields={['userId']} />
      </div>
    </Card>
  );
}

function consentOf(invitee: Mediation['invitees'][number], partyId: number) {
  return invitee.consents.find((c) => c.partyId === partyId);
}

function InviteesCard({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; relation: string; consents: number[] }>();
  const step = useStep({ m, onChange });
  return (
    <Card title={t('mediation.people.invitees')} variant="borderless" data-testid="invitees">
      <Typography.Paragraph type="secondary">{t('mediation.people.inviteesIntro')}</Typography.Paragraph>
      {m.invitees.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.people.noInvitees')} />}
      {m.invitees.map((invitee) => {
        const all = m.parties.every((p) => consentOf(invitee, p.id)?.consented);
        return (
          <Card key={invitee.id} type="inner" size="small" style={{ marginBottom: 8 }} title={`${invitee.name} · ${relationLabel(t, invitee.relation)}`} extra={all ? <Tag color="success">{t('mediation.people.mayAttend')}</Tag> : <Tag color="warning">{t('mediation.people.awaitingConsent')}</Tag>}>
            {m.parties.map((p) => {
              const c = consentOf(invitee, p.id);
              return (
                <div key={p.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', padding: '4px 0' }}>
                  <span style={{ minWidth: 140 }}>
                    {partyRoleLabel(t, p.role)} {p.name}
                  </span>
                  {c ? (
                    <Tag color={c.consented ? 'success' : 'error'}>{c.consented ? t('mediation.people.consented', { name: c.recordedBy, at: formatDateTime(c.at) }) : t('mediation.people.declined', { name: c.recordedBy, at: formatDateTime(c.at) })}</Tag>
                  ) : (
                    <Tag>{t('mediation.people.notAsked')}</Tag>
                  )}
                  {can.act && (
                    <Space size={4}>
                      {!c?.consented && (
                        <Button size="small" onClick={() => void step.post(`invitees/${invitee.id}/consents`, { partyId: p.id, consented: true })}>
                          {t('mediation.people.recordConsent')}
                        </Button>
                      )}
                      {c?.consented !== false && (
                        <Button size="small" onClick={() => void step.post(`invitees/${invitee.id}/consents`, { partyId: p.id, consented: false })}>
                          {t('mediation.people.recordRefusal')}
                        </Button>
                      )}
                    </Space>
                  )}
                </div>
              );
            })}
            <Typography.Text type="secondary">{t('mediation.people.invitedBy', { name: invitee.invitedBy, at: formatDateTime(invitee.at) })}</Typography.Text>
          </Card>
        );
      })}
      {can.people && (
        <Form
          name="mediation-invitee"
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
          initialValues={{ relation: 'neighbour', consents: [] }}
          onFinish={async (v) => {
            const consents = m.parties.filter((p) => v.consents.includes(p.id)).map((p) => ({ partyId: p.id, consented: true }));
            if (await step.post('invitees', { name: v.name, relation: v.relation, consents }, form)) form.resetFields();
          }}
        >
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('mediation.people.invite')}
          </Typography.Title>
          <Space wrap align="start">
            <Form.Item name="name" label={t('mediation.people.inviteeName')} rules={[{ required: true, whitespace: true, message: t('mediation.people.nameRequired') }]}>
              <Input maxLength={50} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="relation" label={t('mediation.people.relation')}>
              <Select style={{ width: 160 }} options={inviteeRelations.map((r) => ({ value: r, label: relationLabel(t, r) }))} />
            </Form.Item>
          </Space>
          <Form.Item name="consents" label={t('mediation.people.consentsNow')}>
            <Checkbox.Group options={m.parties.map((p) => ({ value: p.id, label: `${partyRoleLabel(t, p.role)} ${p.name}` }))} />
          </Form.Item>
          <Button htmlType="submit" loading={step.busy}>
            {t('mediation.people.inviteSubmit')}
          </Button>
        </Form>
      )}
      <div style={{ marginTop: 8 }}>
        <ApiErrorAlert error={step.error} hideFields={['name']} />
      </div>
    </Card>
  );
}
