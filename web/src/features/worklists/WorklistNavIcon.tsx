// A menu icon with its worklist's count beside it (antd's Menu passes the icon class through).
import {
  AlertOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  FieldTimeOutlined,
  InboxOutlined,
  PhoneOutlined,
  SendOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import type { WorklistName } from '../cases/cases.api';
import { useWorklistCounts } from './worklist-counts';
import styles from './WorklistNavIcon.module.css';

const icons: Record<WorklistName, typeof InboxOutlined> = {
  to_accept: InboxOutlined,
  to_dispatch: SendOutlined,
  to_acknowledge: CheckSquareOutlined,
  in_progress: SyncOutlined,
  due_soon: FieldTimeOutlined,
  overdue: AlertOutlined,
  to_follow_up: PhoneOutlined,
  under_supervision: AuditOutlined,
};

/** Counts that call for attention are red; the rest are neutral. */
const urgent: readonly WorklistName[] = ['overdue', 'due_soon'];

export function WorklistNavIcon({ name, className }: { name: WorklistName; className?: string }) {
  const counts = useWorklistCounts();
  const Icon = icons[name] ?? ClockCircleOutlined;
  const count = counts?.[name] ?? 0;
  // One element carries the menu's icon class, so the label keeps its spacing after it; the count
  // is placed absolutely against the menu row.
  return (
    <span className={className}>
      <Icon />
      {count > 0 && (
        <span className={`${styles.count} ${urgent.includes(name) ? styles.urgent : ''}`} data-worklist-count={name}>
          {count > 999 ? '999+' : count}
        </span>
      )}
    </span>
  );
}
