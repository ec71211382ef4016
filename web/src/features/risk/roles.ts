// Who may do what with warnings, as the server decides it (src/modules/risk/risk.policy.ts). The
// UI hides what a role cannot do; the server checks again and has the last word.
import type { Role } from '../auth/session.types';

export const riskReadRoles: readonly Role[] = ['mediator', 'township_coordinator', 'center_head', 'supervisor'];
export const assessRoles: readonly Role[] = ['mediator', 'township_coordinator', 'center_head'];
export const reviewRoles: readonly Role[] = ['township_coordinator', 'center_head', 'supervisor'];
export const conferenceRoles: readonly Role[] = ['township_coordinator', 'center_head', 'supervisor', 'mediator'];
