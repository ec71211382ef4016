// 我要反映: what happened (category), where (down to the village; optionally the phone's own
// position), the description and up to 6 photos, contact details or anonymous, the consent
// notice; then the tracking code. Four short steps, each checked before the next.
import { AimOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { CategoryPicker } from './CategoryPicker';
import { type Photo, PhotoPicker } from './PhotoPicker';
import { type Place, RegionSelects, emptyPlace } from './RegionSelects';
import { SubmittedCard } from './SubmittedCard';
import { type PublicCategory, newRequestKey, portalApi } from './portal.api';
import styles from './Portal.module.css';
import { usePortalInfo } from './usePortalInfo';

type Leaf = PublicCategory['children'][number];
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

export default function ReportPage() {
  const { t } = useTranslation();
  const { info, error: infoError } = usePortalInfo();
  const [categories, setCategories] = useState<PublicCategory[]>();
  const [step, setStep] = useState(0);
  const [category, setCategory] = useState<Leaf>();
  const [place, setPlace] = useState<Place>(emptyPlace);
  const [address, setAddress] = useState('');
  const [coords, setCoords] = useState<{ lat: number; lng: number }>();
  const [shareLocation, setShareLocation] = useState(false);
  const [locating, setLocating] = useState(false);
  const [locateNote, setLocateNote] = useState<string>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [otherParty, setOtherParty] = useState('');
  const [consent, setConsent] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [trackingCode, setTrackingCode] = useState<string>();
  const requestKey = useMemo(newRequestKey, []);

  useEffect(() => {
    portalApi.categories().then((r) => setCategories(r.items), setError);
  }, []);

  if (trackingCode) return <SubmittedCard trackingCode={trackingCode} anonymous={anonymous} />;
  if (infoError) return <ApiErrorAlert error={infoError} />;
  if (!categories || !info) return <PageLoading />;

  const isDispute = category?.kind === 'dispute';
  const stepErrors: string[][] = [
    category ? [] : [t('portal.report.needCategory')],
    place.codes.length >= 4 ? [] : [t('portal.report.needVillage')],
    [
      ...(description.trim() ? [] : [t('portal.report.needDescription')]),
      ...(photos.some((p) => p.state === 'uploading') ? [t('portal.report.waitPhotos')] : []),
      ...(photos.some((p) => p.state === 'failed') ? [t('portal.report.removeFailed')] : []),
    ],
    [...(!anonymous && !PHONE.test(phone.trim()) ? [t('portal.report.needPhone')] : []), ...(consent ? [] : [t('portal.report.needConsent')])],
  ];
  const problems = stepErrors[step] ?? [];

  const next = () => {
    if (problems.length > 0) {
      setShowErrors(true);
      return;
    }
    setShowErrors(false);
    setStep(step + 1);
    window.scrollTo({ top: 0 });
  };

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocateNote(t('portal.report.locateUnavailable'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const lat = Math.round(position.coords.latitude * 1e6) / 1e6;
        const lng = Math.round(position.coords.longitude * 1e6) / 1e6;
        portalApi.locate(lat, lng).then(
          (county) => {
            const path = (county.path ?? []).filter((p) => p.level !== 'province');
            setPlace({ codes: [...path.map((p) => p.code), county.code], names: [...path.map((p) => p.name), county.name] });
            setCoords({ lat, lng });
            setShareLocation(true);
            setLocateNote(t('portal.report.located', { place: [...path.map((p) => p.name), county.name].join(' ') }));
            setLocating(false);
          },
          () => {
            setLocateNote(t('portal.report.locateOutside'));
            setLocating(false);
          },
        );
      },
      () => {
        setLocateNote(t('portal.report.locateDenied'));
        setLocating(false);
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async () => {
    if (problems.length > 0) {
      setShowErrors(true);
      return;
    }
    setSubmitting(true);
    setError(undefined);
    try {
      const answer = await portalApi.submit(
        {
          categoryCode: category?.code,
          regionCode: place.codes[3],
          ...(title.trim() ? { title: title.trim() } : {}),
          description: description.trim(),
          ...(address.trim() ? { address: address.trim() } : {}),
          ...(shareLocation && coords ? { location: coords } : {}),
          shareLocation,
          anonymous,
          ...(anonymous ? {} : { reporter: { ...(name.trim() ? { name: name.trim() } : {}), phone: phone.trim() } }),
          ...(!anonymous && isDispute && otherParty.trim() ? { otherParty: { name: otherParty.trim() } } : {}),
          photos: photos.flatMap((p) => (p.token ? [p.token] : [])),
          consent,
        },
        requestKey,
      );
      setTrackingCode(answer.trackingCode);
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const stepTitles = [t('portal.report.stepWhat'), t('portal.report.stepWhere'), t('portal.report.stepDescribe'), t('portal.report.stepContact')];

  return (
    <>
      <h1 className={styles.pageTitle}>{t('portal.report.title')}</h1>
      <ol className={styles.steps} aria-label={t('portal.report.progress', { n: step + 1, total: stepTitles.length })}>
        {stepTitles.map((title, i) => (
          <li key={title} className={i === step ? styles.stepCurrent : i < step ? styles.stepDone : undefined} aria-current={i === step ? 'step' : undefined}>
            <span className={styles.stepNumber}>{i + 1}</span>
            {title}
          </li>
        ))}
      </ol>
      <Card title={stepTitles[step]}>
        {step === 0 && <CategoryPicker categories={categories} value={category?.code} onChange={setCategory} />}

        {step === 1 && (
          <Space direction="vertical" size={12} className={styles.fullWidth}>
            <Button icon={<AimOutlined />} onClick={locate} loading={locating} block>
              {t('portal.report.useLocation')}
            </Button>
            {locateNote && <Typography.Text type="secondary" role="status">{locateNote}</Typography.Text>}
            <RegionSelects provinceCode={info.province.code} value={place} onChange={setPlace} depth="village" invalid={showErrors} />
            <Input placeholder={t('portal.report.address')} aria-label={t('portal.report.address')} value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
            <Checkbox checked={shareLocation} onChange={(e) => setShareLocation(e.target.checked)}>
              {t('portal.report.shareLocation')}
            </Checkbox>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('portal.report.shareLocationHelp')}
            </Typography.Text>
          </Space>
        )}

        {step === 2 && (
          <Form layout="vertical" component="div">
            <Form.Item label={t('portal.report.headline')} htmlFor="report-title" extra={t('portal.report.headlineHelp')}>
              <Input id="report-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} />
            </Form.Item>
            <Form.Item label={t('portal.report.description')} htmlFor="report-description" required validateStatus={showErrors && !description.trim() ? 'error' : undefined}>
              <Input.TextArea id="report-description" value={description} onChange={(e) => setDescription(e.target.value)} rows={5} maxLength={2000} showCount placeholder={t('portal.report.descriptionHint')} />
            </Form.Item>
            <Form.Item label={t('portal.report.photos')} extra={t('portal.report.photosHelp')}>
              <PhotoPicker photos={photos} onChange={setPhotos} keepLocation={shareLocation} />
            </Form.Item>
          </Form>
        )}

        {step === 3 && (
          <Form layout="vertical" component="div">
            <Form.Item>
              <Radio.Group value={anonymous} onChange={(e) => setAnonymous(e.target.value as boolean)} optionType="button" buttonStyle="solid">
                <Radio.Button value={false}>{t('portal.report.withContact')}</Radio.Button>
                <Radio.Button value={true}>{t('portal.report.anonymous')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
            {anonymous ? (
              <Alert type="info" showIcon message={t('portal.report.anonymousNote')} style={{ marginBottom: 16 }} />
            ) : (
              <>
                <Form.Item label={t('portal.report.name')} htmlFor="report-name">
                  <Input id="report-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} autoComplete="name" />
                </Form.Item>
                <Form.Item label={t('portal.report.phone')} htmlFor="report-phone" required extra={t('portal.report.phoneHelp')} validateStatus={showErrors && !PHONE.test(phone.trim()) ? 'error' : undefined}>
                  <Input id="report-phone" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="tel" maxLength={20} />
                </Form.Item>
                {isDispute && (
                  <Form.Item label={t('portal.report.otherParty')} htmlFor="report-other" extra={t('portal.report.otherPartyHelp')}>
                    <Input id="report-other" value={otherParty} onChange={(e) => setOtherParty(e.target.value)} maxLength={50} />
                  </Form.Item>
                )}
              </>
            )}
            <div className={styles.notice}>{t('portal.report.consentNotice')}</div>
            <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)}>
              {t('portal.report.consent')}
            </Checkbox>
          </Form>
        )}

        {showErrors && problems.length > 0 && (
          <Alert type="warning" showIcon role="alert" style={{ marginTop: 16 }} message={problems.join(' ')} />
        )}
        {error !== undefined && (
          <div style={{ marginTop: 16 }}>
            <ApiErrorAlert error={error} />
          </div>
        )}
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }}>
          <Button onClick={() => setStep(step - 1)} disabled={step === 0 || submitting}>
            {t('portal.report.back')}
          </Button>
          {step < 3 ? (
            <Button type="primary" onClick={next}>
              {t('portal.report.next')}
            </Button>
          ) : (
            <Button type="primary" onClick={() => void submit()} loading={submitting}>
              {t('portal.report.submit')}
            </Button>
          )}
        </Space>
      </Card>
    </>
  );
}
