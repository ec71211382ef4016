// The mediation and risk panels together, for the case page: one element to place. Shown for
// disputes (mediation and risk) and crisis cases (risk), to the roles that may read them.
import { Space } from 'antd';
import { useMe } from '../auth/session';
import { hasAnyRole } from '../auth/session.types';
import { RiskPanel } from '../risk/RiskPanel';
import { riskReadRoles } from '../risk/roles';
import { MediationPanel } from './MediationPanel';
import { mediationReadRoles } from './mediation-abilities';

export function CaseMediationRisk({ caseId, caseKind }: { caseId: number; caseKind: string }) {
  const me = useMe();
  const mediation = caseKind === 'dispute' && hasAnyRole(me, mediationReadRoles);
  const risk = (caseKind === 'dispute' || caseKind === 'crisis') && hasAnyRole(me, riskReadRoles);
  if (!mediation && !risk) return null;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {mediation && <MediationPanel caseId={caseId} />}
      {risk && <RiskPanel caseId={caseId} caseKind={caseKind} />}
    </Space>
  );
}
