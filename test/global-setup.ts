// Builds one migrated, bootstrapped template database per dialect for the whole run; each test
// file then gets its own copy (a file copy for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { bootstrapDatabase } from '../src/bootstrap.js';
import { createDb } from '../src/db/database.js';
import { PG_ADMIN_URL, pgUrlFor, testDialects } from './dialects.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplate: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-test-'));
  const dialects = testDialects();
  const sqliteTemplate = path.join(dir, 'template.db');
  const pgTemplate = `pingan_tpl_${runId}`;
  const tasks: Promise<void>[] = [];

  if (dialects.includes('sqlite')) {
    tasks.push((async () => {
      const handle = createDb({ dialect: 'sqlite', url: `sqlite:${sqliteTemplate}`, file: sqliteTemplate });
      await bootstrapDatabase(handle.db, { provinceCode: '62' });
      await handle.destroy();
    })());
  }
  let admin: pg.Client | undefined;
  if (dialects.includes('postgres')) {
    admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}: the suite runs on both databases. Start it, or set PINGAN_TEST_DIALECTS=sqlite for a quick local run. (${String(error)})`);
    }
    await admin.query(`create database ${pgTemplate}`);
    tasks.push((async () => {
      const handle = createDb({ dialect: 'postgres', url: pgUrlFor(pgTemplate) });
      await bootstrapDatabase(handle.db, { provinceCode: '62' });
      await handle.destroy();
    })());
  }
  await Promise.all(tasks);
  project.provide('sqliteTemplate', sqliteTemplate);
  project.provide('pgTemplate', pgTemplate);
  project.provide('runId', runId);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (!admin) return;
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`pingan_%${runId}%`]);
    for (const { datname } of rows) {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [datname]);
      await admin.query(`drop database if exists ${datname}`);
    }
    await admin.end();
  };
}
