// The mediation and risk panels together, for the case page: one element to place.
import { Space } from 'antd';
import { RiskPanel } from '../risk/RiskPanel';
import { MediationPanel } from './MediationPanel';

export function CaseMediationRisk({ caseId, caseKind }: { caseId: number; caseKind: string }) {
  if (caseKind !== 'dispute' && caseKind !== 'crisis') return null;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {caseKind === 'dispute' && <MediationPanel caseId={caseId} />}
      <RiskPanel caseId={caseId} caseKind={caseKind} />
    </Space>
  );
}
