import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { setLanguageAnalysis } from '../domain/tokenize.ts';
import { prepareLines, type ImportLine } from './import-prepare.ts';

/*
 * A worker thread of `tagwire import` (src/app/import-workers.ts): prepares the batches it
 * is sent (prepareLines) and sends each back, in the order received. Says "ready" once its
 * modules are loaded, so the importer never waits for it to start.
 */

export interface PrepareRequest {
  lines: ImportLine[];
  analyse: boolean;
  /** The importing thread's setting of the region's analysis (off only in `npm run eval`'s comparison). */
  languageAnalysis: boolean;
}

/**
 * The worker's niceness: it gives way to every other process on the machine (the bot
 * answering readers on the same database, first of all), and takes the cores they leave.
 * On Linux a thread has its own, so the importer's thread keeps its own.
 */
const WORKER_NICENESS = 19;
try {
  setPriority(WORKER_NICENESS);
} catch {
  // Not allowed here (some containers): the worker runs at the process's priority.
}

const port = parentPort;
if (port === null) throw new Error('src/app/import-worker.ts runs as a worker thread of an import');
port.on('message', (request: PrepareRequest) => {
  setLanguageAnalysis(request.languageAnalysis);
  port.postMessage({ batch: prepareLines(request.lines, request.analyse) });
});
port.postMessage({ ready: true });
