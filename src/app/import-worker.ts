import { parentPort } from 'node:worker_threads';
import { prepareLines, type ImportLine } from './import-prepare.ts';

/*
 * A worker thread of `tagwire import` (src/app/import-workers.ts): prepares the batches it
 * is sent (prepareLines) and sends each back with its number. Says "ready" once its
 * modules are loaded, so the importer never waits for it to start.
 */

export interface PrepareRequest {
  id: number;
  lines: ImportLine[];
  analyse: boolean;
}

const port = parentPort;
if (port === null) throw new Error('src/app/import-worker.ts runs as a worker thread of an import');
port.on('message', (request: PrepareRequest) => {
  port.postMessage({ id: request.id, batch: prepareLines(request.lines, request.analyse) });
});
port.postMessage({ ready: true });
