// One signed POST to a subscriber. The receiver checks x-pingan-signature: the hex HMAC-SHA256 of
// "<x-pingan-timestamp>.<raw body>" under the subscription's secret (docs/webhooks.md).
import { createHmac } from 'node:crypto';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** last_error keeps this many characters. */
export const ERROR_MAX = 500;
const RESPONSE_SNIPPET_BYTES = 300;

export interface WebhookMessage {
  /** The delivery id (0 for a test ping). */
  id: number;
  topic: string;
  createdAt: string;
  data: unknown;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/** `sha256=<hex>`: the value of x-pingan-signature. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function truncate(text: string, max = ERROR_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}` : '';
    return detail ? `${error.message} (${detail})` : error.message;
  }
  return String(error);
}

/**
 * POSTs the message; 2xx counts as delivered. Redirects are not followed (a 3xx is a failure), so
 * a receiver cannot bounce the signed body elsewhere. Never throws.
 */
export async function sendWebhook(url: string, secret: string, message: WebhookMessage, now: Date, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SendResult> {
  const body = JSON.stringify(message);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Pingan-Webhooks/1',
        'x-pingan-event': message.topic,
        'x-pingan-delivery': String(message.id),
        'x-pingan-timestamp': timestamp,
        'x-pingan-signature': signWebhook(secret, timestamp, body),
      },
      body,
    });
    const ok = response.status >= 200 && response.status < 300;
    const snippet = await readSnippet(response);
    return { ok, statusCode: response.status, error: ok ? null : truncate(`HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`) };
  } catch (error) {
    return { ok: false, statusCode: null, error: truncate(describeError(error, timeoutMs)) };
  }
}
