/**
 * `npm run bench [-- NAME ...] [--json] [--quick]`: runs the named benchmarks (all by
 * default) and prints a table of figures, or one JSON object per figure with --json.
 * A benchmark is a file `bench/NAME.bench.ts` exporting `run(options): Promise<Figure[]>`.
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BenchOptions, Figure } from './figure.ts';
import { BenchUsageError, printFigures } from './figure.ts';

type Bench = { run(options: BenchOptions): Promise<Figure[]> };

/** Benchmarks by name, loaded only when run. */
const BENCHES: Record<string, () => Promise<Bench>> = Object.fromEntries(
  readdirSync(new URL('.', import.meta.url))
    .filter((file) => file.endsWith('.bench.ts'))
    .sort()
    .map((file) => [file.slice(0, -'.bench.ts'.length), () => import(`./${file}`) as Promise<Bench>]),
);

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        json: { type: 'boolean' },
        quick: { type: 'boolean' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: false,
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const names = parsed.positionals.length > 0 ? parsed.positionals : Object.keys(BENCHES);
  if (parsed.values.help) {
    process.stdout.write(
      `Usage: npm run bench [-- NAME ...] [--json] [--quick] [--db sqlite|postgres]\nBenchmarks: ${Object.keys(BENCHES).join(', ')}\n`,
    );
    return 0;
  }
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}\n`);
    return 2;
  }
  const options: BenchOptions = {
    quick: parsed.values.quick === true,
    json: parsed.values.json === true,
    db: typeof parsed.values.db === 'string' ? parsed.values.db : 'sqlite',
    args: process.argv.slice(2),
  };
  for (const name of names) {
    const load = BENCHES[name];
    if (!load) continue;
    try {
      printFigures(await (await load()).run(options), options.json);
    } catch (err) {
      if (!(err instanceof BenchUsageError)) throw err;
      process.stderr.write(`${name}: ${err.message}\n`);
      return 2;
    }
  }
  return 0;
}

process.exitCode = await main();
