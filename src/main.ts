// The server process: configuration, database, first-start bootstrap, HTTP, graceful shutdown.
import { buildApp } from './app.js';
import { bootstrapDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';
import { createDb } from './db/database.js';
import { jobs } from './jobs/index.js';
import { createJobRunner } from './jobs/runner.js';
import { ensureAdmin } from './modules/users/users.bootstrap.js';

export async function serve(): Promise<void> {
  const config = loadConfig();
  const handle = createDb(config.database, { onIdleError: (error) => app.log.warn({ err: error }, 'database connection dropped') });
  const app = await buildApp({ config, db: handle.db, dialect: handle.dialect });
  await bootstrapDatabase(handle.db, { provinceCode: config.provinceCode, log: (m) => app.log.info(m) });
  const admin = await ensureAdmin(app.ctx, config.adminPassword);
  if (admin.generatedPassword) {
    // Printed once, on the console only (never logged to files), so the operator can sign in.
    process.stdout.write(`\n  Pingan: created the account "admin" with password: ${admin.generatedPassword}\n  Change it after signing in.\n\n`);
  }

  const runner = createJobRunner(app.ctx, jobs, { start: config.jobsEnabled });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => process.exit(1), 25_000);
    timer.unref();
    await runner.stop();
    await app.close();
    await handle.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Pingan serves http://localhost:${config.port} (${handle.dialect})`);
}
