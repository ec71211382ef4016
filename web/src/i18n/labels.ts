// Display names for server enums. Every key is written out so the i18n test (test/i18n.test.ts)
// and the type checker see it; an unknown value shows as itself.
import type { TFunction } from 'i18next';
import type { Role } from '../features/auth/session.types';

export function roleLabel(t: TFunction, role: Role | string): string {
  switch (role) {
    case 'admin': return t('role.admin');
    case 'center_operator': return t('role.center_operator');
    case 'center_head': return t('role.center_head');
    case 'township_coordinator': return t('role.township_coordinator');
    case 'department_handler': return t('role.department_handler');
    case 'department_head': return t('role.department_head');
    case 'mediator': return t('role.mediator');
    case 'grid_worker': return t('role.grid_worker');
    case 'volunteer': return t('role.volunteer');
    case 'supervisor': return t('role.supervisor');
    case 'analyst': return t('role.analyst');
    case 'auditor': return t('role.auditor');
    default: return role;
  }
}

export function levelLabel(t: TFunction, level: string): string {
  switch (level) {
    case 'province': return t('level.province');
    case 'city': return t('level.city');
    case 'county': return t('level.county');
    case 'township': return t('level.township');
    case 'village': return t('level.village');
    case 'grid': return t('level.grid');
    default: return level;
  }
}

export function unitKindLabel(t: TFunction, kind: string): string {
  switch (kind) {
    case 'center': return t('unitKind.center');
    case 'department': return t('unitKind.department');
    case 'mediation_committee': return t('unitKind.mediation_committee');
    default: return kind;
  }
}

export function gridStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'active': return t('gridStatus.active');
    case 'retired': return t('gridStatus.retired');
    default: return status;
  }
}

/** A short, translated headline for an API error code; the server's detail goes underneath. */
export function errorTitle(t: TFunction, code: string, fallback: string): string {
  switch (code) {
    case 'network': return t('error.network');
    case 'unauthenticated': return t('error.unauthenticated');
    case 'invalid_credentials': return t('error.invalidCredentials');
    case 'account_locked': return t('error.accountLocked');
    case 'rate_limited': return t('error.rateLimited');
    case 'csrf_failed': return t('error.csrfFailed');
    case 'forbidden': return t('error.forbidden');
    case 'not_found': return t('error.notFound');
    case 'validation_failed': return t('error.validationFailed');
    case 'internal': return t('error.internal');
    case 'unavailable': return t('error.unavailable');
    default: return fallback || t('error.unknown');
  }
}
