// Resident accounts: a phone number proven by a one-time code. The code (6 digits) is stored as a
// keyed hash, lives 5 minutes and allows 5 tries; sending and trying are throttled per phone and
// per IP by the routes. A verified phone gets a resident session: its own cookie and table, no
// staff roles; it lists the cases reported with that phone (by the phone's blind index).
import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { blindIndex } from '../../crypto/blind-index.js';
import { decryptPii, encryptPii, maskPhone } from '../../crypto/pii.js';
import { AppError } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import * as repo from './portal.repository.js';
import type { SmsSender } from './sms-sender.js';

export const RESIDENT_COOKIE = 'pingan_resident';
export const CODE_TTL_SECONDS = 300;
export const MAX_CODE_ATTEMPTS = 5;
export const RESIDENT_SESSION_DAYS = 7;
export const RESEND_AFTER_SECONDS = 60;

const derived = new WeakMap<Buffer, Buffer>();
function codeKey(dataKey: Buffer): Buffer {
  let key = derived.get(dataKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'pingan resident code v1', 32));
    derived.set(dataKey, key);
  }
  return key;
}

/** Keyed and bound to the phone: a stolen table does not give codes away by a 10^6 search. */
function hashCode(dataKey: Buffer, phoneHash: string, code: string): string {
  return createHmac('sha256', codeKey(dataKey)).update(`${phoneHash}:${code}`).digest('hex');
}

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ResidentSession {
  id: string;
  phoneHash: string;
  phone: string;
  expiresAt: string;
}

/** Sends a fresh code; the answer is the same whether or not the phone has ever reported anything. */
export async function sendCode(ctx: AppContext, sms: SmsSender, phone: string) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const phoneHash = blindIndex(ctx.config.dataKey, 'phone', phone);
  const now = new Date();
  await repo.insertOtp(ctx.db, { phoneHash, codeHash: hashCode(ctx.config.dataKey, phoneHash, code), at: now.toISOString(), expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000).toISOString() });
  await sms.send({ to: phone, text: `【平安】您的验证码是 ${code}，5分钟内有效。请勿告诉他人。Your Pingan code is ${code} (valid 5 minutes).` });
  return { expiresInSeconds: CODE_TTL_SECONDS, resendAfterSeconds: RESEND_AFTER_SECONDS };
}

const wrongCode = () =>
  new AppError('validation_failed', 'code: wrong or expired; after 5 wrong tries a code is used up, so ask for a new one', {
    errors: [{ field: 'code', message: 'wrong or expired' }],
  });

/** Checks a code and opens a resident session; the token goes into the cookie, its hash into the table. */
export async function verifyCode(ctx: AppContext, phone: string, code: string, ip: string | null): Promise<{ token: string; session: ResidentSession }> {
  const key = ctx.config.dataKey;
  const phoneHash = blindIndex(key, 'phone', phone);
  const now = new Date();
  const otp = await repo.findLatestOtp(ctx.db, phoneHash, now.toISOString());
  const expected = Buffer.from(otp?.code_hash ?? hashCode(key, phoneHash, 'none'), 'hex');
  const given = Buffer.from(hashCode(key, phoneHash, code), 'hex');
  const matches = timingSafeEqual(expected, given);
  if (!otp || otp.attempts >= MAX_CODE_ATTEMPTS) throw wrongCode();
  if (!matches) {
    await repo.countOtpAttempt(ctx.db, otp.id, MAX_CODE_ATTEMPTS);
    throw wrongCode();
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + RESIDENT_SESSION_DAYS * 86_400_000).toISOString();
  const id = sessionId(token);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.consumeOtp(trx, otp.id, MAX_CODE_ATTEMPTS, now.toISOString()))) throw wrongCode();
    await repo.insertResidentSession(trx, { id, phone_hash: phoneHash, phone_enc: encryptPii(key, phone, 'resident_sessions.phone'), created_at: now.toISOString(), expires_at: expiresAt });
    await appendAudit(trx, { actorUserId: null, actorLabel: 'resident:portal', action: 'resident.signed_in', entityType: 'resident_session', entityId: id.slice(0, 16), detail: { phone: maskPhone(phone) }, ip, at: now.toISOString() });
  });
  return { token, session: { id, phoneHash, phone, expiresAt } };
}

/** The session of a resident cookie, or undefined (expired, signed out, never was). */
export async function findSession(ctx: AppContext, token: string | undefined): Promise<ResidentSession | undefined> {
  if (!token) return undefined;
  const row = await repo.findResidentSession(ctx.db, sessionId(token), new Date().toISOString());
  if (!row) return undefined;
  return { id: row.id, phoneHash: row.phone_hash, phone: decryptPii(ctx.config.dataKey, row.phone_enc, 'resident_sessions.phone'), expiresAt: row.expires_at };
}

export async function signOut(ctx: AppContext, token: string | undefined): Promise<void> {
  if (token) await repo.deleteResidentSession(ctx.db, sessionId(token));
}
