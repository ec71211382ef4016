// 指挥大屏 inside the console (/dashboard): the same view as the big screen, in the console's frame.
import { DashboardView } from './DashboardView';

export default function DashboardPage() {
  return <DashboardView variant="page" />;
}
