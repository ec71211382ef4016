// The frame of every portal page: the brand, the language switch, one column. No console chrome.
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { BrandMark } from '../../components/Brand';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageLoading } from '../../components/PageLoading';
import styles from './Portal.module.css';

export default function PortalLayout() {
  const { t } = useTranslation();
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Link to="/portal" className={styles.brandLink} aria-label={t('portal.home.title')}>
          <BrandMark size={28} />
          <span className={styles.brandText}>{t('portal.name')}</span>
        </Link>
        <LanguageSwitch />
      </header>
      <main className={styles.main}>
        <ErrorBoundary>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className={styles.footer}>{t('portal.footer')}</footer>
    </div>
  );
}
