// Request and response schemas of /users.
import { type Static, Type } from 'typebox';
import { roles } from '../auth/actor.js';
import { NewPassword } from '../auth/auth.schemas.js';

export const USERNAME_PATTERN = '^[a-z0-9_.-]{3,40}$';

export const Username = Type.String({ pattern: USERNAME_PATTERN, description: 'lower-case letters, digits, _ . -; 3 to 40 characters' });
export const DisplayName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const Phone = Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,19}$', description: 'digits, optionally with +, spaces and dashes' });
export const RoleName = Type.Enum([...roles]);

export const GrantInput = Type.Object(
  { role: RoleName, unitId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type GrantInputDto = Static<typeof GrantInput>;

export const UserGrant = Type.Object({
  /** The grant's id, for DELETE /users/{id}/grants/{grantId}. */
  id: Type.Integer(),
  role: RoleName,
  unitId: Type.Integer(),
  unitName: Type.String(),
  unitKind: Type.String(),
  regionCode: Type.String(),
});

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  /** Masked (`139****5678`); GET /users/{id}/phone shows it whole. */
  phone: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['active', 'disabled']),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  grants: Type.Array(UserGrant),
});
export type UserDto = Static<typeof User>;

export const UserList = Type.Object({
  items: Type.Array(User),
  /** Pass as `after` for the next page; null on the last page. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    password: NewPassword,
    phone: Type.Optional(Phone),
    grants: Type.Optional(Type.Array(GrantInput, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CreateUserDto = Static<typeof CreateUserBody>;

export const UserListQuery = Type.Object(
  {
    unit: Type.Optional(Type.Integer({ minimum: 1 })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    status: Type.Optional(Type.Enum(['active', 'disabled'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    after: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type UserListQueryDto = Static<typeof UserListQuery>;

export const UserParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const GrantParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), grantId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const PhoneView = Type.Object({ phone: Type.Union([Type.String(), Type.Null()]) });
