/**
 * The bot under soak: the real `tagwire start` (bin/tagwire.js, the way
 * test/delivery/crash.test.ts and test/scale/processes.test.ts run it), one process at a
 * time, killed with SIGKILL and started again when the soak says so. Its log goes to a
 * file (LOG_FILE); its own stdout and stderr are kept for the report when it fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const BIN = new URL('../../bin/tagwire.js', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
/** Characters of a process's output kept for an error message. */
const OUTPUT_TAIL = 4000;

export interface BotRun {
  child: ChildProcess;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
}

export class BotProcess {
  private current: BotRun | null = null;
  /** Every process started, for the output of all of them. */
  readonly runs: BotRun[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  start(): BotRun {
    const child = spawn(process.execPath, [BIN, 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-OUTPUT_TAIL);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const run: BotRun = { child, exited, output: () => output };
    this.current = run;
    this.runs.push(run);
    return run;
  }

  get running(): BotRun | null {
    const run = this.current;
    return run && run.child.exitCode === null && run.child.signalCode === null ? run : null;
  }

  /** kill -9, and wait until it is gone. */
  async kill(): Promise<void> {
    const run = this.running;
    if (!run) throw new Error(`the bot is not running (output: ${this.output()})`);
    run.child.kill('SIGKILL');
    await run.exited;
  }

  /** SIGTERM, as an operator stops it; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const run = this.running;
    if (!run) return this.current ? this.current.child.exitCode : null;
    run.child.kill('SIGTERM');
    return run.exited;
  }

  /** Kills whatever still runs (after a failure). */
  abandon(): void {
    for (const run of this.runs)
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }

  output(): string {
    return this.current?.output() ?? '';
  }
}
