// Signed inbound requests: x-pingan-signature is `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw
// body>">` under the source's secret, x-pingan-timestamp the Unix time in seconds. The same scheme
// Pingan signs its own webhooks with (webhooks.sender.ts), so one verifier serves both directions.
import { timingSafeEqual } from 'node:crypto';
import { signWebhook } from '../webhooks/webhooks.sender.js';

/** How far the sender's clock may be from ours; older requests are replays or stuck queues. */
export const TOLERANCE_SECONDS = 300;

export const signInbound = signWebhook;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

export function checkSignature(secret: string, headers: { signature: unknown; timestamp: unknown }, rawBody: string, now: Date): SignatureCheck {
  const { signature, timestamp } = headers;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || signature === '' || timestamp === '') return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signInbound(secret, timestamp, rawBody));
  const given = Buffer.from(signature.trim());
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
