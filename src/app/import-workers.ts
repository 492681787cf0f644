import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { languageAnalysisOn } from '../domain/tokenize.ts';
import type { PrepareRequest } from './import-worker.ts';
import { prepareLines, type ImportLine, type PreparedBatch } from './import-prepare.ts';

/*
 * Worker threads that prepare an import's batches (src/app/import-prepare.ts: JSON,
 * checks, language, summary, the search index's analysis) while the importer's thread
 * writes the batch before: on a machine with two cores, one prepares and one writes.
 * Workers start on the first full batch and take batches once they have said they are
 * ready; meanwhile, and whenever every worker is busy, the importer prepares the batch
 * itself. A worker that fails (it cannot start, it dies) hands its batch back to the
 * importer's thread and takes no more: the outcome is the same either way.
 */

/** Worker threads for an import: a core is left for the writing thread (and the database). */
export function defaultImportThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Prepares batches in worker threads while they are free. */
export interface BatchPreparer {
  /** The batch prepared by a worker with room for it, or null when none has (prepare it in this thread). */
  dispatch(lines: ImportLine[]): Promise<PreparedBatch> | null;
  /** True when some worker has started and not failed: its room frees up as it answers. */
  working(): boolean;
  /** Stops the workers; batches being prepared are finished in this thread. */
  close(): Promise<void>;
}

interface Job {
  lines: ImportLine[];
  resolve: (batch: PreparedBatch) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  failed: boolean;
  /** Batches sent and not yet back, oldest first (a worker answers in order). */
  jobs: Job[];
}

/** Batches a worker holds at once: the one it prepares and the next, so it never waits for this thread. */
export const QUEUED_PER_WORKER = 2;

/**
 * A worker over src/app/import-worker: the compiled .js in a build; from the TypeScript
 * sources, the .ts through tsx (a development dependency, registered in the worker, as
 * bin/tagwire.js does for the main thread).
 */
function startWorker(): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(`./import-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);
  // The process's flags, but --input-type (node -e): it would make the worker's file an error.
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
  if (!fromSources) return new Worker(entry, { execArgv });
  // tsx's ES module API, where its package.json says it is (its CommonJS one cannot register hooks from a worker).
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const api = exports['./esm/api']?.import?.default;
  if (api === undefined) throw new Error('tsx has no ES module API');
  const apiUrl = pathToFileURL(join(dirname(manifest), api)).href;
  const boot = `import(${JSON.stringify(apiUrl)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, execArgv });
}

/** Up to `threads` workers preparing batches with (`analyse`) or without the search index's analysis. */
export function createBatchPreparer(threads: number, analyse: boolean): BatchPreparer {
  const slots: Slot[] = [];
  let started = false;
  let closed = false;

  const finishHere = (slot: Slot) => {
    for (const job of slot.jobs.splice(0)) job.resolve(prepareLines(job.lines, analyse));
  };
  const fail = (slot: Slot) => {
    if (slot.failed) return;
    slot.failed = true;
    finishHere(slot);
    void slot.worker.terminate();
  };
  const start = () => {
    started = true;
    for (let i = 0; i < threads; i++) {
      let worker: Worker;
      try {
        worker = startWorker();
      } catch {
        return; // no worker can start here (no build, no tsx): this thread prepares everything
      }
      const slot: Slot = { worker, ready: false, failed: false, jobs: [] };
      worker.unref();
      worker.on('message', (message: { ready: true } | { batch: PreparedBatch }) => {
        if ('ready' in message) {
          slot.ready = true;
          return;
        }
        const job = slot.jobs.shift();
        if (slot.jobs.length === 0) worker.unref();
        job?.resolve(message.batch);
      });
      worker.on('error', () => fail(slot));
      worker.on('exit', () => fail(slot));
      slots.push(slot);
    }
  };

  return {
    dispatch(lines) {
      if (closed || threads <= 0) return null;
      if (!started) start();
      const free = slots.filter((s) => s.ready && !s.failed && s.jobs.length < QUEUED_PER_WORKER);
      const slot = free.sort((a, b) => a.jobs.length - b.jobs.length)[0];
      if (!slot) return null;
      return new Promise<PreparedBatch>((resolve) => {
        slot.jobs.push({ lines, resolve });
        // A worker with a batch keeps the process alive until it answers.
        slot.worker.ref();
        const request: PrepareRequest = { lines, analyse, languageAnalysis: languageAnalysisOn() };
        slot.worker.postMessage(request);
      });
    },
    working: () => !closed && slots.some((s) => s.ready && !s.failed),
    async close() {
      closed = true;
      for (const slot of slots) {
        slot.failed = true;
        finishHere(slot);
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
