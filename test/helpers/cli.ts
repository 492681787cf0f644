import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = new URL('../../bin/tagwire.js', import.meta.url).pathname;
export const ROOT = new URL('../../', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A temporary folder with a database path in it; remove() when done. */
export function tempWorkspace(): { dir: string; dbUrl: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-test-'));
  return {
    dir,
    dbUrl: `sqlite:${join(dir, 'tagwire.db')}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment for a child tagwire: only what the test sets, plus PATH and HOME. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env };
}

/** Runs `tagwire ARGS` to completion with `input` on stdin. */
export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Starts `tagwire ARGS` and leaves it running; read its output through `output()`. */
export function startCli(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcessWithoutNullStreams; output(): string; errors(): string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return { child, output: () => stdout, errors: () => stderr };
}

/** In-memory standard streams for calling CLI functions in-process. */
export function captureIO(env: Record<string, string | undefined> = {}): {
  io: import('../../src/cli/common.ts').CliIO;
  out(): string;
  err(): string;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { io: { stdout, stderr, stdin: new PassThrough(), env }, out: () => out, err: () => err };
}
