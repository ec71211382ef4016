// Which databases the suite runs on. Both, always, unless PINGAN_TEST_DIALECTS narrows it for a
// quick local run; CI never narrows it (.ci/run fails if PostgreSQL is missing).
import type { Dialect } from '../src/db/database.js';

export function testDialects(): Dialect[] {
  const raw = process.env.PINGAN_TEST_DIALECTS ?? 'sqlite,postgres';
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const d of list) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`PINGAN_TEST_DIALECTS: unknown dialect ${d}`);
  return list as Dialect[];
}

export const PG_ADMIN_URL = process.env.PINGAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function pgUrlFor(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
