/** One measured number, printed as a table row or a JSON line. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  [detail: string]: string | number | boolean;
}

export interface BenchOptions {
  /** Smaller sizes for a quick run. */
  quick: boolean;
  json: boolean;
  /** Database engine: sqlite (default) or postgres. */
  db: string;
  /** The raw command-line arguments, for benchmark-specific flags. */
  args: string[];
}

/**
 * The archive sizes a benchmark of the archive runs at: `--size=N`, else 20k with
 * --quick, 100k and 1M with --full, 100k by default.
 */
export function archiveSizes(
  values: { size?: unknown; full?: unknown },
  options: Pick<BenchOptions, 'quick'>,
): number[] {
  if (typeof values.size === 'string') return [Number(values.size)];
  if (options.quick) return [20_000];
  return values.full ? [100_000, 1_000_000] : [100_000];
}

export function printFigures(figures: readonly Figure[], json: boolean): void {
  if (json) {
    for (const f of figures) process.stdout.write(`${JSON.stringify(f)}\n`);
    return;
  }
  for (const f of figures) {
    const { name, value, unit, ...rest } = f;
    const details = Object.entries(rest)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const shown = Number.isInteger(value)
      ? value.toLocaleString('en')
      : value.toLocaleString('en', { maximumFractionDigits: 3 });
    process.stdout.write(`${name.padEnd(40)} ${shown.padStart(14)} ${unit.padEnd(12)} ${details}\n`);
  }
}

/** Peak resident set size so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** A bad flag of a benchmark: the runner prints its message alone and exits with 2. */
export class BenchUsageError extends Error {}
