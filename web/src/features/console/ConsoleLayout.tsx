// The console frame: the role-filtered menu on the left, the page title and user menu on top.
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Layout, Menu } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Brand } from '../../components/Brand';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { PageLoading } from '../../components/PageLoading';
import { useMe } from '../auth/session';
import { UserMenu } from './UserMenu';
import { navItems, navKeyFor, visibleNavItems } from './navigation';
import styles from './ConsoleLayout.module.css';

export default function ConsoleLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const selected = navKeyFor(location.pathname);
  const current = navItems.find((item) => item.path === selected);
  const pageTitle = current?.label(t) ?? '';

  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} · ${t('app.title')}` : t('app.title');
  }, [pageTitle, t]);

  return (
    <Layout className={styles.root}>
      <a className={styles.skip} href="#main">
        {t('console.skipToContent')}
      </a>
      <Layout.Sider width={224} breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} trigger={null} className={styles.sider}>
        <div className={styles.brand}>
          <Brand inverted compact={collapsed} />
        </div>
        <nav aria-label={t('console.mainMenu')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            onClick={({ key }) => navigate(key)}
            items={visibleNavItems(me).map((item) => ({ key: item.path, icon: item.icon, label: item.label(t) }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className={styles.header}>
          <div className={styles.headerLeft}>
            {/* A real button, so the menu can be folded from the keyboard (antd's trigger is a div). */}
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? t('console.expandMenu') : t('console.collapseMenu')}
              aria-expanded={!collapsed}
            />
            <h1 className={styles.title}>{pageTitle}</h1>
          </div>
          <UserMenu />
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className={styles.content}>
          {/* Keyed by path: moving to another page clears a crash. */}
          <ErrorBoundary key={location.pathname}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
