// The only reader of process.env. Validates every variable at once, names each bad one, and freezes the result.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Joi from './shared/joi';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  logLevel: string;
  bodyLimit: string;
  db: { url: string | null; poolMax: number; acquireTimeoutMs: number; embeddedPort: number };
  seedDemo: boolean;
  /** this app process works the job queues (server/shared/queue.ts) */
  jobWorkers: boolean;
  jwt: { secret: string; issuer: string; audience: string; ttlSeconds: number };
  auth: {
    maxFailedLogins: number;
    lockoutMinutes: number;
    loginRateLimitPerMinute: number;
    /** failures of one username from any address, in the lockout window, before each attempt waits longer */
    maxFailedLoginsPerUser: number;
  };
  /** Express 'trust proxy': which hops may set X-Forwarded-For (the client address of lockouts and logs) */
  trustProxy: boolean | number | string;
  /** HMAC key of the audit log's hashes of identifying numbers, and its id */
  auditHash: { key: string; keyId: string };
  /**
   * Ed25519 keys of generated documents' QR codes: the signing key (PKCS#8 DER, base64) and the public keys still
   * published (the current one first; retired ones stay so old documents verify)
   */
  documents: { signingKey: string; retiredPublicKeys: string[] };
  /** the daily alert digests' SMTP server (null: digests are not sent, the run says so) and sender */
  mail: { smtpUrl: string | null; from: string };
  /**
   * the national population database's HTTP service (Decree 47/2020; DOMAIN.md §15.5): null until a connection
   * contract exists; the identity module's HTTP adapter reads it (no network call is made today)
   */
  populationDb: { url: string | null };
}

const schema = Joi.object({
  NODE_ENV: Joi.string()
    .valid('development', 'production', 'test')
    .default('development')
    .description('development | production | test'),
  PORT: Joi.number().port().default(3000).description('HTTP port'),
  HOST: Joi.string().default('0.0.0.0').description('interface to listen on'),
  PUBLIC_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .description('public base URL (QR codes, links)'),
  DATA_DIR: Joi.string().default('.data').description('ignored folder for the embedded database and dev secrets'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(b|kb|mb)$/i)
    .default('100kb')
    .description('largest JSON/form body'),
  SMTP_URL: Joi.string()
    .uri({ scheme: ['smtp', 'smtps'] })
    .description(
      'SMTP server of the daily alert digests, e.g. smtp://user:pass@mail.example.vn:587 (unset: no e-mail)',
    ),
  MAIL_FROM: Joi.string()
    .max(200)
    .default('Hành Trang <no-reply@hanhtrang.local>')
    .description('sender of the daily alert digests'),
  DATABASE_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .description('unset: embedded PostgreSQL'),
  DATABASE_POOL_MAX: Joi.number()
    .integer()
    .min(2)
    .max(200)
    .default(10)
    .description('at least 2: start-up holds one for its lock'),
  DATABASE_ACQUIRE_TIMEOUT_MS: Joi.number()
    .integer()
    .min(100)
    .max(60_000)
    .default(3000)
    .description('longest wait for a pooled connection before answering 503'),
  EMBEDDED_PG_PORT: Joi.number().port().default(54329).description('port of the embedded PostgreSQL'),
  JOB_WORKERS: Joi.boolean()
    .truthy('1')
    .falsy('0')
    .default(true)
    .description('work the durable jobs in the app process; false when separate `npm run worker` processes do'),
  SEED_DEMO: Joi.boolean()
    .truthy('1')
    .falsy('0')
    .description('seed demo data (default: true with the embedded database)'),
  JWT_SECRET: Joi.string().min(32).description('HS256 key, at least 32 characters; required in production'),
  JWT_TTL_SECONDS: Joi.number().integer().min(60).max(3600).default(3600).description('token lifetime, at most 1 hour'),
  LOGIN_MAX_FAILURES: Joi.number().integer().min(1).default(5),
  LOGIN_LOCKOUT_MINUTES: Joi.number().integer().min(1).default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: Joi.number().integer().min(1).default(60),
  LOGIN_MAX_FAILURES_PER_USER: Joi.number()
    .integer()
    .min(2)
    .default(20)
    .description('failures of one username from any address before each further attempt waits (growing delays)'),
  TRUST_PROXY: Joi.string()
    .trim()
    .max(500)
    .default('loopback')
    .description(
      "who may set X-Forwarded-For: 'loopback' (default), 'false', a hop count, or addresses/CIDRs separated by commas",
    ),
  AUDIT_HASH_KEY: Joi.string()
    .min(32)
    .description('HMAC-SHA256 key of the audit log (≥ 32 characters); required in production'),
  DOCUMENT_SIGNING_KEY: Joi.string()
    .pattern(/^[A-Za-z0-9+/_=-]{40,200}$/, 'base64')
    .description("Ed25519 private key (PKCS#8 DER, base64) that signs documents' QR codes; required in production"),
  POPULATION_DB_URL: Joi.string()
    .uri({ scheme: ['https'] })
    .description(
      'HTTPS endpoint of the population database connection, once a contract exists (unset: manual and batch files only)',
    ),
  DOCUMENT_RETIRED_PUBLIC_KEYS: Joi.string()
    .allow('')
    .default('')
    .description('earlier Ed25519 public keys (SPKI DER, base64), comma-separated: old documents still verify'),
}).unknown(true);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type SecretName = 'jwtSecret' | 'auditHashKey' | 'documentSigningKey';

/** A new secret of the kind: random text, or an Ed25519 private key (PKCS#8 DER, base64). */
const newSecret = (name: SecretName) =>
  name === 'documentSigningKey'
    ? crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')
    : crypto.randomBytes(48).toString('base64url');

/** Development keeps generated secrets in the ignored data folder, so tokens and audit hashes survive a restart. */
function developmentSecret(dataDir: string, name: SecretName): string {
  const file = path.join(dataDir, 'secrets.json');
  let saved: Partial<Record<SecretName, string>> = {};
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<SecretName, string>>;
    const value = saved[name];
    if (value && value.length >= 32) return value;
  } catch {
    /* first start */
  }
  const value = newSecret(name);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...saved, [name]: value }), { mode: 0o600 });
  return value;
}

/** 'loopback', 'false', a hop count, or a list of addresses, as Express's 'trust proxy' takes them. */
function trustProxyOf(v: string): boolean | number | string {
  if (v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** The id of an audit key: the first 8 hex digits of its SHA-256, so rotating the key changes it. */
export const keyIdOf = (key: string) => crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const { value, error } = schema.validate(env, { abortEarly: false, convert: true });
  const problems = error ? error.details.map((d) => `${d.path.join('.')}: ${d.message}`) : [];
  if (value.NODE_ENV === 'production' && !value.JWT_SECRET) problems.push('JWT_SECRET: is required in production');
  if (value.NODE_ENV === 'production' && !value.AUDIT_HASH_KEY)
    problems.push('AUDIT_HASH_KEY: is required in production');
  if (value.NODE_ENV === 'production' && !value.DOCUMENT_SIGNING_KEY)
    problems.push('DOCUMENT_SIGNING_KEY: is required in production');
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(PROJECT_ROOT, value.DATA_DIR);
  const secretOf = (given: string | undefined, name: SecretName) =>
    given ?? (value.NODE_ENV === 'test' ? newSecret(name) : developmentSecret(dataDir, name));
  const secret = secretOf(value.JWT_SECRET, 'jwtSecret');
  const auditKey = secretOf(value.AUDIT_HASH_KEY, 'auditHashKey');
  const url: string | null = value.DATABASE_URL ?? null;
  const config: Config = {
    env: value.NODE_ENV,
    port: value.PORT,
    host: value.HOST,
    publicUrl: (value.PUBLIC_URL ?? `http://localhost:${value.PORT}`).replace(/\/$/, ''),
    dataDir,
    logLevel: value.NODE_ENV === 'test' && !env.LOG_LEVEL ? 'silent' : value.LOG_LEVEL,
    bodyLimit: value.BODY_LIMIT,
    db: {
      url,
      poolMax: value.DATABASE_POOL_MAX,
      acquireTimeoutMs: value.DATABASE_ACQUIRE_TIMEOUT_MS,
      embeddedPort: value.EMBEDDED_PG_PORT,
    },
    seedDemo: value.SEED_DEMO ?? url === null,
    jobWorkers: value.JOB_WORKERS,
    jwt: { secret, issuer: 'hanh-trang', audience: 'hanh-trang', ttlSeconds: value.JWT_TTL_SECONDS },
    auth: {
      maxFailedLogins: value.LOGIN_MAX_FAILURES,
      lockoutMinutes: value.LOGIN_LOCKOUT_MINUTES,
      loginRateLimitPerMinute: value.LOGIN_RATE_LIMIT_PER_MINUTE,
      maxFailedLoginsPerUser: value.LOGIN_MAX_FAILURES_PER_USER,
    },
    trustProxy: trustProxyOf(value.TRUST_PROXY),
    auditHash: { key: auditKey, keyId: keyIdOf(auditKey) },
    documents: {
      signingKey: secretOf(value.DOCUMENT_SIGNING_KEY, 'documentSigningKey'),
      retiredPublicKeys: String(value.DOCUMENT_RETIRED_PUBLIC_KEYS ?? '')
        .split(',')
        .map((k: string) => k.trim())
        .filter(Boolean),
    },
    mail: { smtpUrl: value.SMTP_URL ?? null, from: value.MAIL_FROM },
    populationDb: { url: value.POPULATION_DB_URL ?? null },
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(o: T): Readonly<T> {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}

let loaded: Readonly<Config> | null = null;

/** The process configuration; on a bad environment, prints every problem and exits. */
export function config(): Readonly<Config> {
  if (loaded) return loaded;
  try {
    loaded = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  return loaded;
}
