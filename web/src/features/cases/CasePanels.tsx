// The case page's panels: timeline, attachments, related cases and supervision.
import { FilePdfOutlined, FileOutlined } from '@ant-design/icons';
import { Card, Empty, Image, List, Space, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Attachment, type CaseDetail, type RelatedCases, type Supervision, type TimelineEvent, attachmentUrl } from './cases.api';
import { eventLabel, followUpMethodLabel, resultLabel, satisfactionLabel, statusLabel } from './case-labels';
import { StatusTag, formatDateTime } from './case-ui';

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The human part of an event's payload: reasons, notes, results, units named. */
function eventDetails(t: TFunction, e: TimelineEvent, unitName: (id: number) => string): string[] {
  const p = e.payload;
  const out: string[] = [];
  const lead = typeof p.leadUnitId === 'number' ? p.leadUnitId : null;
  if (lead !== null) out.push(t('cases.detail.lead', { unit: unitName(lead) }));
  if (Array.isArray(p.unitIds) && p.unitIds.length > 0) out.push(t('cases.detail.units', { units: p.unitIds.map((id) => unitName(Number(id))).join('、') }));
  if (typeof p.result === 'string') out.push(t('cases.detail.result', { result: resultLabel(t, p.result) }));
  if (typeof p.method === 'string') out.push(t('cases.detail.method', { method: followUpMethodLabel(t, p.method) }));
  if (typeof p.satisfaction === 'string') out.push(t('cases.detail.satisfaction', { level: satisfactionLabel(t, p.satisfaction) }));
  if (typeof p.intoTrackingCode === 'string') out.push(t('cases.detail.mergedInto', { code: p.intoTrackingCode }));
  if (typeof p.toUnitName === 'string') out.push(t('cases.detail.escalatedTo', { unit: p.toUnitName }));
  if (typeof p.minutes === 'number') out.push(t('cases.detail.minutes', { minutes: p.minutes }));
  if (typeof p.approve === 'boolean') out.push(p.approve ? t('cases.approveYes') : t('cases.approveNo'));
  for (const text of [str(p.reason), str(p.note), str(p.text), str(p.resultText), str(p.comment), str(p.responsibleUnitName)]) if (text) out.push(text);
  return out;
}

export function CaseTimeline({ detail, items }: { detail: CaseDetail; items: TimelineEvent[] }) {
  const { t, i18n } = useTranslation();
  const unitName = (id: number) => detail.units.find((u) => u.unitId === id)?.unitName ?? `#${id}`;
  return (
    <Card title={t('cases.timeline')} variant="borderless" data-testid="case-timeline">
      <Timeline
        items={items.map((e) => ({
          key: e.seq,
          color: e.action === 'overdue' || e.action === 'return' || e.action === 'reopen' ? 'red' : e.toStatus === 'closed' ? 'green' : 'blue',
          children: (
            <div data-event={e.action}>
              <Space wrap size={6}>
                <Typography.Text strong>{eventLabel(t, e.action)}</Typography.Text>
                {e.fromStatus !== null && e.fromStatus !== e.toStatus && (
                  <Typography.Text type="secondary">
                    {t('cases.statusChange', { from: statusLabel(t, e.fromStatus), to: statusLabel(t, e.toStatus) })}
                  </Typography.Text>
                )}
                {!e.isPublic && <Tag bordered={false}>{t('cases.internal')}</Tag>}
              </Space>
              <div style={{ fontSize: 12, color: '#64748b' }}>
                {formatDateTime(e.at, i18n.language)} · {e.actor}
                {e.unitName ? ` · ${e.unitName}` : ''}
              </div>
              {eventDetails(t, e, unitName).map((line, i) => (
                <div key={i} style={{ whiteSpace: 'pre-wrap' }}>
                  {line}
                </div>
              ))}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

const INLINE_IMAGES = ['image/jpeg', 'image/png', 'image/webp'];

export function CaseAttachments({ items }: { items: Attachment[] }) {
  const { t, i18n } = useTranslation();
  const images = items.filter((a) => INLINE_IMAGES.includes(a.mime));
  const files = items.filter((a) => !INLINE_IMAGES.includes(a.mime));
  return (
    <Card title={t('cases.attachments')} variant="borderless" data-testid="case-attachments">
      {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noAttachments')} />}
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {images.map((a) => (
              <Image key={a.id} src={attachmentUrl(a.id)} alt={a.fileName} width={112} height={112} style={{ objectFit: 'cover', borderRadius: 6 }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {files.length > 0 && (
        <List
          size="small"
          dataSource={files}
          renderItem={(a) => (
            <List.Item key={a.id}>
              <Space>
                {a.mime === 'application/pdf' ? <FilePdfOutlined aria-hidden /> : <FileOutlined aria-hidden />}
                <a href={attachmentUrl(a.id)} target="_blank" rel="noopener noreferrer">
                  {a.fileName}
                </a>
                <Typography.Text type="secondary">
                  {(a.size / 1024).toFixed(0)} KB · {a.uploadedBy} · {formatDateTime(a.uploadedAt, i18n.language)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function CaseLinkList({ items, extra }: { items: Array<{ id: number; trackingCode: string; title: string; status?: string }>; extra?: (id: number) => React.ReactNode }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(c) => (
        <List.Item key={c.id}>
          <Space wrap size={6}>
            <Link to={`/cases/${c.id}`}>{c.trackingCode}</Link>
            <span>{c.title}</span>
            {c.status && <StatusTag status={c.status} />}
            {extra?.(c.id)}
          </Space>
        </List.Item>
      )}
    />
  );
}

export function RelatedPanel({ related }: { related: RelatedCases | null }) {
  const { t } = useTranslation();
  const none = related && related.sameVillage.length + related.sharedParties.length + related.duplicates.length === 0;
  return (
    <Card title={t('cases.related')} variant="borderless" data-testid="case-related">
      {!related && <Typography.Text type="secondary">…</Typography.Text>}
      {none && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noRelated')} />}
      {related && related.duplicates.length > 0 && (
        <>
          <Typography.Text strong>{t('cases.duplicates')}</Typography.Text>
          <CaseLinkList
            items={related.duplicates}
            extra={(id) => {
              const d = related.duplicates.find((x) => x.id === id);
              return d ? <Tag color="orange">{t('cases.similarity', { percent: Math.round(d.similarity * 100) })}</Tag> : null;
            }}
          />
        </>
      )}
      {related && related.sharedParties.length > 0 && (
        <>
          <Typography.Text strong>{t('cases.sharedParties')}</Typography.Text>
          <CaseLinkList items={related.sharedParties} />
        </>
      )}
      {related && related.sameVillage.length > 0 && (
        <>
          <Typography.Text strong>{t('cases.sameVillage')}</Typography.Text>
          <CaseLinkList items={related.sameVillage} />
        </>
      )}
    </Card>
  );
}

export function SupervisionPanel({ items }: { items: Supervision[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('cases.supervision')} variant="borderless" data-testid="case-supervision">
      {items.length === 0 && <Typography.Text type="secondary">{t('cases.noSupervision')}</Typography.Text>}
      {items.map((s) => (
        <div key={s.id} style={{ marginBottom: 12 }}>
          <Space wrap size={6}>
            <Tag color={s.kind === 'listed' ? 'magenta' : 'red'}>{s.kind === 'listed' ? t('cases.supervisionListed') : t('cases.supervisionOverdue')}</Tag>
            <Tag color={s.status === 'open' ? 'processing' : 'default'}>{s.status === 'open' ? t('cases.supervisionOpen') : t('cases.supervisionClosed')}</Tag>
            {s.isPastDue && <Tag color="red">{t('cases.supervisionPastDue')}</Tag>}
          </Space>
          <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{s.reason}</div>
          <div style={{ fontSize: 12, color: '#64748b' }}>
            {t('cases.supervisionBy', { who: s.supervisorUnitName ?? s.openedBy, at: formatDateTime(s.openedAt, i18n.language) })}
            {s.dueAt ? ` · ${t('cases.supervisionDue', { at: formatDateTime(s.dueAt, i18n.language) })}` : ''}
          </div>
          {s.reports.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
              {s.reports.map((r) => (
                <li key={r.id}>
                  <span style={{ color: '#64748b' }}>
                    {formatDateTime(r.at, i18n.language)} · {r.author}
                  </span>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </Card>
  );
}
