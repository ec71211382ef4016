// The signed-in user as the server describes it (GET /api/v1/me, POST /api/v1/auth/login).

export const roles = [
  'admin',
  'center_operator',
  'center_head',
  'township_coordinator',
  'department_handler',
  'department_head',
  'mediator',
  'grid_worker',
  'volunteer',
  'supervisor',
  'analyst',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

export interface User {
  id: number;
  username: string;
  displayName: string;
}

export interface Grant {
  role: Role;
  unitId: number;
  unitName: string;
  unitKind: string;
  regionCode: string;
}

export interface Me {
  user: User;
  grants: Grant[];
  scope: { all: boolean; regionCodes: string[] };
}

export interface LoginAnswer {
  user: User;
  grants: Grant[];
  csrfToken: string;
}

export function hasAnyRole(me: Me, wanted: readonly Role[]): boolean {
  return me.grants.some((g) => g.role === 'admin' || wanted.includes(g.role));
}
