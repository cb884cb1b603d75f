// Host side of dist/readWorker.js (see worker.ts): read a file or a large text in a worker thread.
// Never rejects: a worker that cannot start, dies (out of memory) or answers garbage becomes a
// ReadResult with an error diagnostic, and the caller's event loop stays free while it reads.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ReadResult } from '../../core/types';
import { errorResult } from '../../core/read/result';
import type { ReadJob } from './worker';

/** Heap limit of a read worker: a file too large for it fails alone, not the extension host. */
const WORKER_HEAP_MB = 4096;

export function readOffThread(workerPath: string, job: ReadJob): Promise<ReadResult> {
  const label = job.opts.file ?? (job.kind === 'path' ? job.fsPath : 'the input');
  if (!existsSync(workerPath)) {
    return Promise.resolve(errorResult(`The reader (${workerPath}) is missing, so ${label} could not be read.`, 'Rebuild the extension (npm run build) or reinstall it.', label));
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
      void worker.terminate();
    };
    const worker = new Worker(workerPath, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.once('message', (m: { ok: boolean; result?: ReadResult; message?: string }) => {
      if (m && m.ok && m.result && Array.isArray(m.result.sets)) settle(m.result);
      else settle(errorResult(`Reading ${label} failed: ${m?.message ?? 'the reader gave no result'}.`, 'Please report this with the input that caused it.', label));
    });
    worker.once('error', (e) => {
      const oom = /memory|heap/i.test(e.message) || (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(
        oom
          ? errorResult(`${label} is too large to read: the reader ran out of memory (${WORKER_HEAP_MB} MB).`, 'Split the file, or select the part you want to rerank.', label)
          : errorResult(`Reading ${label} failed: ${e.message}.`, 'Please report this with the input that caused it.', label),
      );
    });
    worker.once('exit', (code) => settle(errorResult(`The reader stopped (exit code ${code}) before it finished ${label}.`, 'Try again; if it happens again, split the file.', label)));
    worker.postMessage(job);
  });
}
