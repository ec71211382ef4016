// 委托代办: ask the centre to run an errand for you (apply for something, fetch or hand in papers).
// It becomes a case of its own kind; the centre needs your name and phone and your authorisation.
import { Button, Card, Checkbox, Form, Input, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { type Place, RegionSelects, emptyPlace } from './RegionSelects';
import { SubmittedCard } from './SubmittedCard';
import { type PublicCategory, newRequestKey, portalApi } from './portal.api';
import styles from './Portal.module.css';
import { usePortalInfo } from './usePortalInfo';

const DEFAULT_CATEGORY = '1602';

export default function ErrandPage() {
  const { t, i18n } = useTranslation();
  const { info, error: infoError } = usePortalInfo();
  const [categories, setCategories] = useState<PublicCategory[]>();
  const [place, setPlace] = useState<Place>(emptyPlace);
  const [categoryCode, setCategoryCode] = useState(DEFAULT_CATEGORY);
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [authorize, setAuthorize] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [trackingCode, setTrackingCode] = useState<string>();
  const requestKey = useMemo(newRequestKey, []);

  useEffect(() => {
    portalApi.categories().then((r) => setCategories(r.items), setError);
  }, []);

  if (trackingCode) return <SubmittedCard trackingCode={trackingCode} anonymous={false} />;
  if (infoError) return <ApiErrorAlert error={infoError} />;
  if (!info || !categories) return <PageLoading />;

  const en = i18n.language === 'en';
  const ready = place.codes.length >= 4 && description.trim() && name.trim() && phone.trim() && consent && authorize;
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await portalApi.submitErrand(
        { regionCode: place.codes[3], categoryCode, description: description.trim(), ...(address.trim() ? { address: address.trim() } : {}), name: name.trim(), phone: phone.trim(), consent, authorize },
        requestKey,
      );
      setTrackingCode(answer.trackingCode);
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 className={styles.pageTitle}>{t('portal.errand.title')}</h1>
      <p className={styles.notice}>{t('portal.errand.intro')}</p>
      <Card>
        <Form layout="vertical" onFinish={() => void submit()} component="form">
          <Form.Item label={t('portal.errand.where')} required>
            <RegionSelects provinceCode={info.province.code} value={place} onChange={setPlace} depth="village" />
          </Form.Item>
          <Form.Item label={t('portal.errand.category')} htmlFor="errand-category">
            <Select
              id="errand-category"
              showSearch
              optionFilterProp="label"
              value={categoryCode}
              onChange={setCategoryCode}
              options={categories.map((g) => ({ label: en ? g.nameEn : g.name, options: g.children.map((c) => ({ value: c.code, label: en ? c.nameEn : c.name })) }))}
            />
          </Form.Item>
          <Form.Item label={t('portal.errand.what')} htmlFor="errand-what" required>
            <Input.TextArea id="errand-what" value={description} onChange={(e) => setDescription(e.target.value)} rows={4} maxLength={2000} showCount placeholder={t('portal.errand.whatHint')} />
          </Form.Item>
          <Form.Item label={t('portal.report.address')} htmlFor="errand-address">
            <Input id="errand-address" value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
          </Form.Item>
          <Form.Item label={t('portal.book.name')} htmlFor="errand-name" required>
            <Input id="errand-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} autoComplete="name" />
          </Form.Item>
          <Form.Item label={t('portal.report.phone')} htmlFor="errand-phone" required>
            <Input id="errand-phone" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="tel" maxLength={20} />
          </Form.Item>
          <div className={styles.notice}>{t('portal.report.consentNotice')}</div>
          <Form.Item style={{ marginBottom: 8 }}>
            <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)}>
              {t('portal.report.consent')}
            </Checkbox>
          </Form.Item>
          <Form.Item>
            <Checkbox checked={authorize} onChange={(e) => setAuthorize(e.target.checked)}>
              {t('portal.errand.authorize')}
            </Checkbox>
          </Form.Item>
          {error !== undefined && (
            <div style={{ marginBottom: 12 }}>
              <ApiErrorAlert error={error} />
            </div>
          )}
          <Button type="primary" htmlType="submit" block size="large" disabled={!ready} loading={busy}>
            {t('portal.errand.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
