import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

/**
 * The environment, read once and validated. A wrong value stops the program with one
 * message that names the variable and says what is expected. Every variable is listed,
 * with its meaning, in .env.example and the README.
 */

export type DatabaseConfig =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; url: string; poolSize: number };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));

const idList = (what: string) =>
  z.string().optional().transform((value, ctx) => {
    const ids = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = ids.find((id) => !/^-?\d{1,20}$/u.test(id));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `expected comma-separated numeric ${what} ids, got "${bad}"` });
      return z.NEVER;
    }
    return ids;
  });

const int = (min: number, max: number, fallback: number) =>
  z.string().optional().transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${value}"` });
      return z.NEVER;
    }
    return n;
  });

const positiveNumber = (max: number, fallback: number) =>
  z.string().optional().transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected a number above 0 and at most ${max}, got "${value}"` });
      return z.NEVER;
    }
    return n;
  });

const httpUrl = (fallback: string | undefined, noTrailingSlash = true) =>
  z.string().trim().optional().transform((value, ctx) => {
    if (value === undefined || value === '') return fallback;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected an http(s) URL, got "${value}"` });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `expected an http(s) URL, got "${value}"` });
      return z.NEVER;
    }
    return noTrailingSlash ? value.replace(/\/+$/u, '') : value;
  });

/** Connections each process keeps to PostgreSQL unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_DATABASE_POOL_SIZE = 10;

/** Polls every feed every 10 minutes unless FEED_POLL_CRON says otherwise. */
export const DEFAULT_FEED_POLL_CRON = '*/10 * * * *';
/** Shortest INGEST_TOKEN accepted: a bearer token anyone could guess protects nothing. */
export const MIN_INGEST_TOKEN_LENGTH = 16;

const optionalPort = z.string().optional().transform((value, ctx) => {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    ctx.addIssue({ code: 'custom', message: `expected a port number from 1 to 65535, got "${value}"` });
    return z.NEVER;
  }
  return n;
});

const cronExpression = (fallback: string) =>
  z.string().trim().optional().transform((value, ctx) => {
    if (value === undefined || value === '') return fallback;
    if (!isValidCron(value)) {
      ctx.addIssue({ code: 'custom', message: `expected a cron expression such as "${fallback}" (minute hour day month weekday, optional seconds first), got "${value}"` });
      return z.NEVER;
    }
    return value;
  });

const databaseUrl = z.string().trim().optional().transform((value, ctx): DatabaseConfig => {
  if (value === undefined || value === '') return { dialect: 'sqlite', path: 'data/tagwire.db' };
  if (value === ':memory:') return { dialect: 'sqlite', path: ':memory:' };
  const sqlite = /^(?:sqlite|file):(?:\/\/)?(.+)$/u.exec(value);
  if (sqlite?.[1] !== undefined) return { dialect: 'sqlite', path: sqlite[1] };
  if (/^postgres(?:ql)?:\/\//u.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, got a URL that does not parse' });
      return z.NEVER;
    }
    if (url.hostname === '' && !url.searchParams.has('host')) {
      ctx.addIssue({ code: 'custom', message: 'expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE: the host is missing' });
      return z.NEVER;
    }
    // The pool size comes from DATABASE_POOL_SIZE; filled in by loadConfig.
    return { dialect: 'postgres', url: value, poolSize: DEFAULT_DATABASE_POOL_SIZE };
  }
  ctx.addIssue({ code: 'custom', message: `expected sqlite:PATH, :memory:, or postgres://USER@HOST[:PORT]/DATABASE, got "${value.replace(/\/\/[^@/]*@/u, '//…@')}"` });
  return z.NEVER;
});

const EnvSchema = z.object({
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: int(1, 1000, DEFAULT_DATABASE_POOL_SIZE),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }).optional().default('info'),
  LOG_FILE: optionalText,

  TELEGRAM_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^\d+:[\w-]{20,}$/u.test(v), {
    message: 'expected a token from BotFather, like 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
  }),
  TELEGRAM_API_ROOT: httpUrl('https://api.telegram.org'),
  TELEGRAM_ADMIN_IDS: idList('Telegram user'),
  TELEGRAM_WEBHOOK_URL: httpUrl(undefined, false),
  TELEGRAM_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/u.test(v), {
    message: 'expected 1-256 characters of A-Z, a-z, 0-9, _ and -',
  }),
  TELEGRAM_MAX_PER_SECOND: positiveNumber(1000, 25),
  PORT: int(1, 65535, 8080),

  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{5,20}$/u.test(v), {
    message: 'expected the numeric application id from the developer portal',
  }),
  DISCORD_API_ROOT: httpUrl('https://discord.com/api'),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{5,20}$/u.test(v), { message: 'expected a numeric server (guild) id' }),
  DISCORD_ADMIN_IDS: idList('Discord user'),
  DISCORD_ADMIN_ROLE_IDS: idList('Discord role'),
  DISCORD_MAX_PER_SECOND: positiveNumber(50, 50),
  DISCORD_SHARD_ID: int(0, 16_383, -1),
  DISCORD_SHARD_COUNT: int(1, 16_384, 0),

  DELIVERY_CONCURRENCY: int(1, 256, 8),
  DELIVERY_MAX_ATTEMPTS: int(1, 100, 8),
  DELIVERY_LEASE_SECONDS: int(5, 3600, 60),
  DELIVERY_POLL_MS: int(50, 60_000, 1000),
  DELIVERY_RETENTION_DAYS: int(1, 3650, 30),

  HTTP_PORT: optionalPort,
  INGEST_TOKEN: optionalText.refine((v) => v === undefined || (v.length >= MIN_INGEST_TOKEN_LENGTH && !/\s/u.test(v)), {
    message: `expected at least ${MIN_INGEST_TOKEN_LENGTH} characters without spaces (e.g. the output of: openssl rand -hex 24)`,
  }),
  FEED_POLL_CRON: cronExpression(DEFAULT_FEED_POLL_CRON),
  FEED_TIMEOUT_MS: int(1_000, 300_000, 15_000),
  FEED_MAX_BYTES: int(10_000, 100_000_000, 5_000_000),
});

export interface Config {
  database: DatabaseConfig;
  logLevel: (typeof LOG_LEVELS)[number];
  /** LOG_FILE: where the log goes instead of stderr (the console's default: beside the database). */
  logFile: string | undefined;
  telegram: {
    token: string | undefined;
    apiRoot: string;
    adminIds: string[];
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
    maxPerSecond: number;
    port: number;
  };
  discord: {
    token: string | undefined;
    applicationId: string | undefined;
    apiRoot: string;
    guildId: string | undefined;
    adminIds: string[];
    adminRoleIds: string[];
    maxPerSecond: number;
    /** This process's gateway shard, when the bot runs as several (DISCORD_SHARD_ID of DISCORD_SHARD_COUNT). */
    shard: { id: number; count: number } | undefined;
  };
  delivery: {
    concurrency: number;
    maxAttempts: number;
    leaseMs: number;
    pollMs: number;
    retentionDays: number;
  };
  /** The HTTP ingest API, /healthz and /metrics; off unless HTTP_PORT is set. */
  http: {
    port: number | undefined;
    /** Bearer token for POST /api/articles; always set when `port` is. */
    ingestToken: string | undefined;
  };
  /** Article sources fetched over the network: feeds and /post URL pages. */
  feeds: {
    pollCron: string;
    /** Whole request, headers and body, in ms. */
    timeoutMs: number;
    /** Largest response body read, in bytes (after decompression). */
    maxBytes: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable and its meaning.`);
  }
  const e = parsed.data;
  if (e.DISCORD_TOKEN !== undefined && e.DISCORD_APPLICATION_ID === undefined) {
    throw new ConfigError('Invalid configuration:\n  DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set (the application id from the developer portal)');
  }
  if ((e.DISCORD_SHARD_ID >= 0) !== (e.DISCORD_SHARD_COUNT > 0)) {
    throw new ConfigError('Invalid configuration:\n  DISCORD_SHARD_ID: set DISCORD_SHARD_ID and DISCORD_SHARD_COUNT together (shard 0 to COUNT-1), or neither');
  }
  if (e.DISCORD_SHARD_COUNT > 0 && e.DISCORD_SHARD_ID >= e.DISCORD_SHARD_COUNT) {
    throw new ConfigError(`Invalid configuration:\n  DISCORD_SHARD_ID: ${e.DISCORD_SHARD_ID} is not below DISCORD_SHARD_COUNT (${e.DISCORD_SHARD_COUNT}); shards are numbered from 0`);
  }
  if (e.TELEGRAM_WEBHOOK_URL !== undefined && e.TELEGRAM_BOT_TOKEN === undefined) {
    throw new ConfigError('Invalid configuration:\n  TELEGRAM_WEBHOOK_URL: set TELEGRAM_BOT_TOKEN too, or leave the webhook unset');
  }
  if (e.HTTP_PORT !== undefined && e.INGEST_TOKEN === undefined) {
    throw new ConfigError(`Invalid configuration:\n  INGEST_TOKEN: required when HTTP_PORT is set (at least ${MIN_INGEST_TOKEN_LENGTH} characters; clients send it as "Authorization: Bearer TOKEN")`);
  }
  if (e.HTTP_PORT !== undefined && e.TELEGRAM_WEBHOOK_URL !== undefined && e.HTTP_PORT === e.PORT) {
    throw new ConfigError(`Invalid configuration:\n  HTTP_PORT: ${e.HTTP_PORT} is already PORT, the Telegram webhook's port; choose another`);
  }
  return {
    database: e.DATABASE_URL.dialect === 'postgres' ? { ...e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE } : e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT ?? 'https://api.telegram.org',
      adminIds: e.TELEGRAM_ADMIN_IDS,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      maxPerSecond: e.TELEGRAM_MAX_PER_SECOND,
      port: e.PORT,
    },
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiRoot: e.DISCORD_API_ROOT ?? 'https://discord.com/api',
      guildId: e.DISCORD_GUILD_ID,
      adminIds: e.DISCORD_ADMIN_IDS,
      adminRoleIds: e.DISCORD_ADMIN_ROLE_IDS,
      maxPerSecond: e.DISCORD_MAX_PER_SECOND,
      shard: e.DISCORD_SHARD_COUNT > 0 ? { id: e.DISCORD_SHARD_ID, count: e.DISCORD_SHARD_COUNT } : undefined,
    },
    delivery: {
      concurrency: e.DELIVERY_CONCURRENCY,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      leaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
      pollMs: e.DELIVERY_POLL_MS,
      retentionDays: e.DELIVERY_RETENTION_DAYS,
    },
    http: { port: e.HTTP_PORT, ingestToken: e.INGEST_TOKEN },
    feeds: { pollCron: e.FEED_POLL_CRON, timeoutMs: e.FEED_TIMEOUT_MS, maxBytes: e.FEED_MAX_BYTES },
  };
}
