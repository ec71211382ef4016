// 系统管理: a menu of the administration pages the user may open, each its own lazy chunk under
// /admin/…. Admins see every page; centre heads those of their own subtree; auditors the audit log.
// The server checks every call again; the menu only hides what would answer 403.
import { Menu } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { PageLoading } from '../../components/PageLoading';
import { useMe } from '../auth/session';
import { hasAnyRole } from '../auth/session.types';
import { adminSections } from './admin-sections';
import styles from './Admin.module.css';

export default function AdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const sections = adminSections.filter((s) => hasAnyRole(me, s.roles));
  const current = sections.find((s) => location.pathname === `/admin/${s.path}`) ?? sections.find((s) => s.path === '');
  const first = sections[0];

  return (
    <div className={styles.layout}>
      <nav aria-label={t('admin.menu')} className={styles.menu}>
        <Menu
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          onClick={({ key }) => navigate(key === '' ? '/admin' : `/admin/${key}`)}
          items={sections.map((s) => ({ key: s.path, icon: s.icon, label: s.label(t) }))}
        />
      </nav>
      <div className={styles.content}>
        <Suspense fallback={<PageLoading />}>
          <Routes>
            {sections.map((s) => (
              <Route key={s.path} path={s.path === '' ? '/' : s.path} element={<s.Component />} />
            ))}
            <Route path="*" element={first ? <Navigate to={first.path === '' ? '/admin' : `/admin/${first.path}`} replace /> : null} />
          </Routes>
        </Suspense>
      </div>
    </div>
  );
}
