// 预约办理: find a centre near you (county or township), pick a half-day with places left, leave
// name, phone and what it is about; the booking code is what you show at the window. Cancelling
// needs the code and the same phone.
import { Alert, Button, Card, Checkbox, Empty, Form, Input, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { type Place, RegionSelects, emptyPlace } from './RegionSelects';
import { type Booking, type Center, type PublicWindow, portalApi } from './portal.api';
import { formatDay, halfDayWords } from './portal-labels';
import styles from './Portal.module.css';
import { usePortalInfo } from './usePortalInfo';

export default function BookPage() {
  const { t, i18n } = useTranslation();
  const { info, error: infoError } = usePortalInfo();
  const [place, setPlace] = useState<Place>(emptyPlace);
  const [centers, setCenters] = useState<Center[]>();
  const [centerId, setCenterId] = useState<number>();
  const [windows, setWindows] = useState<PublicWindow[]>();
  const [slot, setSlot] = useState<string>();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [purpose, setPurpose] = useState('');
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [booking, setBooking] = useState<Booking>();

  const countyChosen = place.codes.length >= 2;
  const regionCode = place.codes.at(-1);
  useEffect(() => {
    setCenters(undefined);
    setCenterId(undefined);
    if (!countyChosen || !regionCode) return;
    portalApi.centers(regionCode).then((r) => setCenters(r.items), setError);
  }, [countyChosen, regionCode]);

  useEffect(() => {
    setWindows(undefined);
    setSlot(undefined);
    if (centerId === undefined) return;
    portalApi.windows(centerId).then((r) => setWindows(r.items), setError);
  }, [centerId]);

  if (infoError) return <ApiErrorAlert error={infoError} />;
  if (!info) return <PageLoading />;

  if (booking) {
    return (
      <Card title={t('portal.book.done')}>
        <Space direction="vertical" size={12} className={styles.fullWidth}>
          <div>{t('portal.book.codeLabel')}</div>
          <div className={styles.trackingCode} data-testid="booking-code">
            {booking.code}
          </div>
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('portal.book.when', { center: booking.centerName, day: formatDay(booking.day, i18n.language), half: halfDayWords(t, booking.halfDay), from: booking.startsAt, to: booking.endsAt })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('portal.book.bring')}
          </Typography.Paragraph>
        </Space>
      </Card>
    );
  }

  const chosen = windows?.find((w) => `${w.day}|${w.halfDay}` === slot);
  const ready = chosen && name.trim() && phone.trim() && purpose.trim() && consent;
  const book = async () => {
    if (!chosen || centerId === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      setBooking(
        await portalApi.book({
          centerId,
          day: chosen.day,
          halfDay: chosen.halfDay,
          name: name.trim(),
          phone: phone.trim(),
          purpose: purpose.trim(),
          ...(place.codes.length >= 4 ? { regionCode: place.codes[3] } : {}),
          consent,
        }),
      );
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 className={styles.pageTitle}>{t('portal.book.title')}</h1>
      <Card title={t('portal.book.where')} style={{ marginBottom: 16 }}>
        <RegionSelects provinceCode={info.province.code} value={place} onChange={setPlace} depth="village" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t('portal.book.whereHelp')}
        </Typography.Paragraph>
      </Card>
      {centers && (
        <Card title={t('portal.book.center')} style={{ marginBottom: 16 }}>
          {centers.length === 0 ? (
            <Empty description={t('portal.book.noCenters')} />
          ) : (
            <Radio.Group value={centerId} onChange={(e) => setCenterId(e.target.value as number)}>
              <Space direction="vertical">
                {centers.map((c) => (
                  <Radio key={c.id} value={c.id}>
                    {c.name} <Typography.Text type="secondary">{t('portal.book.places', { n: c.openPlaces })}</Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          )}
        </Card>
      )}
      {windows && (
        <Card title={t('portal.book.pickTime')} style={{ marginBottom: 16 }}>
          {windows.length === 0 ? (
            <Empty description={t('portal.book.noWindows')} />
          ) : (
            <Radio.Group value={slot} onChange={(e) => setSlot(e.target.value as string)} className={styles.fullWidth}>
              <div className={styles.windows}>
                {windows.map((w) => (
                  <Radio.Button key={`${w.day}|${w.halfDay}`} value={`${w.day}|${w.halfDay}`} style={{ height: 'auto', lineHeight: 1.4, padding: '6px 10px' }}>
                    <div>{formatDay(w.day, i18n.language)} {halfDayWords(t, w.halfDay)}</div>
                    <div style={{ fontSize: 12 }}>
                      {w.startsAt}–{w.endsAt} · {t('portal.book.left', { n: w.remaining })}
                    </div>
                  </Radio.Button>
                ))}
              </div>
            </Radio.Group>
          )}
        </Card>
      )}
      {chosen && (
        <Card title={t('portal.book.you')} style={{ marginBottom: 16 }}>
          <Form layout="vertical" onFinish={() => void book()} component="form">
            <Form.Item label={t('portal.book.name')} htmlFor="book-name" required>
              <Input id="book-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} autoComplete="name" />
            </Form.Item>
            <Form.Item label={t('portal.report.phone')} htmlFor="book-phone" required>
              <Input id="book-phone" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="tel" maxLength={20} />
            </Form.Item>
            <Form.Item label={t('portal.book.purpose')} htmlFor="book-purpose" required>
              <Input.TextArea id="book-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} rows={3} maxLength={500} showCount />
            </Form.Item>
            <div className={styles.notice}>{t('portal.book.consentNotice')}</div>
            <Form.Item>
              <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)}>
                {t('portal.report.consent')}
              </Checkbox>
            </Form.Item>
            {error !== undefined && (
              <div style={{ marginBottom: 12 }}>
                <ApiErrorAlert error={error} />
              </div>
            )}
            <Button type="primary" htmlType="submit" block size="large" disabled={!ready} loading={busy}>
              {t('portal.book.submit')}
            </Button>
          </Form>
        </Card>
      )}
      <CancelBooking />
    </>
  );
}

function CancelBooking() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();
  const cancel = async () => {
    setError(undefined);
    try {
      await portalApi.cancelBooking(code.trim(), phone.trim());
      setDone(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card title={t('portal.book.cancelTitle')} size="small">
      {done ? (
        <Alert type="success" showIcon message={t('portal.book.cancelled')} />
      ) : (
        <Form layout="vertical" onFinish={() => void cancel()} component="form">
          <Form.Item label={t('portal.book.codeLabel')} htmlFor="cancel-code">
            <Input id="cancel-code" value={code} onChange={(e) => setCode(e.target.value)} maxLength={9} autoCapitalize="characters" />
          </Form.Item>
          <Form.Item label={t('portal.book.cancelPhone')} htmlFor="cancel-phone">
            <Input id="cancel-phone" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" maxLength={20} />
          </Form.Item>
          {error !== undefined && (
            <div style={{ marginBottom: 12 }}>
              <ApiErrorAlert error={error} />
            </div>
          )}
          <Button htmlType="submit" disabled={code.trim().length < 8 || !phone.trim()}>
            {t('portal.book.cancel')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
