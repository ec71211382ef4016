// A real HTTP receiver for webhook tests, on 127.0.0.1 and a free port (never any other address).
// Each path answers with the statuses queued for it (then its default), and records what it got.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  base: string;
  received: ReceivedRequest[];
  on(path: string): ReceivedRequest[];
  /** Answers the next requests to `path` with these statuses, then with `fallback` (default 200). */
  respond(path: string, statuses: number[], fallback?: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const plans = new Map<string, { queue: number[]; fallback: number }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const plan = plans.get(path);
      const status = plan?.queue.shift() ?? plan?.fallback ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    on: (path) => received.filter((r) => r.path === path),
    respond: (path, statuses, fallback = 200) => plans.set(path, { queue: [...statuses], fallback }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a receiver does with x-pingan-signature (the docs/webhooks.md recipe). */
export function verifySignature(secret: string, request: ReceivedRequest): boolean {
  const timestamp = String(request.headers['x-pingan-timestamp'] ?? '');
  const given = String(request.headers['x-pingan-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
