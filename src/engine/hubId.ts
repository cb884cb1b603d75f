// Hub ids and revisions are joined into cache paths (`<cacheDir>/<owner>/<name>/<file>`) and URLs, so
// they are checked where requests enter the engine (server.ts), whoever sent them: an id like
// `../victim` once made the engine read, trust and then delete files outside the cache. The rules are
// the hub's own (owner/name of word characters, dots and dashes, starting and ending with a letter or
// digit, no `..` or `--`), which also rules out absolute paths, backslashes and empty segments.

import { isAbsolute } from 'node:path';
import { fail, type EngineFailure } from './errors';
import type { ModelSpec } from './protocol';

const SEGMENT = /^[A-Za-z0-9_](?:[\w.-]{0,94}[A-Za-z0-9_])?$/;
const REVISION_SEGMENT = /^[\w][\w.-]{0,99}$/;

/** Why `id` is not a hub id (owner/name or name), or null when it is one. */
export function hubIdProblem(id: string): string | null {
  if (id.length > 200) return 'it is longer than 200 characters';
  const parts = id.split('/');
  if (parts.length > 2) return 'it has more than one "/" (a hub id is owner/name)';
  if (id.includes('..')) return 'it contains ".."';
  if (id.includes('--')) return 'it contains "--"';
  for (const p of parts) {
    if (!SEGMENT.test(p)) return p === '' ? 'it has an empty part' : `"${p}" has characters other than letters, digits, "_", "." and "-", or does not start and end with a letter or digit`;
  }
  return null;
}

/** Why `rev` is not a revision (branch, tag, commit or refs/pr/N), or null when it is one. */
export function revisionProblem(rev: string): string | null {
  if (rev.length > 200) return 'it is longer than 200 characters';
  if (rev.includes('..')) return 'it contains ".."';
  for (const p of rev.split('/')) if (!REVISION_SEGMENT.test(p)) return p === '' ? 'it has an empty part' : `"${p}" has characters other than letters, digits, "_", "." and "-"`;
  return null;
}

/** The checks on a spec's identity that must hold before any path or URL is built from it. */
export function specProblem(spec: ModelSpec): EngineFailure | null {
  if (!spec || typeof spec !== 'object' || typeof spec.model !== 'string' || spec.model.trim() === '') {
    return fail('bad-request', 'No model was given.', 'Set a hub id such as cross-encoder/ms-marco-MiniLM-L-6-v2 or a local folder.');
  }
  const shown = JSON.stringify(spec.model.slice(0, 120));
  if (!isAbsolute(spec.model)) {
    const why = hubIdProblem(spec.model);
    if (why) return fail('bad-request', `The model ${shown} is neither a hub id nor an absolute folder path: ${why}.`, 'Use a hub id like cross-encoder/ms-marco-MiniLM-L-6-v2 (owner/name), or the absolute path of a model folder.');
    if (typeof spec.cacheDir !== 'string' || !isAbsolute(spec.cacheDir)) return fail('bad-request', 'No absolute model cache folder was given.', 'The host must pass an absolute cacheDir.');
    if (spec.hubUrl !== undefined) {
      let ok = false;
      try {
        const u = new URL(spec.hubUrl);
        ok = u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        ok = false;
      }
      if (!ok) return fail('bad-request', `The hub URL ${JSON.stringify(String(spec.hubUrl).slice(0, 120))} is not an http(s) URL.`, 'Set the hub URL to https://huggingface.co/ or a mirror.');
    }
  }
  if (spec.revision !== undefined) {
    const why = typeof spec.revision === 'string' ? revisionProblem(spec.revision) : 'it is not text';
    if (why) return fail('bad-request', `The revision ${JSON.stringify(String(spec.revision).slice(0, 120))} of ${shown} is not valid: ${why}.`, 'Use a branch, tag or commit such as main.');
  }
  return null;
}
