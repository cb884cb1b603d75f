// Generic shapes no particular stack owns: a list of strings, a list of chunk objects, and
// `{query, documents|passages|contexts|chunks|results|hits}` rows (one object, an array, or JSONL).
// These score low in detect() so any specific stack shape wins over them.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonStackReader } from '../stack';
import {
  DEFAULT_TEXT_FIELDS, QUERY_FIELDS, QUERY_ID_FIELDS, buildSet, draftsFromItems, idOf, isNonEmptyString, isObj,
  pickQuery, pickString, safe, share, type Obj,
} from './common';

/** Keys under which a row lists its retrieved chunks. */
export const CHUNK_LIST_FIELDS: readonly string[] = [
  'documents', 'passages', 'contexts', 'chunks', 'results', 'hits', 'docs', 'retrieved', 'retrieved_documents',
  'retrieved_passages', 'candidates', 'sources',
];

function isChunkLike(v: unknown): boolean {
  return isNonEmptyString(v) || (isObj(v) && pickString(v, DEFAULT_TEXT_FIELDS) !== undefined);
}

function chunkListKey(row: Obj): string | undefined {
  for (const key of CHUNK_LIST_FIELDS) {
    const v = row[key];
    if (Array.isArray(v) && (v.length === 0 || share(v, isChunkLike) >= 0.8)) return key;
  }
  return undefined;
}

function isQueryRow(v: unknown): boolean {
  return isObj(v) && pickQuery(v) !== undefined && chunkListKey(v) !== undefined;
}

export const plainStringsReader: JsonStackReader = {
  id: 'plain-strings',
  label: 'List of chunk texts',
  detect: (root) => safe(() => (Array.isArray(root) && root.length > 0 && share(root, isNonEmptyString) === 1 ? 0.3 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!Array.isArray(root)) return [];
    return [buildSet('plain-strings', draftsFromItems(root, [], ctx), ctx)];
  },
};

export const plainChunksReader: JsonStackReader = {
  id: 'plain-chunks',
  label: 'List of chunk objects',
  detect: (root) =>
    safe(() => {
      if (!Array.isArray(root) || root.length === 0) return 0;
      const objs = share(root, (v) => isObj(v) && pickString(v, DEFAULT_TEXT_FIELDS) !== undefined);
      return objs >= 0.8 ? 0.3 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!Array.isArray(root)) return [];
    return [buildSet('plain-chunks', draftsFromItems(root, [], ctx), ctx)];
  },
};

export const plainQueryRowsReader: JsonStackReader = {
  id: 'plain-query-documents',
  label: 'Query with retrieved documents',
  detect: (root) =>
    safe(() => {
      if (isQueryRow(root)) return 0.45;
      if (Array.isArray(root) && root.length > 0 && share(root, isQueryRow) >= 0.8) return 0.45;
      return 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const rows: { row: unknown; index?: number }[] = Array.isArray(root)
      ? root.map((row, index) => ({ row, index }))
      : [{ row: root }];
    const sets: RetrievalSet[] = [];
    for (const { row, index } of rows) {
      const base = index === undefined ? [] : [index];
      if (!isObj(row)) {
        ctx.report({ severity: 'warning', message: `Row at ${ctx.describe(base)} is not an object; skipped.`, at: base });
        continue;
      }
      const listKey = chunkListKey(row);
      const query = pickQuery(row);
      if (!listKey) {
        ctx.report({
          severity: 'warning',
          message: `Row at ${ctx.describe(base)} has no list of chunks (looked for ${CHUNK_LIST_FIELDS.slice(0, 6).join(', ')}); skipped.`,
          at: base,
        });
        continue;
      }
      if (!query) {
        ctx.report({ severity: 'info', message: `Row at ${ctx.describe(base)} has no query (looked for ${QUERY_FIELDS.join(', ')}).`, at: base });
      }
      const drafts = draftsFromItems(row[listKey] as unknown[], [...base, listKey], ctx);
      let queryId: string | undefined;
      for (const k of [...QUERY_ID_FIELDS, 'id', '_id']) {
        queryId = idOf(row[k]);
        if (queryId !== undefined) break;
      }
      sets.push(
        buildSet('plain-query-documents', drafts, ctx, {
          query: query?.value,
          queryPath: query ? [...base, query.key] : undefined,
          queryId,
        }),
      );
    }
    return sets;
  },
};

export const plainReaders: JsonStackReader[] = [plainStringsReader, plainChunksReader, plainQueryRowsReader];
