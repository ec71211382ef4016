// The agreement (调解协议书): the editor (parties, facts, responsibilities, terms with how and by
// when), the printable PDF from the server, each party's signature (who recorded it, when) and the
// committee's seal that makes it effective.
import { FilePdfOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDate, formatDateTime, toDay } from '../risk/ui-helpers';
import { type Agreement, type Mediation, agreementPdfUrl, currentAgreement } from './mediation.api';
import { type Abilities, unsignedParties } from './mediation-abilities';
import { agreementStatusLabel, partyRoleLabel, termStatusLabel } from './mediation-labels';
import { type StepProps, useStep } from './useStep';
import styles from './mediation.module.css';

export function AgreementTab({ m, onChange, can }: StepProps & { can: Abilities }) {
  const { t } = useTranslation();
  const current = currentAgreement(m);
  const [editing, setEditing] = useState(false);
  const showEditor = can.draft && (editing || !current || current.status === 'reopened');
  if (!current) {
    return showEditor ? (
      <AgreementEditor m={m} onChange={onChange} />
    ) : (
      <Card variant="borderless">
        <Empty description={t('mediation.agreement.none')} />
      </Card>
    );
  }
  return (
    <div className={styles.twoColumns}>
      <div className={styles.stack}>
        <AgreementView m={m} agreement={current} />
        {showEditor && (
          <AgreementEditor
            m={m}
            onChange={(next) => {
              setEditing(false);
              onChange(next);
            }}
            base={current.status === 'draft' ? current : undefined}
            onCancel={() => setEditing(false)}
          />
        )}
      </div>
      <div className={styles.stack}>
        <SigningCard m={m} agreement={current} onChange={onChange} can={can} onRedraft={can.draft && !showEditor && current.status === 'draft' ? () => setEditing(true) : undefined} />
      </div>
    </div>
  );
}

function partyName(m: Mediation, id: number, t: TFunction): string {
  const p = m.parties.find((x) => x.id === id);
  return p ? `${partyRoleLabel(t, p.role)} ${p.name}` : `#${id}`;
}

function AgreementView({ m, agreement }: { m: Mediation; agreement: Agreement }) {
  const { t } = useTranslation();
  return (
    <Card
      variant="borderless"
      title={
        <Space wrap>
          <span>{t('mediation.agreement.title')}</span>
          <Tag color={agreement.status === 'effective' || agreement.status === 'performed' ? 'success' : agreement.status === 'reopened' ? 'error' : 'default'}>{agreementStatusLabel(t, agreement.status)}</Tag>
        </Space>
      }
      data-testid="agreement-view"
    >
      <div className={styles.document}>
        <h3>{t('mediation.agreement.docTitle')}</h3>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {agreement.number}
        </Typography.Paragraph>
        <Typography.Paragraph>
          <strong>{t('mediation.common.labelled', { label: t('mediation.agreement.parties') })}</strong>
          {agreement.parties.map((p) => partyName(m, p, t)).join(t('mediation.common.separator'))}
        </Typography.Paragraph>
        <Typography.Paragraph className={styles.pre}>
          <strong>{t('mediation.common.labelled', { label: t('mediation.agreement.facts') })}</strong>
          {agreement.facts}
        </Typography.Paragraph>
        <Typography.Paragraph className={styles.pre}>
          <strong>{t('mediation.common.labelled', { label: t('mediation.agreement.responsibilities') })}</strong>
          {agreement.responsibilities}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          <strong>{t('mediation.common.labelled', { label: t('mediation.agreement.terms') })}</strong>
        </Typography.Paragraph>
        <ol style={{ margin: 0, paddingInlineStart: 24 }}>
          {agreement.terms.map((term) => (
            <li key={term.id} style={{ marginBottom: 6 }}>
              <div className={styles.pre}>{term.text}</div>
              <div className={styles.muted}>
                {t('mediation.agreement.howBy', { how: term.how, date: formatDate(term.dueDate) })}{' '}
                {agreement.status !== 'draft' && <Tag color={term.status === 'performed' ? 'success' : term.status === 'breached' ? 'error' : 'default'}>{termStatusLabel(t, term.status)}</Tag>}
              </div>
            </li>
          ))}
        </ol>
      </div>
    </Card>
  );
}

interface DraftValues {
  parties: number[];
  facts: string;
  responsibilities: string;
  terms: Array<{ text: string; how: string; dueDate: Dayjs }>;
}

function AgreementEditor({ m, base, onChange, onCancel }: StepProps & { base?: Agreement | undefined; onCancel?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DraftValues>();
  const step = useStep({ m, onChange });
  const initial = base
    ? { parties: base.parties, facts: base.facts, responsibilities: base.responsibilities, terms: base.terms.map((x) => ({ text: x.text, how: x.how, dueDate: dayjs(x.dueDate) })) }
    : { parties: m.parties.map((p) => p.id), terms: [{ dueDate: dayjs().add(14, 'day') }] };
  return (
    <Card title={base ? t('mediation.agreement.redraft') : t('mediation.agreement.draft')} variant="borderless" data-testid="agreement-editor">
      <Form
        name="mediation-agreement"
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={async (v) => {
          const body = { parties: v.parties, facts: v.facts, responsibilities: v.responsibilities, terms: v.terms.map((x) => ({ text: x.text, how: x.how, dueDate: toDay(x.dueDate) })) };
          await step.post('agreement', body, form);
        }}
      >
        <Form.Item name="parties" label={t('mediation.agreement.parties')} rules={[{ required: true, type: 'array', min: 2, message: t('mediation.agreement.partiesRequired') }]}>
          <Checkbox.Group options={m.parties.map((p) => ({ value: p.id, label: `${partyRoleLabel(t, p.role)} ${p.name}` }))} />
        </Form.Item>
        <Form.Item name="facts" label={t('mediation.agreement.facts')} rules={[{ required: true, whitespace: true, message: t('mediation.agreement.factsRequired') }]}>
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
        <Form.Item name="responsibilities" label={t('mediation.agreement.responsibilities')} rules={[{ required: true, whitespace: true, message: t('mediation.agreement.responsibilitiesRequired') }]}>
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('mediation.agreement.terms')}
        </Typography.Title>
        <Form.List name="terms">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className={styles.term} data-testid={`term-${index}`}>
                  <Form.Item name={[field.name, 'text']} label={t('mediation.agreement.termText', { n: index + 1 })} rules={[{ required: true, whitespace: true, message: t('mediation.agreement.termRequired') }]} style={{ marginBottom: 0 }}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'how']} label={t('mediation.agreement.termHow')} rules={[{ required: true, whitespace: true, message: t('mediation.agreement.howRequired') }]} style={{ marginBottom: 0 }}>
                    <Input.TextArea rows={2} maxLength={1000} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueDate']} label={t('mediation.agreement.termDue')} rules={[{ required: true, message: t('mediation.agreement.dueRequired') }]} style={{ marginBottom: 0 }}>
                    <DatePicker />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} disabled={fields.length === 1} aria-label={t('mediation.agreement.removeTerm', { n: index + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ dueDate: dayjs().add(14, 'day') })} style={{ marginBottom: 16 }}>
                {t('mediation.agreement.addTerm')}
              </Button>
            </>
          )}
        </Form.List>
        <ApiErrorAlert error={step.error} />
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={step.busy}>
            {t('mediation.agreement.save')}
          </Button>
          {onCancel && <Button onClick={onCancel}>{t('mediation.common.cancel')}</Button>}
        </Space>
      </Form>
    </Card>
  );
}

function SigningCard({ m, agreement, onChange, can, onRedraft }: StepProps & { agreement: Agreement; can: Abilities; onRedraft?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const step = useStep({ m, onChange });
  const missing = unsignedParties(agreement);
  return (
    <Card title={t('mediation.agreement.signing')} variant="borderless" data-testid="signing">
      <Space wrap style={{ marginBottom: 12 }}>
        {can.print && (
          <Button icon={<FilePdfOutlined />} href={agreementPdfUrl(m.id)} target="_blank" rel="noopener" data-testid="agreement-pdf">
            {t('mediation.agreement.pdf')}
          </Button>
        )}
        {onRedraft && <Button onClick={onRedraft}>{t('mediation.agreement.redraft')}</Button>}
      </Space>
      {agreement.status === 'draft' && <Typography.Paragraph type="secondary">{t('mediation.agreement.draftNote')}</Typography.Paragraph>}
      <Table
        size="small"
        rowKey={(id) => String(id)}
        pagination={false}
        dataSource={agreement.parties}
        columns={[
          { title: t('mediation.agreement.party'), key: 'party', render: (_, id: number) => partyName(m, id, t) },
          {
            title: t('mediation.agreement.signature'),
            key: 'sig',
            render: (_, id: number) => {
              const s = agreement.signatures.find((x) => x.partyId === id);
              if (s) return <Tag color="success">{t('mediation.agreement.signedAt', { at: formatDateTime(s.signedAt), name: s.recordedBy })}</Tag>;
              return can.sign ? (
                <Button size="small" type="primary" ghost loading={step.busy} onClick={() => void step.post('agreement/signatures', { partyId: id })} aria-label={t('mediation.agreement.recordSignatureOf', { name: partyName(m, id, t) })}>
                  {t('mediation.agreement.recordSignature')}
                </Button>
              ) : (
                <Tag>{t('mediation.agreement.unsigned')}</Tag>
              );
            },
          },
        ]}
      />
      <Descriptions column={1} size="small" style={{ marginTop: 16 }} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('mediation.agreement.seal')}>
          {agreement.sealedAt ? (
            <Tag color="success" data-testid="sealed">
              {t('mediation.agreement.sealedBy', { name: agreement.sealedBy ?? '—', at: formatDateTime(agreement.sealedAt) })}
            </Tag>
          ) : (
            <span className={styles.muted}>{missing.length > 0 ? t('mediation.agreement.sealAfterSigning', { n: missing.length }) : t('mediation.agreement.notSealed')}</span>
          )}
        </Descriptions.Item>
        {agreement.effectiveAt && <Descriptions.Item label={t('mediation.agreement.effectiveAt')}>{formatDateTime(agreement.effectiveAt)}</Descriptions.Item>}
      </Descriptions>
      {can.seal && (
        <Popconfirm title={t('mediation.agreement.sealConfirm')} onConfirm={() => void step.post('agreement/seal', {})} okText={t('mediation.agreement.sealOk')} cancelText={t('mediation.common.cancel')}>
          <Button type="primary" loading={step.busy} style={{ marginTop: 8 }}>
            {t('mediation.agreement.sealButton')}
          </Button>
        </Popconfirm>
      )}
      {can.sealNeedsMediator && <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('mediation.agreement.sealByMediator')} />}
      <div style={{ marginTop: 8 }}>
        <ApiErrorAlert error={step.error} />
      </div>
    </Card>
  );
}
