// Providers (antd theme and locale follow the chosen language) and the routes. Every page is its
// own lazily loaded chunk, so the login page does not pay for the console.
import { App as AntApp, ConfigProvider } from 'antd';
// The ES builds: the CommonJS entry points arrive in the bundle as { default: … } and antd then
// silently falls back to English.
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { PageLoading } from './components/PageLoading';
import { SessionProvider, useSession } from './features/auth/session';
import { RoleGate } from './features/console/RoleGate';
import { adminRoles, caseRoles, centerRoles, regionRoles } from './features/console/navigation';
import { dashboardRoles } from './features/console/navigation';
import { mediationRoles, riskRoles } from './features/console/navigation';
import { appointmentRoles } from './features/console/navigation';
import { theme } from './theme';

const LoginPage = lazy(() => import('./features/auth/LoginPage'));
const PortalApp = lazy(() => import('./features/portal/PortalApp'));
const ConsoleLayout = lazy(() => import('./features/console/ConsoleLayout'));
const WorkbenchPage = lazy(() => import('./features/console/WorkbenchPage'));
const RegionBrowserPage = lazy(() => import('./features/regions/RegionBrowserPage'));
const AdminPage = lazy(() => import('./features/admin/AdminPage'));
const NotFoundPage = lazy(() => import('./features/console/NotFoundPage'));
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage'));
const DashboardScreen = lazy(() => import('./features/dashboard/DashboardScreen'));
const HotlinePage = lazy(() => import('./features/hotline/HotlinePage'));
const DispatchBoardPage = lazy(() => import('./features/dispatch/DispatchBoardPage'));
const WorklistsPage = lazy(() => import('./features/worklists/WorklistsPage'));
const CasePage = lazy(() => import('./features/cases/CasePage'));
const MediationWorklistPage = lazy(() => import('./features/mediation/MediationWorklistPage'));
const MediationPage = lazy(() => import('./features/mediation/MediationPage'));
const CasePanelsPage = lazy(() => import('./features/mediation/CasePanelsPage'));
const WarningsWorklistPage = lazy(() => import('./features/risk/WarningsWorklistPage'));
const WarningPage = lazy(() => import('./features/risk/WarningPage'));
const AppointmentsPage = lazy(() => import('./features/appointments/AppointmentsPage'));

function RequireSession({ children }: { children: React.ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search;
    const plain = state.signedOut || next === '/';
    return <Navigate to={plain ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* The resident portal: public, mobile first, no console frame. */}
        <Route path="/portal/*" element={<PortalApp />} />
        {/* The big screen: no console frame around it. */}
        <Route
          path="/dashboard/screen"
          element={
            <RequireSession>
              <RoleGate roles={dashboardRoles}>
                <DashboardScreen />
              </RoleGate>
            </RequireSession>
          }
        />
        <Route
          path="/"
          element={
            <RequireSession>
              <ConsoleLayout />
            </RequireSession>
          }
        >
          <Route index element={<WorkbenchPage />} />
          <Route
            path="regions"
            element={
              <RoleGate roles={regionRoles}>
                <RegionBrowserPage />
              </RoleGate>
            }
          />
          <Route
            path="dashboard"
            element={
              <RoleGate roles={dashboardRoles}>
                <DashboardPage />
              </RoleGate>
            }
          />
          <Route
            path="admin/*"
            element={
              <RoleGate roles={adminRoles}>
                <AdminPage />
              </RoleGate>
            }
          />
          <Route
            path="hotline"
            element={
              <RoleGate roles={centerRoles}>
                <HotlinePage />
              </RoleGate>
            }
          />
          <Route
            path="dispatch"
            element={
              <RoleGate roles={centerRoles}>
                <DispatchBoardPage />
              </RoleGate>
            }
          />
          <Route path="worklists/:name" element={<WorklistsPage />} />
          <Route
            path="appointments"
            element={
              <RoleGate roles={appointmentRoles}>
                <AppointmentsPage />
              </RoleGate>
            }
          />
          <Route
            path="cases"
            element={
              <RoleGate roles={caseRoles}>
                <WorklistsPage />
              </RoleGate>
            }
          />
          <Route path="cases/:id" element={<CasePage />} />
          <Route
            path="cases/:id/mediation"
            element={
              <RoleGate roles={mediationRoles}>
                <CasePanelsPage panel="mediation" />
              </RoleGate>
            }
          />
          <Route
            path="cases/:id/risk"
            element={
              <RoleGate roles={riskRoles}>
                <CasePanelsPage panel="risk" />
              </RoleGate>
            }
          />
          <Route
            path="mediations"
            element={
              <RoleGate roles={mediationRoles}>
                <MediationWorklistPage />
              </RoleGate>
            }
          />
          <Route
            path="mediations/:id"
            element={
              <RoleGate roles={mediationRoles}>
                <MediationPage />
              </RoleGate>
            }
          />
          <Route
            path="risk/warnings"
            element={
              <RoleGate roles={riskRoles}>
                <WarningsWorklistPage />
              </RoleGate>
            }
          />
          <Route
            path="risk/warnings/:id"
            element={
              <RoleGate roles={riskRoles}>
                <WarningPage />
              </RoleGate>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  const { i18n } = useTranslation();
  // Date pickers and relative times follow the console's language too.
  dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
