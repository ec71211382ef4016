// What the signed-in user may do in a mediation now, mirroring the server's rules
// (src/modules/mediation/mediation.policy.ts and the status checks of each use case), so the page
// offers only the steps the server will allow. The server checks every step again.
import type { Me, Role } from '../auth/session.types';
import { hasAnyRole } from '../auth/session.types';
import { type Agreement, type Mediation, currentAgreement } from './mediation.api';

export const mediationReadRoles: readonly Role[] = ['mediator', 'township_coordinator', 'center_head', 'center_operator', 'supervisor'];
export const mediationActRoles: readonly Role[] = ['mediator', 'township_coordinator', 'center_head', 'center_operator'];
const centreRoles: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator'];

export interface Abilities {
  act: boolean;
  screen: boolean;
  people: boolean;
  session: boolean;
  draft: boolean;
  sign: boolean;
  seal: boolean;
  /** Acting, but sealing needs a mediator of the committee. */
  sealNeedsMediator: boolean;
  print: boolean;
  applyConfirmation: boolean;
  courtAccept: boolean;
  courtExtend: boolean;
  courtRule: boolean;
  followUp: boolean;
  end: boolean;
}

export function isAdmin(me: Me): boolean {
  return me.grants.some((g) => g.role === 'admin');
}

/** Whether the user may act on a mediation of this committee on a case owned by `ownerUnitId`. */
export function canActOn(me: Me, committeeUnitId: number, ownerUnitId: number | null): boolean {
  if (isAdmin(me)) return true;
  if (!hasAnyRole(me, mediationActRoles)) return false;
  return me.grants.some((g) => g.unitId === committeeUnitId || (g.unitId === ownerUnitId && centreRoles.includes(g.role)));
}

export function unsignedParties(a: Agreement): number[] {
  const signed = new Set(a.signatures.map((s) => s.partyId));
  return a.parties.filter((p) => !signed.has(p));
}

export function abilitiesOf(me: Me, m: Mediation, ownerUnitId: number | null): Abilities {
  const act = canActOn(me, m.committeeUnitId, ownerUnitId);
  const inProgress = m.status === 'in_progress';
  const current = currentAgreement(m);
  const draft = current?.status === 'draft' ? current : undefined;
  const allSigned = !!draft && unsignedParties(draft).length === 0;
  const isCommitteeMediator = isAdmin(me) || me.grants.some((g) => g.unitId === m.committeeUnitId && g.role === 'mediator');
  const jc = current?.judicialConfirmation ?? null;
  return {
    act,
    screen: act && inProgress,
    people: act && inProgress,
    session: act && inProgress && m.allowedSessionModes.length > 0,
    draft: act && inProgress && (!draft || draft.signatures.length === 0),
    sign: act && !!draft && !allSigned,
    seal: act && allSigned && isCommitteeMediator,
    sealNeedsMediator: act && allSigned && !isCommitteeMediator,
    print: act && !!current,
    applyConfirmation: act && !!current?.effectiveAt && jc === null && current.status !== 'reopened',
    courtAccept: act && jc?.status === 'applied',
    courtExtend: act && jc?.status === 'accepted' && jc.extendedAt === null,
    courtRule: act && jc?.status === 'accepted',
    followUp: act && m.status === 'agreed',
    end: act && inProgress,
  };
}

/** Where the mediation stands, as an index into the steps shown on its page. */
export function stageOf(m: Mediation): number {
  if (m.status === 'completed') return 6;
  const current = currentAgreement(m);
  if (m.status === 'agreed') {
    const jc = current?.judicialConfirmation;
    return jc && jc.status !== 'ruled' && jc.status !== 'not_accepted' ? 4 : 5;
  }
  if (m.screenings.length === 0) return 1;
  if (m.sessions.length === 0) return 2;
  return 3;
}
