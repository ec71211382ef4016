// A small world for case tests: one township of 城关区 with its centre, two county departments,
// and signed-in people in each role that a case passes through.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/db/database.js';
import { type Client, createUnit, signInAs } from './factories.js';

export const VILLAGE = '620102001001'; // 畅家巷社区居委会, 酒泉路街道, 城关区, 兰州市
export const TOWNSHIP = '620102001000'; // 酒泉路街道
export const COUNTY = '620102000000'; // 城关区
export const OTHER_TOWNSHIP = '620102002000';

export interface CaseWorld {
  townshipCenterId: number;
  countyCenterId: number;
  judicial: { id: number; client: Client };
  police: { id: number; client: Client };
  housing: { id: number; client: Client };
  operator: Client;
  countyOperator: Client;
  supervisor: Client;
  outsider: Client;
}

export async function createCaseWorld(app: FastifyInstance, db: Db): Promise<CaseWorld> {
  const township = await createUnit(db, { regionCode: TOWNSHIP });
  const county = await createUnit(db, { regionCode: COUNTY });
  const judicialUnit = await createUnit(db, { regionCode: COUNTY, kind: 'department', departmentKind: 'judicial_office', name: '城关区司法局' });
  const policeUnit = await createUnit(db, { regionCode: TOWNSHIP, kind: 'department', departmentKind: 'police_station', name: '酒泉路派出所' });
  const housingUnit = await createUnit(db, { regionCode: COUNTY, kind: 'department', departmentKind: 'housing', name: '城关区住建局' });
  const other = await createUnit(db, { regionCode: OTHER_TOWNSHIP });
  return {
    townshipCenterId: township.id,
    countyCenterId: county.id,
    judicial: { id: judicialUnit.id, client: (await signInAs(app, db, [{ role: 'department_handler', unitId: judicialUnit.id }])).client },
    police: { id: policeUnit.id, client: (await signInAs(app, db, [{ role: 'department_handler', unitId: policeUnit.id }])).client },
    housing: { id: housingUnit.id, client: (await signInAs(app, db, [{ role: 'department_handler', unitId: housingUnit.id }])).client },
    operator: (await signInAs(app, db, [{ role: 'center_operator', unitId: township.id }])).client,
    countyOperator: (await signInAs(app, db, [{ role: 'center_operator', unitId: county.id }])).client,
    supervisor: (await signInAs(app, db, [{ role: 'supervisor', unitId: county.id }])).client,
    outsider: (await signInAs(app, db, [{ role: 'center_operator', unitId: other.id }])).client,
  };
}

export const disputeBody = {
  kind: 'dispute',
  channel: 'hotline',
  categoryCode: '0201',
  regionCode: VILLAGE,
  title: '邻居堵塞通道引发纠纷',
  description: '张某在楼道堆放杂物堵塞通道，与邻居李某多次发生争吵，双方情绪激动。',
  reporter: { name: '李四', phone: '13912345678' },
  parties: [
    { name: '李四', phone: '13912345678', role: 'applicant' },
    { name: '张三', phone: '13800001111', role: 'respondent' },
  ],
};

/** Runs an action with the case's current version; returns the response. */
export async function act(client: Client, caseId: number, action: string, body: Record<string, unknown> = {}) {
  const current = await client.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/actions` });
  const version = current.statusCode === 200 ? (current.json() as { version: number }).version : 1;
  return client.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, payload: { version, ...body } });
}
