// 热线受理: built for a call in under a minute with the keyboard alone. Phone first (the caller's
// earlier cases appear beside the form), title and description (the category is suggested from
// them: Tab or Enter in the empty category field takes the suggestion), the place by name, Enter
// submits (Ctrl+Enter in the description). After a submit the tracking code stays on screen and
// a clean form waits with the cursor in the phone field. One Idempotency-Key per form: a double
// submit creates one case.
import { CheckCircleFilled, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, type InputRef, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMe } from '../auth/session';
import type { Me } from '../auth/session.types';
import { useCategories } from '../cases/case-ui';
import { caseChannels, caseKinds, casePriorities, type CreatedCase, type NewCase, casesApi, partyRoles } from '../cases/cases.api';
import { channelLabel, kindLabel, partyRoleLabel, priorityLabel } from '../cases/case-labels';
import { applyFieldErrors, newIdempotencyKey } from '../cases/form-errors';
import { refreshWorklistCounts } from '../worklists/worklist-counts';
import { CallerHistory, isCompletePhone } from './CallerHistory';
import { RegionPicker } from './RegionPicker';
import styles from './HotlinePage.module.css';

interface IntakeForm {
  reporter?: { phone?: string; name?: string };
  title: string;
  description: string;
  categoryCode?: string;
  regionCode?: string;
  address?: string;
  kind: string;
  priority: string;
  channel: string;
  parties?: Array<{ name?: string; phone?: string; role?: string }>;
}

const FORM_FIELDS = ['reporter', 'title', 'description', 'categoryCode', 'regionCode', 'address', 'kind', 'priority', 'channel', 'parties'];
const initialValues: Partial<IntakeForm> = { kind: 'request', priority: 'normal', channel: 'hotline' };
const SUGGEST_DEBOUNCE_MS = 350;

/** Where to look for places: the operator's county (or city) rather than their township alone. */
function searchWithin(me: Me): string | undefined {
  const grant = me.grants.find((g) => g.role === 'center_operator' || g.role === 'center_head' || g.role === 'township_coordinator');
  if (!grant || me.grants.some((g) => g.role === 'admin')) return undefined;
  const code = grant.regionCode;
  if (code.slice(4, 6) !== '00') return code.slice(0, 6);
  if (code.slice(2, 4) !== '00') return code.slice(0, 4);
  return undefined;
}

function toBody(values: IntakeForm): NewCase {
  const trim = (s?: string) => (s && s.trim() !== '' ? s.trim() : undefined);
  const phone = trim(values.reporter?.phone);
  const name = trim(values.reporter?.name);
  const body: NewCase = {
    kind: values.kind,
    channel: values.channel,
    categoryCode: values.categoryCode ?? '',
    regionCode: values.regionCode ?? '',
    title: values.title.trim(),
    description: values.description.trim(),
    priority: values.priority,
  };
  const address = trim(values.address);
  if (address) body.address = address;
  if (phone || name) body.reporter = { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
  if (values.kind === 'dispute') {
    body.parties = (values.parties ?? []).map((p) => ({ name: p.name?.trim() ?? '', role: p.role ?? 'party', ...(trim(p.phone) ? { phone: trim(p.phone) } : {}) }));
  }
  return body;
}

export default function HotlinePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<IntakeForm>();
  const phoneRef = useRef<InputRef>(null);
  const categories = useCategories();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedCase | null>(null);
  const [suggestion, setSuggestion] = useState<{ code: string; name: string } | null>(null);
  const [categoryOpen, setCategoryOpen] = useState(false);
  const within = useMemo(() => searchWithin(me), [me]);

  const phone = Form.useWatch(['reporter', 'phone'], form);
  const title = Form.useWatch('title', form);
  const description = Form.useWatch('description', form);
  const kind = Form.useWatch('kind', form);
  const categoryCode = Form.useWatch('categoryCode', form);

  // The phone field takes the focus on arrival and after each submit (once the clean form rendered).
  const [focusToken, setFocusToken] = useState(0);
  useEffect(() => {
    phoneRef.current?.focus();
  }, [focusToken]);

  // Suggest a category from what the operator has typed so far.
  useEffect(() => {
    const text = `${title ?? ''} ${description ?? ''}`.trim();
    if (text.length < 2) {
      setSuggestion(null);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      casesApi.suggest(text, controller.signal).then(
        (r) => setSuggestion(r.items[0] ? { code: r.items[0].code, name: r.items[0].name } : null),
        () => undefined,
      );
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [title, description]);

  function startNextCall() {
    form.resetFields();
    setIdempotencyKey(newIdempotencyKey());
    setSuggestion(null);
    setError(null);
    setPlaced([]);
    setFocusToken((n) => n + 1);
  }

  async function submit(values: IntakeForm) {
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    setPlaced([]);
    try {
      const answer = await casesApi.create(toBody(values), idempotencyKey);
      setCreated(answer);
      refreshWorklistCounts();
      startNextCall();
    } catch (caught) {
      setError(caught);
      setPlaced(applyFieldErrors(form, caught, FORM_FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  const categoryOptions = categories.tree.map((top) => ({
    label: categories.name(top.code),
    title: categories.name(top.code),
    options: top.children.map((c) => ({ value: c.code, label: categories.name(c.code) })),
  }));

  return (
    <Row gutter={[16, 16]} className={styles.page}>
      <Col xs={24} xl={15}>
        <Card title={t('hotline.title')} variant="borderless" extra={<Typography.Text type="secondary">{t('hotline.keys')}</Typography.Text>}>
          <Form<IntakeForm> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} className={styles.form}>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name={['reporter', 'phone']} label={t('hotline.phone')} rules={[{ pattern: /^\+?[0-9][0-9 -]{4,19}$/, message: t('hotline.phoneInvalid') }]}>
                  <Input ref={phoneRef} inputMode="tel" autoComplete="off" placeholder={t('hotline.phonePlaceholder')} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['reporter', 'name']} label={t('hotline.callerName')} rules={[{ max: 50 }]}>
                  <Input autoComplete="off" placeholder={t('hotline.callerNamePlaceholder')} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="title" label={t('hotline.caseTitle')} rules={[{ required: true, whitespace: true, message: t('hotline.titleRequired') }, { max: 200 }]}>
              <Input autoComplete="off" placeholder={t('hotline.titlePlaceholder')} />
            </Form.Item>
            <Form.Item
              name="description"
              label={t('hotline.description')}
              extra={t('hotline.descriptionHint')}
              rules={[{ required: true, whitespace: true, message: t('hotline.descriptionRequired') }, { max: 5000 }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 8 }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                    e.preventDefault();
                    form.submit();
                  }
                }}
              />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <div
                  onKeyDownCapture={(e) => {
                    // Tab or Enter in the empty field takes the suggestion (Tab then moves on).
                    if ((e.key === 'Tab' || e.key === 'Enter') && !e.shiftKey && !categoryCode && suggestion && !categoryOpen) {
                      form.setFieldValue('categoryCode', suggestion.code);
                      form.validateFields(['categoryCode']).catch(() => undefined);
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        e.stopPropagation();
                      }
                    }
                  }}
                >
                  <Form.Item
                    name="categoryCode"
                    label={t('hotline.category')}
                    rules={[{ required: true, message: t('hotline.categoryRequired') }]}
                    extra={
                      suggestion && !categoryCode ? (
                        <span data-testid="category-suggestion">{t('hotline.suggested', { name: categories.path(suggestion.code) })}</span>
                      ) : undefined
                    }
                  >
                    <Select
                      showSearch
                      allowClear
                      optionFilterProp="label"
                      options={categoryOptions}
                      placeholder={suggestion ? t('hotline.suggestedPlaceholder', { name: categories.name(suggestion.code) }) : t('hotline.categoryPlaceholder')}
                      onOpenChange={setCategoryOpen}
                    />
                  </Form.Item>
                </div>
              </Col>
              <Col span={12}>
                <Form.Item name="regionCode" label={t('hotline.region')} rules={[{ required: true, message: t('hotline.regionRequired') }]}>
                  <RegionPicker within={within} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="address" label={t('hotline.address')} rules={[{ max: 300 }]}>
              <Input autoComplete="off" placeholder={t('hotline.addressPlaceholder')} />
            </Form.Item>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="kind" label={t('hotline.kind')}>
                  <Select options={caseKinds.map((k) => ({ value: k, label: kindLabel(t, k) }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="priority" label={t('hotline.priority')}>
                  <Radio.Group optionType="button" options={casePriorities.map((p) => ({ value: p, label: priorityLabel(t, p) }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="channel" label={t('hotline.channel')}>
                  <Select options={caseChannels.filter((c) => c === 'hotline' || c === 'walk_in' || c === 'petition').map((c) => ({ value: c, label: channelLabel(t, c) }))} />
                </Form.Item>
              </Col>
            </Row>
            {kind === 'dispute' && <Parties />}
            {error !== null && <ApiErrorAlert error={error} hideFields={placed} />}
            <Form.Item style={{ marginTop: 16, marginBottom: 0 }}>
              <Space>
                <Button type="primary" htmlType="submit" loading={submitting} size="large">
                  {t('hotline.submit')}
                </Button>
                <Button onClick={startNextCall} disabled={submitting}>
                  {t('hotline.clear')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {created && <CreatedNotice created={created} />}
          <CallerHistory phone={isCompletePhone(phone) ? (phone ?? '').trim() : null} />
        </Space>
      </Col>
    </Row>
  );
}

function Parties() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('hotline.parties')} className={styles.parties}>
      <Form.List
        name="parties"
        initialValue={[{ role: 'applicant' }, { role: 'respondent' }]}
        rules={[
          {
            validator: async (_, value: unknown[] | undefined) => {
              if (!value || value.length < 2) throw new Error(t('hotline.partiesTwo'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Row gutter={8} key={field.key} align="top">
                <Col span={7}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('hotline.partyNameRequired') }]}>
                    <Input placeholder={t('hotline.partyName')} aria-label={t('hotline.partyNameN', { n: index + 1 })} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name={[field.name, 'phone']} rules={[{ pattern: /^\+?[0-9][0-9 -]{4,19}$/, message: t('hotline.phoneInvalid') }]}>
                    <Input placeholder={t('hotline.partyPhone')} aria-label={t('hotline.partyPhoneN', { n: index + 1 })} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name={[field.name, 'role']}>
                    <Select aria-label={t('hotline.partyRoleN', { n: index + 1 })} options={partyRoles.map((r) => ({ value: r, label: partyRoleLabel(t, r) }))} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('hotline.removeParty', { n: index + 1 })} onClick={() => remove(field.name)} />
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'party' })}>
              {t('hotline.addParty')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

function CreatedNotice({ created }: { created: CreatedCase }) {
  const { t } = useTranslation();
  return (
    <Card variant="borderless" className={styles.created} role="status" aria-live="polite">
      <div className={styles.createdHead}>
        <CheckCircleFilled className={styles.createdIcon} aria-hidden />
        <span>{t('hotline.created')}</span>
      </div>
      <div className={styles.trackingCode} data-testid="tracking-code">
        {created.trackingCode}
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('hotline.createdHint')} <Link to={`/cases/${created.id}`}>{t('hotline.openCase')}</Link>
      </Typography.Paragraph>
      {created.duplicates.length > 0 && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          message={t('hotline.duplicates')}
          description={
            <ul className={styles.plainList}>
              {created.duplicates.map((d) => (
                <li key={d.id}>
                  <Link to={`/cases/${d.id}`}>{d.trackingCode}</Link> {d.title}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}
