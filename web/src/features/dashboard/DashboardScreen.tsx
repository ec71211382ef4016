// The full-screen 大屏 (/dashboard/screen): dark, without the console's menu and header, for a wall
// display at 1920 × 1080; it refreshes itself every minute and on live case events.
import { ConfigProvider, theme as antdTheme } from 'antd';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { DashboardView } from './DashboardView';

export default function DashboardScreen() {
  return (
    <ConfigProvider theme={{ algorithm: antdTheme.darkAlgorithm, token: { colorPrimary: '#38bdf8', colorBgContainer: 'rgba(13, 42, 94, 0.6)' } }}>
      <ErrorBoundary>
        <DashboardView variant="screen" />
      </ErrorBoundary>
    </ConfigProvider>
  );
}
