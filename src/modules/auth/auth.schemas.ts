// Request and response schemas of /auth and /me.
import { type Static, Type } from 'typebox';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../crypto/password.js';
import { roles } from './actor.js';

export const Grant = Type.Object({
  role: Type.Enum([...roles]),
  unitId: Type.Integer(),
  unitName: Type.String(),
  unitKind: Type.String(),
  regionCode: Type.String(),
});

export const UserSummary = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);
export type LoginDto = Static<typeof LoginBody>;

export const LoginResponse = Type.Object({
  user: UserSummary,
  grants: Type.Array(Grant),
  /** Also set as the pingan_csrf cookie; send it back in the x-csrf-token header on writes. */
  csrfToken: Type.String(),
});

export const MeResponse = Type.Object({
  user: UserSummary,
  grants: Type.Array(Grant),
  scope: Type.Object({
    all: Type.Boolean(),
    /** The topmost regions (12-digit codes) whose subtrees the caller sees; empty when `all`. */
    regionCodes: Type.Array(Type.String()),
  }),
});

export const NewPassword = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);
export type ChangePasswordDto = Static<typeof ChangePasswordBody>;

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type CreateTokenDto = Static<typeof CreateTokenBody>;

export const CreatedToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** Shown once: only its SHA-256 is stored. */
  token: Type.String(),
  prefix: Type.String(),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
});

export const TokenInfo = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  createdBy: Type.Integer(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

export const TokenList = Type.Object({ items: Type.Array(TokenInfo) });

export const TokenParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
