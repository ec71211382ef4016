// The portal's front page: what a resident can do here, one tap each.
import { CalendarOutlined, FileSearchOutlined, FormOutlined, SolutionOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import styles from './Portal.module.css';

export default function PortalHome() {
  const { t } = useTranslation();
  return (
    <>
      <h1 className={styles.pageTitle}>{t('portal.home.title')}</h1>
      <p style={{ color: '#475569', marginTop: 0 }}>{t('portal.home.intro')}</p>
      <nav className={styles.tiles} aria-label={t('portal.home.title')}>
        <Link to="/portal/report" className={`${styles.tile} ${styles.tilePrimary}`}>
          <FormOutlined className={styles.tileIcon} aria-hidden />
          <span className={styles.tileTitle}>{t('portal.home.report')}</span>
          <span className={styles.tileText}>{t('portal.home.reportText')}</span>
        </Link>
        <Link to="/portal/track" className={styles.tile}>
          <FileSearchOutlined className={styles.tileIcon} aria-hidden />
          <span className={styles.tileTitle}>{t('portal.home.track')}</span>
          <span className={styles.tileText}>{t('portal.home.trackText')}</span>
        </Link>
        <Link to="/portal/me" className={styles.tile}>
          <UserOutlined className={styles.tileIcon} aria-hidden />
          <span className={styles.tileTitle}>{t('portal.home.me')}</span>
          <span className={styles.tileText}>{t('portal.home.meText')}</span>
        </Link>
        <Link to="/portal/book" className={styles.tile}>
          <CalendarOutlined className={styles.tileIcon} aria-hidden />
          <span className={styles.tileTitle}>{t('portal.home.book')}</span>
          <span className={styles.tileText}>{t('portal.home.bookText')}</span>
        </Link>
        <Link to="/portal/errand" className={styles.tile}>
          <SolutionOutlined className={styles.tileIcon} aria-hidden />
          <span className={styles.tileTitle}>{t('portal.home.errand')}</span>
          <span className={styles.tileText}>{t('portal.home.errandText')}</span>
        </Link>
      </nav>
      <p className={styles.notice} style={{ marginTop: 16 }}>
        {t('portal.home.emergency')}
      </p>
    </>
  );
}
