#!/usr/bin/env node
// The ceiling for intake: a bare Fastify route that inserts the same case row in one statement
// (personal fields stored as sent, no validation beyond JSON parsing, no auth, no events, rollups, audit or outbox). Whatever the
// real intake does on top of this costs the difference. Env: PINGAN_DATABASE_URL, PORT, OWNER_UNIT_ID.
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';

const url = process.env.PINGAN_DATABASE_URL;
const owner = Number(process.env.OWNER_UNIT_ID);
const columns = ['tracking_code', 'kind', 'channel', 'category_code', 'priority', 'status', 'region_code', 'title', 'description', 'reporter_name_enc', 'reporter_phone_enc', 'is_anonymous', 'owner_unit_id', 'created_at', 'updated_at', 'version'];
const row = (b) => {
  const now = new Date().toISOString();
  return [`CEIL${randomBytes(8).toString('hex')}`, b.kind, b.channel, b.categoryCode, b.priority ?? 'normal', 'submitted', b.regionCode, b.title, b.description, b.reporter?.name ?? null, b.reporter?.phone ?? null, b.reporter ? 0 : 1, owner, now, now, 1];
};
let insert;
if (url.startsWith('sqlite:')) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(url.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const statement = db.prepare(`insert into cases (${columns.join(',')}) values (${columns.map(() => '?').join(',')}) returning id`);
  insert = async (b) => statement.get(row(b)).id;
} else {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const text = `insert into cases (${columns.join(',')}) values (${columns.map((_, i) => `$${i + 1}`).join(',')}) returning id`;
  insert = async (b) => (await pool.query(text, row(b))).rows[0].id;
}
const app = Fastify({ logger: false });
app.post('/api/v1/cases', async (request, reply) => reply.status(201).send({ id: await insert(request.body) }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.stdout.write('ready\n');
