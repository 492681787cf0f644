import { z } from 'zod';
import { documented } from './config/docs.ts';
import {
  cronExpression,
  databaseUrl,
  httpUrl,
  idList,
  int,
  optionalPort,
  optionalText,
  positiveNumber,
  flag,
} from './config/values.ts';

/**
 * The environment, read once and validated. A wrong value stops the program with one
 * message that names the variable and says what is expected.
 *
 * EnvSchema below is the one description of every variable: its validation and, as
 * metadata, its documentation, from which `npm run config-docs` writes .env.example and
 * the README's table. Config, the validated configuration, is the schema's output.
 */

export { CONFIG_SECTIONS, envDocs, type ConfigSection, type EnvVarDoc } from './config/docs.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Connections each process keeps to PostgreSQL unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_DATABASE_POOL_SIZE = 10;

/** Polls every feed every 10 minutes unless FEED_POLL_CRON says otherwise. */
export const DEFAULT_FEED_POLL_CRON = '*/10 * * * *';
/** Shortest INGEST_TOKEN accepted: a bearer token anyone could guess protects nothing. */
export const MIN_INGEST_TOKEN_LENGTH = 16;

/** Telegram's ceiling for bulk sends without paying: about 30 messages a second (Bot FAQ). */
export const TELEGRAM_FREE_PER_SECOND = 30;
/** With allow_paid_broadcast (TELEGRAM_PAID_BROADCAST), up to 1,000 a second, for 0.1 Stars per message. */
export const TELEGRAM_PAID_PER_SECOND = 1000;

export const EnvSchema = z.object({
  DATABASE_URL: documented(databaseUrl(), {
    section: 'storage',
    default: 'sqlite:data/tagwire.db',
    example: 'postgres://tagwire:secret@localhost:5432/tagwire',
    doc: 'Where the data lives: `sqlite:PATH` (the folder is created on demand), `:memory:`, or `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (or `postgresql://`) for PostgreSQL.',
    details:
      'For example sqlite:/var/lib/tagwire/tagwire.db. One PostgreSQL database can be shared by several processes: bot, workers, schedulers (docs/scaling.md).',
  }),
  DATABASE_POOL_SIZE: documented(int(1, 1000, DEFAULT_DATABASE_POOL_SIZE), {
    section: 'storage',
    default: String(DEFAULT_DATABASE_POOL_SIZE),
    doc: 'PostgreSQL only: connections each process keeps open (1-1000).',
  }),
  LOG_LEVEL: documented(
    // Empty means unset, as for every other variable.
    z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z
        .enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` })
        .optional()
        .default('info'),
    ),
    {
      section: 'logs',
      default: 'info',
      doc: `One of ${LOG_LEVELS.join(', ')}. The log is JSON on stderr, so stdout stays the data of \`--json\` commands.`,
    },
  ),
  LOG_FILE: documented(optionalText(), {
    section: 'logs',
    unset: 'stderr',
    example: '/var/log/tagwire/tagwire.log',
    doc: 'Append the JSON log to this file instead of stderr. The console adapter always logs to a file (this one, else `tagwire.log` beside the SQLite database) and shows only errors on the terminal, one line each.',
  }),

  TELEGRAM_BOT_TOKEN: documented(
    optionalText().refine((v) => v === undefined || /^\d+:[\w-]{20,}$/u.test(v), {
      message: 'expected a token from BotFather, like 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
    }),
    {
      section: 'telegram',
      doc: 'The bot token from @BotFather: set it, and `npm start` runs the Telegram adapter.',
    },
  ),
  TELEGRAM_API_ROOT: documented(httpUrl('https://api.telegram.org'), {
    section: 'telegram',
    default: 'https://api.telegram.org',
    doc: 'Root of the Bot API server, to use another one (a self-hosted telegram-bot-api server); a trailing slash is dropped.',
  }),
  TELEGRAM_ADMIN_IDS: documented(idList('Telegram user'), {
    section: 'telegram',
    doc: "Comma-separated numeric Telegram user ids of the bot's admins (they may /post, /delete, /stats ...).",
  }),
  TELEGRAM_WEBHOOK_URL: documented(httpUrl(undefined, false), {
    section: 'telegram',
    unset: 'long polling',
    doc: 'Public https URL that Telegram should POST updates to (webhook mode).',
  }),
  TELEGRAM_WEBHOOK_SECRET: documented(
    optionalText().refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/u.test(v), {
      message: 'expected 1-256 characters of A-Z, a-z, 0-9, _ and -',
    }),
    {
      section: 'telegram',
      unset: 'derived from the bot token',
      doc: 'Secret checked on every webhook request (`X-Telegram-Bot-Api-Secret-Token`): 1-256 of A-Z a-z 0-9 _ -.',
      details: 'The derived secret is stable, and unguessable without the token.',
    },
  ),
  TELEGRAM_MAX_PER_SECOND: documented(positiveNumber(TELEGRAM_PAID_PER_SECOND, 25), {
    section: 'telegram',
    default: '25',
    doc: `Overall messages per second to Telegram, deliveries and replies together: at most ${TELEGRAM_FREE_PER_SECOND}, or ${TELEGRAM_PAID_PER_SECOND} with TELEGRAM_PAID_BROADCAST.`,
    details: `Telegram answers 429 above about ${TELEGRAM_FREE_PER_SECOND} a second unless each message pays for a paid broadcast.`,
  }),
  TELEGRAM_PAID_BROADCAST: documented(flag(), {
    section: 'telegram',
    default: 'false',
    doc: `\`true\`: every message is sent with \`allow_paid_broadcast\`, which lets TELEGRAM_MAX_PER_SECOND go up to ${TELEGRAM_PAID_PER_SECOND}.`,
    details:
      "Telegram charges 0.1 Stars per message above the free rate, from the bot's balance; see docs/telegram.md.",
  }),
  PORT: documented(int(1, 65535, 8080), {
    section: 'telegram',
    default: '8080',
    doc: 'Port of the built-in HTTP server that receives the Telegram webhook.',
  }),

  DISCORD_TOKEN: documented(optionalText(), {
    section: 'discord',
    doc: 'The bot token from the Discord developer portal: set it, and DISCORD_APPLICATION_ID, to run the Discord adapter.',
  }),
  DISCORD_APPLICATION_ID: documented(
    optionalText().refine((v) => v === undefined || /^\d{5,20}$/u.test(v), {
      message: 'expected the numeric application id from the developer portal',
    }),
    {
      section: 'discord',
      doc: 'The application id from the Discord developer portal; required with DISCORD_TOKEN.',
    },
  ),
  DISCORD_API_ROOT: documented(httpUrl('https://discord.com/api'), {
    section: 'discord',
    default: 'https://discord.com/api',
    doc: 'REST API root, to go through another one (a proxy); discord.js also discovers the gateway through it.',
  }),
  DISCORD_GUILD_ID: documented(
    optionalText().refine((v) => v === undefined || /^\d{5,20}$/u.test(v), {
      message: 'expected a numeric server (guild) id',
    }),
    {
      section: 'discord',
      doc: 'Register slash commands in this one server only (instant, for development) instead of globally.',
    },
  ),
  DISCORD_ADMIN_IDS: documented(idList('Discord user'), {
    section: 'discord',
    doc: "Comma-separated Discord user ids of the bot's admins.",
  }),
  DISCORD_ADMIN_ROLE_IDS: documented(idList('Discord role'), {
    section: 'discord',
    doc: "Comma-separated Discord role ids: members of these roles are the bot's admins too.",
  }),
  DISCORD_MAX_PER_SECOND: documented(positiveNumber(50, 50), {
    section: 'discord',
    default: '50',
    doc: 'Overall requests per second to Discord (at most 50).',
  }),
  DISCORD_SHARD_ID: documented(int(0, 16_383, -1), {
    section: 'discord',
    unset: 'not sharded',
    doc: "This process's shard of a sharded bot, from 0 to DISCORD_SHARD_COUNT - 1; set both or neither.",
    details:
      'Large bots run one `tagwire start --role bot` per shard, each with its own DISCORD_SHARD_ID and the same DISCORD_SHARD_COUNT.',
  }),
  DISCORD_SHARD_COUNT: documented(int(1, 16_384, 0), {
    section: 'discord',
    unset: 'not sharded',
    doc: 'How many shards the bot runs as (1-16384); set with DISCORD_SHARD_ID.',
  }),

  DELIVERY_CONCURRENCY: documented(int(1, 256, 8), {
    section: 'delivery',
    default: '8',
    doc: 'Sends in flight at once: also the most that a crash can duplicate.',
  }),
  DELIVERY_MAX_ATTEMPTS: documented(int(1, 100, 8), {
    section: 'delivery',
    default: '8',
    doc: 'Attempts before a delivery that keeps failing (5xx, network) is marked failed.',
  }),
  DELIVERY_LEASE_SECONDS: documented(int(5, 3600, 60), {
    section: 'delivery',
    default: '60',
    doc: 'How long a claimed delivery is reserved for its worker before another worker may take it over, in seconds.',
  }),
  DELIVERY_POLL_MS: documented(int(50, 60_000, 1000), {
    section: 'delivery',
    default: '1000',
    doc: 'How often the worker looks for deliveries queued by other processes, in ms.',
  }),
  DELIVERY_RETENTION_DAYS: documented(int(1, 3650, 30), {
    section: 'delivery',
    default: '30',
    doc: 'Sent deliveries older than this many days are pruned (an hourly job).',
  }),

  HTTP_PORT: documented(optionalPort(), {
    section: 'http',
    unset: 'no HTTP server',
    doc: 'Port of the HTTP server: the API (`POST /api/articles`, `PATCH /api/articles/ID`, `GET /healthz`, `GET /metrics`), the newsroom at `/admin` and the Atom feeds at `/feeds/`.',
    details: 'Must differ from PORT when the Telegram webhook uses PORT.',
  }),
  INGEST_TOKEN: documented(
    optionalText().refine((v) => v === undefined || (v.length >= MIN_INGEST_TOKEN_LENGTH && !/\s/u.test(v)), {
      message: `expected at least ${MIN_INGEST_TOKEN_LENGTH} characters without spaces (e.g. the output of: openssl rand -hex 24)`,
    }),
    {
      section: 'http',
      doc: `Bearer token for \`POST /api/articles\` and \`PATCH /api/articles/ID\` (\`Authorization: Bearer TOKEN\`); required with HTTP_PORT, at least ${MIN_INGEST_TOKEN_LENGTH} characters, no spaces.`,
      details: 'Make one with: openssl rand -hex 24',
    },
  ),
  WEB_URL: documented(httpUrl(undefined), {
    section: 'http',
    unset: 'http://localhost:HTTP_PORT',
    example: 'https://news.example.com',
    doc: 'The address people open the newsroom (`/admin`) and the Atom feeds at, as the browser sees it: sign-in links and feed links start with it.',
    details:
      'Behind a reverse proxy, the public https address. With https the session cookie is marked Secure. See docs/newsroom.md.',
  }),
  TRUSTED_PROXIES: documented(int(0, 10, 0), {
    section: 'http',
    default: '0',
    doc: "How many reverse proxies stand in front of the HTTP server; from 1, the newsroom limits sign-in attempts by the client address they pass in `X-Forwarded-For`, not by the proxy's.",
    details:
      'Set it only when every request comes through that many proxies, each adding to X-Forwarded-For (nginx: proxy_add_x_forwarded_for): more than there are lets a client choose its own address.',
  }),
  FEED_POLL_CRON: documented(cronExpression(DEFAULT_FEED_POLL_CRON), {
    section: 'sources',
    default: DEFAULT_FEED_POLL_CRON,
    doc: 'When feeds are polled while the bot runs (node-cron syntax, optional seconds field first).',
    details:
      'The default is every 10 minutes. A failing feed backs off on its own (5 minutes, doubling, up to 6 hours).',
  }),
  FEED_TIMEOUT_MS: documented(int(1_000, 300_000, 15_000), {
    section: 'sources',
    default: '15000',
    doc: 'The whole fetch of a feed or a `/post URL` page, headers and body, in ms (1000-300000).',
  }),
  FEED_MAX_BYTES: documented(int(10_000, 100_000_000, 5_000_000), {
    section: 'sources',
    default: '5000000',
    doc: 'The largest feed or page read, in bytes after decompression (10000-100000000).',
  }),
});

type Env = z.output<typeof EnvSchema>;

/** A rule between variables, checked once each is valid: the variable to name and what is wrong, or undefined. */
function problemBetween(e: Env): { name: keyof Env; message: string } | undefined {
  if (e.DISCORD_TOKEN !== undefined && e.DISCORD_APPLICATION_ID === undefined) {
    return {
      name: 'DISCORD_APPLICATION_ID',
      message: 'required when DISCORD_TOKEN is set (the application id from the developer portal)',
    };
  }
  if (e.DISCORD_SHARD_ID >= 0 !== e.DISCORD_SHARD_COUNT > 0) {
    return {
      name: 'DISCORD_SHARD_ID',
      message: 'set DISCORD_SHARD_ID and DISCORD_SHARD_COUNT together (shard 0 to COUNT-1), or neither',
    };
  }
  if (e.DISCORD_SHARD_COUNT > 0 && e.DISCORD_SHARD_ID >= e.DISCORD_SHARD_COUNT) {
    return {
      name: 'DISCORD_SHARD_ID',
      message: `${e.DISCORD_SHARD_ID} is not below DISCORD_SHARD_COUNT (${e.DISCORD_SHARD_COUNT}); shards are numbered from 0`,
    };
  }
  if (e.TELEGRAM_MAX_PER_SECOND > TELEGRAM_FREE_PER_SECOND && !e.TELEGRAM_PAID_BROADCAST) {
    return {
      name: 'TELEGRAM_MAX_PER_SECOND',
      message: `${e.TELEGRAM_MAX_PER_SECOND} is above Telegram's free limit of ${TELEGRAM_FREE_PER_SECOND} messages a second, so Telegram would answer 429; lower it, or set TELEGRAM_PAID_BROADCAST=true to pay for up to ${TELEGRAM_PAID_PER_SECOND} a second`,
    };
  }
  if (e.TELEGRAM_WEBHOOK_URL !== undefined && e.TELEGRAM_BOT_TOKEN === undefined) {
    return { name: 'TELEGRAM_WEBHOOK_URL', message: 'set TELEGRAM_BOT_TOKEN too, or leave the webhook unset' };
  }
  if (e.HTTP_PORT !== undefined && e.INGEST_TOKEN === undefined) {
    return {
      name: 'INGEST_TOKEN',
      message: `required when HTTP_PORT is set (at least ${MIN_INGEST_TOKEN_LENGTH} characters; clients send it as "Authorization: Bearer TOKEN")`,
    };
  }
  if (e.HTTP_PORT !== undefined && e.TELEGRAM_WEBHOOK_URL !== undefined && e.HTTP_PORT === e.PORT) {
    return {
      name: 'HTTP_PORT',
      message: `${e.HTTP_PORT} is already PORT, the Telegram webhook's port; choose another`,
    };
  }
  return undefined;
}

/** The environment validated, rules between variables included, and shaped as the program uses it. */
export const ConfigSchema = EnvSchema.transform((e, ctx) => {
  const problem = problemBetween(e);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', path: [problem.name], message: problem.message, params: { between: true } });
    return z.NEVER;
  }
  return {
    database:
      e.DATABASE_URL.dialect === 'postgres' ? { ...e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE } : e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    /** LOG_FILE: where the log goes instead of stderr (the console's default: beside the database). */
    logFile: e.LOG_FILE,
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      adminIds: e.TELEGRAM_ADMIN_IDS,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      maxPerSecond: e.TELEGRAM_MAX_PER_SECOND,
      /** TELEGRAM_PAID_BROADCAST: every message carries allow_paid_broadcast (up to 1,000 a second, paid). */
      paidBroadcast: e.TELEGRAM_PAID_BROADCAST,
      port: e.PORT,
    },
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiRoot: e.DISCORD_API_ROOT,
      guildId: e.DISCORD_GUILD_ID,
      adminIds: e.DISCORD_ADMIN_IDS,
      adminRoleIds: e.DISCORD_ADMIN_ROLE_IDS,
      maxPerSecond: e.DISCORD_MAX_PER_SECOND,
      /** This process's gateway shard, when the bot runs as several (DISCORD_SHARD_ID of DISCORD_SHARD_COUNT). */
      shard: e.DISCORD_SHARD_COUNT > 0 ? { id: e.DISCORD_SHARD_ID, count: e.DISCORD_SHARD_COUNT } : undefined,
    },
    delivery: {
      concurrency: e.DELIVERY_CONCURRENCY,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      leaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
      pollMs: e.DELIVERY_POLL_MS,
      retentionDays: e.DELIVERY_RETENTION_DAYS,
    },
    /** The HTTP ingest API, /healthz and /metrics; off unless HTTP_PORT is set. */
    http: {
      port: e.HTTP_PORT,
      /** Bearer token for POST /api/articles; always set when `port` is. */
      ingestToken: e.INGEST_TOKEN,
      /** WEB_URL: where browsers reach this server (sign-in links, Atom feeds); http://localhost:PORT when unset. */
      webUrl: e.WEB_URL ?? (e.HTTP_PORT === undefined ? undefined : `http://localhost:${e.HTTP_PORT}`),
      /** TRUSTED_PROXIES: reverse proxies in front, whose X-Forwarded-For names the client. */
      trustedProxies: e.TRUSTED_PROXIES,
    },
    /** Article sources fetched over the network: feeds and /post URL pages. */
    feeds: {
      pollCron: e.FEED_POLL_CRON,
      /** Whole request, headers and body, in ms. */
      timeoutMs: e.FEED_TIMEOUT_MS,
      /** Largest response body read, in bytes (after decompression). */
      maxBytes: e.FEED_MAX_BYTES,
    },
  };
});

export type Config = z.output<typeof ConfigSchema>;
export type DatabaseConfig = Config['database'];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const lines = issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  // A rule between variables is checked only once each is valid, and alone names its variable.
  const between = issues.some((issue) => issue.code === 'custom' && issue.params?.['between'] === true);
  throw new ConfigError(
    `Invalid configuration:\n${lines.join('\n')}${between ? '' : '\nSee .env.example for every variable and its meaning.'}`,
  );
}
