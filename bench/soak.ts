/**
 * `npm run soak` (tsx bench/soak.ts): the real bot under a stream of posts, readers'
 * commands and button presses, 429 storms, 5xx, connection resets and two kill -9, on
 * SQLite and on PostgreSQL, against the Telegram Bot API emulator. Prints, per engine,
 * the messages expected and delivered, lost (must be 0), duplicates (at most the
 * in-flight window per kill), 429s in steady state (must be 0), the faults injected,
 * reply latency and duration; exits 1 when a run fails. What it does in detail:
 * bench/soak/run.ts and docs/delivery.md ("Soak").
 */
import { parseArgs } from 'node:util';
import { benchPostgresUrl } from './lib/postgres.ts';
import { type Engine } from './soak/database.ts';
import { formatResult, type SoakResult } from './soak/report.ts';
import { DEFAULT_SOAK, runSoak } from './soak/run.ts';

const USAGE = `Usage: tsx bench/soak.ts [--db sqlite|postgres|both] [--subscribers N] [--minutes M] [--seed S] [--json]

  --db           engines to soak, one after the other (default both; PostgreSQL from
                 BENCH_DATABASE_URL, else TEST_DATABASE_URL, else ${benchPostgresUrl()})
  --subscribers  subscriber chats loaded (default 50000; at least 100)
  --minutes      length of the stream of posts and faults per engine (default 2; the
                 drain after it adds about as much again at 50,000 subscribers)
  --seed         seed for the population, the posts and the faults (default 1)
  --json         print one JSON object instead of the report
`;

interface Cli {
  engines: Engine[];
  subscribers: number;
  minutes: number;
  seed: number;
  json: boolean;
}

function number(name: string, value: string | undefined, fallback: number, check: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Error(`--${name}: "${value}" is not valid`);
  return n;
}

function parse(argv: string[]): Cli | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      subscribers: { type: 'string' },
      minutes: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  const db = values.db ?? 'both';
  if (db !== 'sqlite' && db !== 'postgres' && db !== 'both')
    throw new Error(`--db: "${db}" is not one of sqlite, postgres, both`);
  return {
    engines: db === 'both' ? ['sqlite', 'postgres'] : [db],
    subscribers: number(
      'subscribers',
      values.subscribers,
      50_000,
      (n) => Number.isInteger(n) && n >= 100 && n <= 1_000_000,
    ),
    minutes: number('minutes', values.minutes, 2, (n) => n >= 0.25 && n <= 120),
    seed: number('seed', values.seed, 1, (n) => Number.isInteger(n) && n >= 0),
    json: values.json === true,
  };
}

async function main(): Promise<number> {
  let cli: Cli | 'help';
  try {
    cli = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (cli === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const results: SoakResult[] = [];
  for (const engine of cli.engines) {
    const result = await runSoak({
      ...DEFAULT_SOAK,
      engine,
      subscribers: cli.subscribers,
      streamMs: cli.minutes * 60_000,
      seed: cli.seed,
      log: (line) => process.stderr.write(`soak: ${line}\n`),
    });
    results.push(result);
    if (!cli.json) process.stdout.write(`${formatResult(result)}\n`);
  }
  const ok = results.every((r) => r.ok);
  if (cli.json) process.stdout.write(`${JSON.stringify({ ok, date: new Date().toISOString(), runs: results })}\n`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
