// Case rows to API shapes. Personal data is masked here; only /personal-data shows it whole.
import { decryptPii, maskIdNumber, maskName, maskPhone } from '../../crypto/pii.js';
import type { Db } from '../../db/database.js';
import type { CaseDtoType } from './cases.schemas.js';
import * as repo from './cases.repository.js';

type CaseRow = NonNullable<Awaited<ReturnType<typeof repo.findCaseById>>>;

function reveal(key: Buffer, stored: string | null, context: string): string | null {
  return stored ? decryptPii(key, stored, context) : null;
}

export interface PersonalData {
  reporter: { name: string | null; phone: string | null; idNumber: string | null };
  parties: Array<{ id: number; role: string; name: string | null; phone: string | null; idNumber: string | null }>;
}

export async function personalData(db: Db, key: Buffer, row: CaseRow): Promise<PersonalData> {
  const parties = await repo.findParties(db, row.id);
  return {
    reporter: {
      name: reveal(key, row.reporter_name_enc, 'cases.reporter_name'),
      phone: reveal(key, row.reporter_phone_enc, 'cases.reporter_phone'),
      idNumber: reveal(key, row.reporter_id_enc, 'cases.reporter_id'),
    },
    parties: parties.map((p) => ({
      id: p.id,
      role: p.role,
      name: reveal(key, p.name_enc, 'case_parties.name'),
      phone: reveal(key, p.phone_enc, 'case_parties.phone'),
      idNumber: reveal(key, p.id_number_enc, 'case_parties.id_number'),
    })),
  };
}

const mask = (value: string | null, fn: (v: string) => string): string | null => (value === null ? null : fn(value));

export async function toCaseDto(db: Db, key: Buffer, row: CaseRow, allowedActions: string[]): Promise<CaseDtoType> {
  const [units, people] = await Promise.all([repo.findUnitsOfCase(db, row.id), personalData(db, key, row)]);
  const unitRows = await repo.findUnitsByIds(db, [...new Set(units.map((u) => u.unit_id))]);
  const unitName = (id: number) => unitRows.find((u) => u.id === id)?.name ?? String(id);
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    kind: row.kind,
    channel: row.channel,
    categoryCode: row.category_code,
    priority: row.priority,
    status: row.status as CaseDtoType['status'],
    regionCode: row.region_code,
    gridCode: row.grid_code,
    address: row.address,
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    title: row.title,
    description: row.description,
    reporter: row.is_anonymous
      ? null
      : { name: mask(people.reporter.name, maskName), phone: mask(people.reporter.phone, maskPhone), idNumber: mask(people.reporter.idNumber, maskIdNumber) },
    isAnonymous: row.is_anonymous === 1,
    ownerUnitId: row.owner_unit_id,
    leadUnitId: row.lead_unit_id,
    units: units.map((u) => ({
      unitId: u.unit_id,
      unitName: unitName(u.unit_id),
      role: u.role,
      status: u.status,
      dispatchedAt: u.dispatched_at,
      acknowledgedAt: u.acknowledged_at,
      endedAt: u.ended_at,
    })),
    parties: people.parties.map((p) => ({ id: p.id, role: p.role, name: mask(p.name, maskName), phone: mask(p.phone, maskPhone) })),
    ackDueAt: row.ack_due_at,
    resolveDueAt: row.resolve_due_at,
    wallClock: row.wall_clock === 1,
    holdStartedAt: row.hold_started_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    resolutionCode: row.resolution_code,
    satisfaction: row.satisfaction,
    overdueAck: row.overdue_ack === 1,
    overdueResolve: row.overdue_resolve === 1,
    escalationCount: row.escalation_count,
    reopenCount: row.reopen_count,
    mergedIntoId: row.merged_into_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    allowedActions,
  };
}
