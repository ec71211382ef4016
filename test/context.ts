// A fresh database (copied from the run's template) and an app on it, for one dialect.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { type Db, type DbHandle, type Dialect, createDb } from '../src/db/database.js';
import { PG_ADMIN_URL, pgUrlFor, testDialects } from './dialects.js';

export { testDialects };

let counter = 0;

export interface TestDb extends DbHandle {
  config: Config;
  cleanup(): Promise<void>;
}

export const TEST_DATA_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export async function createTestDb(dialect: Dialect, env: Record<string, string> = {}): Promise<TestDb> {
  counter++;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-db-'));
    const file = path.join(dir, 'test.db');
    copyFileSync(inject('sqliteTemplate'), file);
    const config = loadConfig({ PINGAN_DATABASE_URL: `sqlite:${file}`, PINGAN_DATA_KEY: TEST_DATA_KEY, PINGAN_DATA_DIR: dir, PINGAN_LOG_LEVEL: 'silent', ...env });
    const handle = createDb(config.database);
    return { ...handle, config, cleanup: async () => { await handle.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `pingan_t_${inject('runId')}_${process.pid}_${counter}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-pg-'));
  const config = loadConfig({ PINGAN_DATABASE_URL: pgUrlFor(name), PINGAN_DATA_KEY: TEST_DATA_KEY, PINGAN_DATA_DIR: dir, PINGAN_LOG_LEVEL: 'silent', ...env });
  const handle = createDb(config.database, { poolSize: 5 });
  return {
    ...handle,
    config,
    cleanup: async () => {
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  dialect: Dialect;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(dialect: Dialect, env: Record<string, string> = {}): Promise<TestApp> {
  const tdb = await createTestDb(dialect, env);
  const app = await buildApp({ config: tdb.config, db: tdb.db, dialect: tdb.dialect }, { logger: false });
  await app.ready();
  return {
    app,
    db: tdb.db,
    dialect,
    config: tdb.config,
    close: async () => {
      await app.close();
      await tdb.cleanup();
    },
  };
}
