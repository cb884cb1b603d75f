// Entry of dist/readWorker.js: the reader run in a worker thread, so parsing a large results file
// (tens of MB of JSON take seconds) never blocks the extension host's event loop. One request per
// worker: the host starts it, posts one ReadJob, gets one ReadResult (plain data, structured-cloned).
import { parentPort } from 'node:worker_threads';
import { readText, type ReadOptions } from '../../core/read/index';
import { readPath } from './readPath';
import type { ReadResult } from '../../core/types';

/** Options that cross the thread boundary: everything but custom reader functions. */
export type WorkerReadOptions = Omit<ReadOptions, 'readers'>;

export type ReadJob = { kind: 'path'; fsPath: string; opts: WorkerReadOptions } | { kind: 'text'; text: string; opts: WorkerReadOptions };

async function run(job: ReadJob): Promise<ReadResult> {
  return job.kind === 'path' ? readPath(job.fsPath, job.opts) : readText(job.text, job.opts);
}

parentPort?.once('message', (job: ReadJob) => {
  run(job).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (e: unknown) => parentPort?.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) }),
  );
});
