// Rate limits of the public endpoints (portal, appointments, sign-in), by IP and by phone, on
// @fastify/rate-limit's counters.
// A route lists its rules; every rule must pass (an IP's minute and day, a phone's hour, …). A
// refusal is a 429 problem with Retry-After.
//
// The counters live in this process's memory (an LRU per rule). Several instances behind a load
// balancer each count on their own, so the effective limit is N times the figure here; a shared
// store (@fastify/rate-limit takes an ioredis client) would make them exact. That client is not a
// dependency today: see docs/configuration.md.
//
// `request.ip` is the socket address unless PINGAN_TRUST_PROXY names the proxies in front, whose
// X-Forwarded-For is then believed (docs/configuration.md); a client cannot pick the address it is
// counted under.
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { blindIndex } from '../crypto/blind-index.js';
import { AppError } from '../errors.js';

export interface LimitRule {
  /** Named in the 429 detail: "per IP address", "per phone number", "per tracking code". */
  per: 'IP address' | 'phone number' | 'tracking code';
  max: number;
  windowMs: number;
}

type Checker = (request: FastifyRequest) => Promise<void>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The limits of every public route, in one place so that docs and tests read the same numbers. */
export const LIMITS = {
  /** Staff sign-in: the per-account lockout stops guessing one password; this stops spraying many accounts. */
  signIn: [
    { per: 'IP address', max: 30, windowMs: 10 * MINUTE },
    { per: 'IP address', max: 300, windowMs: DAY },
  ],
  /** Partner systems posting with an API key (Open311): generous, but a runaway loop still stops. */
  integration: [{ per: 'IP address', max: 600, windowMs: MINUTE }],
  /** Reading reference data (categories, regions, windows). */
  read: [{ per: 'IP address', max: 120, windowMs: MINUTE }],
  /** Checking a case by tracking code: guessing codes is throttled hard. */
  track: [
    { per: 'IP address', max: 20, windowMs: MINUTE },
    { per: 'IP address', max: 200, windowMs: DAY },
  ],
  submit: [
    { per: 'IP address', max: 10, windowMs: 10 * MINUTE },
    { per: 'IP address', max: 50, windowMs: DAY },
    { per: 'phone number', max: 10, windowMs: DAY },
  ],
  upload: [
    { per: 'IP address', max: 30, windowMs: 10 * MINUTE },
    { per: 'IP address', max: 200, windowMs: DAY },
  ],
  feedback: [
    { per: 'IP address', max: 10, windowMs: 10 * MINUTE },
    { per: 'tracking code', max: 5, windowMs: HOUR },
  ],
  sendCode: [
    { per: 'phone number', max: 1, windowMs: MINUTE },
    { per: 'phone number', max: 5, windowMs: HOUR },
    { per: 'IP address', max: 20, windowMs: HOUR },
  ],
  verifyCode: [
    { per: 'phone number', max: 10, windowMs: 15 * MINUTE },
    { per: 'IP address', max: 30, windowMs: 15 * MINUTE },
  ],
  book: [
    { per: 'IP address', max: 10, windowMs: HOUR },
    { per: 'phone number', max: 5, windowMs: DAY },
  ],
  cancel: [
    { per: 'IP address', max: 20, windowMs: HOUR },
    { per: 'phone number', max: 10, windowMs: HOUR },
  ],
} as const satisfies Record<string, readonly LimitRule[]>;

/** The phone number or tracking code a request is about (for the rules not per IP). */
export type SubjectOf = (request: FastifyRequest) => string | undefined;

function span(ms: number): string {
  return ms % DAY === 0 ? `${ms / DAY} d` : ms % HOUR === 0 ? `${ms / HOUR} h` : `${Math.round(ms / MINUTE)} min`;
}

export interface PublicLimiter {
  /** A preHandler enforcing the rules; `subjectOf` reads the phone or code from the validated request. */
  guard(rules: readonly LimitRule[], subjectOf?: SubjectOf): Checker;
}

/** Registers the counters on this (encapsulated) instance; routes then take `limiter.guard(…)`. */
export async function registerPublicLimiter(instance: FastifyInstance, dataKey: Buffer): Promise<PublicLimiter> {
  await instance.register(fastifyRateLimit, { global: false, cache: 50_000 });
  const phoneKey = (phone: string) => blindIndex(dataKey, 'phone', phone);
  return {
    guard(rules, subjectOf) {
      const checkers = rules.map((rule) => {
        const keyOf = (request: FastifyRequest): string => {
          if (rule.per === 'IP address') return request.ip;
          const subject = subjectOf?.(request);
          if (!subject) return '';
          return rule.per === 'phone number' ? phoneKey(subject) : subject.toUpperCase();
        };
        return { rule, keyOf, check: instance.createRateLimit({ max: rule.max, timeWindow: rule.windowMs, keyGenerator: keyOf }) };
      });
      return async (request) => {
        for (const { rule, keyOf, check } of checkers) {
          if (keyOf(request) === '') continue; // no phone in this request: the IP rules hold it
          const result = await check(request);
          // isAllowed means "on the allow list"; the count decides.
          if (result.isAllowed || !result.isExceeded) continue;
          const retryAfter = Math.max(1, result.ttlInSeconds);
          throw new AppError('rate_limited', `Too many requests: at most ${rule.max} per ${rule.per} in ${span(rule.windowMs)}; try again in ${retryAfter} s`, {
            headers: { 'retry-after': String(retryAfter) },
            extra: { retryAfter },
          });
        }
      };
    },
  };
}
