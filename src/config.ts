// The only reader of process.env. Every setting is documented in docs/configuration.md.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type DatabaseConfig =
  | { dialect: 'sqlite'; url: string; file: string }
  | { dialect: 'postgres'; url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly logLevel: string;
  /** Password given to `admin` when it is first created; random (printed once) when absent. */
  readonly adminPassword: string | undefined;
  /** 32-byte key (hex or base64) that encrypts personal fields at rest. */
  readonly dataKey: Buffer;
  /** Where the data key was read from when PINGAN_DATA_KEY is not set. */
  readonly dataKeyFile: string | undefined;
  readonly sessionTtlHours: number;
  readonly cookieSecure: boolean;
  readonly bodyLimitBytes: number;
  readonly webRoot: string;
  readonly dataDir: string;
  readonly provinceCode: string;
  readonly trackingPrefix: string;
  readonly jobsEnabled: boolean;
  /** Trust X-Forwarded-For from these proxies (Fastify trustProxy); false when Pingan faces clients directly. */
  readonly trustProxy: boolean | string;
  /**
   * How one-time sign-in codes reach residents: 'dev' writes them to the log and to the dev inbox
   * (GET /api/v1/public/dev/sms-inbox), 'log' to the log only. Never 'dev' in production.
   */
  readonly smsSender: SmsSenderName;
}

export const smsSenderNames = ['dev', 'log'] as const;
export type SmsSenderName = (typeof smsSenderNames)[number];

/** PINGAN_SMS_SENDER; 'dev' unless NODE_ENV=production, which refuses 'dev' (it shows codes to anyone). */
function parseSmsSender(env: Env): SmsSenderName {
  const isProduction = env.NODE_ENV === 'production';
  const raw = env.PINGAN_SMS_SENDER;
  if (raw === undefined || raw === '') return isProduction ? 'log' : 'dev';
  const name = smsSenderNames.find((n) => n === raw);
  if (!name) throw new ConfigError(`PINGAN_SMS_SENDER must be one of ${smsSenderNames.join(', ')}, got "${raw}"`);
  if (name === 'dev' && isProduction) throw new ConfigError('PINGAN_SMS_SENDER=dev is refused when NODE_ENV=production: its inbox page shows sign-in codes to anyone');
  return name;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseConfig {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { dialect: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') throw new ConfigError('PINGAN_DATABASE_URL: sqlite: needs a file path');
    return { dialect: 'sqlite', url, file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  throw new ConfigError(`PINGAN_DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function decodeKey(raw: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError(`${source} must hold 32 bytes, as 64 hex digits or base64`);
  return key;
}

// Without PINGAN_DATA_KEY the key lives beside the SQLite file, created on first start, so that
// `npm start` needs no setup; production deployments set the variable (docs/configuration.md).
function parseDataKey(env: Env, dataDir: string): { key: Buffer; keyFile: string | undefined } {
  const raw = env.PINGAN_DATA_KEY;
  if (raw !== undefined && raw !== '') return { key: decodeKey(raw, 'PINGAN_DATA_KEY'), keyFile: undefined };
  const keyFile = path.join(dataDir, 'pingan.key');
  if (existsSync(keyFile)) return { key: decodeKey(readFileSync(keyFile, 'utf8').trim(), keyFile), keyFile };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyFile, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, keyFile };
}

// 'true' trusts every hop (only behind a proxy that overwrites the header); otherwise a list of
// proxy addresses or CIDRs; unset: the socket address is the client (per-IP limits cannot be spoofed).
function parseTrustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return raw;
}

/** Reads the configuration once; throws ConfigError naming the variable at fault. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const dataDir = path.resolve(cwd, env.PINGAN_DATA_DIR ?? 'data');
  const database = parseDatabaseUrl(env.PINGAN_DATABASE_URL ?? `sqlite:${path.join(dataDir, 'pingan.db')}`, cwd);
  const dataKey = parseDataKey(env, dataDir);
  const provinceCode = env.PINGAN_PROVINCE ?? '62';
  if (!/^\d{2}$/.test(provinceCode)) throw new ConfigError('PINGAN_PROVINCE must be a 2-digit GB/T 2260 code');
  return Object.freeze({
    port: parseInteger(env, 'PINGAN_PORT', 8080, 0, 65535),
    host: env.PINGAN_HOST ?? '0.0.0.0',
    database,
    logLevel: env.PINGAN_LOG_LEVEL ?? 'info',
    adminPassword: env.PINGAN_ADMIN_PASSWORD || undefined,
    dataKey: dataKey.key,
    dataKeyFile: dataKey.keyFile,
    sessionTtlHours: parseInteger(env, 'PINGAN_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    cookieSecure: parseBoolean(env, 'PINGAN_COOKIE_SECURE', false),
    bodyLimitBytes: parseInteger(env, 'PINGAN_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    webRoot: path.resolve(cwd, env.PINGAN_WEB_ROOT ?? 'web/dist'),
    dataDir,
    provinceCode,
    trackingPrefix: env.PINGAN_TRACKING_PREFIX ?? 'GS',
    jobsEnabled: parseBoolean(env, 'PINGAN_JOBS', true),
    trustProxy: parseTrustProxy(env.PINGAN_TRUST_PROXY),
    smsSender: parseSmsSender(env),
  });
}
