// What every service receives: configuration, the database and the logger. Built once in buildApp.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Db, Dialect } from './db/database.js';

export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly log: FastifyBaseLogger;
}
