// Vespa query API responses: {root: {id: "toplevel", relevance, fields: {totalCount}, coverage,
// children: [{id: "id:ns:doctype::docid", relevance, source, fields: {sddocname, documentid, ...}}]}}.
// `relevance` is the rank profile's score: higher is better. `errors` under root are reported.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isObj, pickQuery, readScore, recordDraft, safe, share, type ChunkDraft, type Obj } from './kit';

const isChild = (v: unknown): boolean => isObj(v) && 'relevance' in v && (isObj(v.fields) || typeof v.id === 'string');

function children(root: unknown): unknown[] | undefined {
  if (!isObj(root) || !isObj(root.root)) return undefined;
  const c = root.root.children;
  if (Array.isArray(c) && c.length > 0 && share(c, isChild) >= 0.8) return c;
  if (c === undefined && ('coverage' in root.root || root.root.id === 'toplevel')) return [];
  return undefined;
}

export const vespaReader: JsonStackReader = {
  id: 'vespa-query',
  label: 'Vespa query response',
  detect: (root) => safe(() => (children(root) ? 0.93 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const list = children(root);
    if (!list || !isObj(root) || !isObj(root.root)) return [];
    const errs = root.root.errors;
    if (Array.isArray(errs) && errs.length > 0) {
      const e = errs[0];
      ctx.report({
        severity: 'warning',
        message: `Vespa reported errors: ${isObj(e) && typeof e.message === 'string' ? e.message : 'see root.errors'}.`,
        at: ['root', 'errors'],
      });
    }
    const drafts: ChunkDraft[] = [];
    list.forEach((c, i) => {
      const at: JsonPath = ['root', 'children', i];
      if (!isObj(c)) return;
      const fields = isObj(c.fields) ? c.fields : {};
      const extra: Obj = {};
      if (typeof c.source === 'string') extra.source = c.source;
      const d = recordDraft(ctx, {
        rec: fields,
        recPath: [...at, 'fields'],
        itemPath: at,
        id: idOf(fields.documentid) ?? idOf(c.id),
        score: readScore(c.relevance, [...at, 'relevance'], ctx),
        scoreKind: 'similarity',
        extra,
        dropKeys: ['documentid'],
      });
      if (d) drafts.push(d);
    });
    const q = pickQuery(root, ['query', 'yql_query', 'q']);
    return [buildSet('vespa-query', drafts, ctx, { query: q?.value, queryPath: q ? [q.key] : undefined })];
  },
};

export const vespaReaders: JsonStackReader[] = [vespaReader];
