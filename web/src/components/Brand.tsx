// The 平安 mark and wordmark.
import { useTranslation } from 'react-i18next';

export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path d="M32 4 8 13v17c0 15 10.3 26.5 24 30 13.7-3.5 24-15 24-30V13z" fill="#2f6bff" />
      <path d="M32 4 8 13v17c0 15 10.3 26.5 24 30z" fill="#1d4ed8" />
      <path d="m21 33 8 8 15-16" fill="none" stroke="#fff" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Brand({ inverted = false, compact = false }: { inverted?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const color = inverted ? '#fff' : '#0f1f3d';
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
      <BrandMark size={compact ? 28 : 36} />
      {!compact && (
        <div style={{ lineHeight: 1.15, minWidth: 0 }}>
          <div style={{ fontSize: 20, fontWeight: 700, color, letterSpacing: 1 }}>{t('app.name')}</div>
          <div style={{ fontSize: 12, color: inverted ? 'rgba(255,255,255,0.7)' : '#64748b', whiteSpace: 'nowrap' }}>{t('app.tagline')}</div>
        </div>
      )}
    </div>
  );
}
