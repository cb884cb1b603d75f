// turbopuffer queries. API v2 answers {rows: [{id, $dist, <attributes>}], billing, performance}; the
// v1 query API and older clients give [{id, dist, attributes: {...}, vector}]. `$dist`/`dist` is the
// vector distance for ANN queries (lower is better) but the BM25 score for rank_by BM25 (higher is
// better); results come best first, so scores falling down the list are read as BM25 similarities.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isObj, kindFromOrder, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const isV2Row = (v: unknown): boolean => isObj(v) && idOf(v.id) !== undefined && '$dist' in v;
const isV1Row = (v: unknown): boolean => isObj(v) && idOf(v.id) !== undefined && 'dist' in v && (isObj(v.attributes) || v.attributes === null);

function rowsOf(root: unknown): { list: unknown[]; base: JsonPath; v1: boolean } | undefined {
  if (isObj(root) && Array.isArray(root.rows)) {
    const rows = root.rows;
    if (rows.length === 0) return 'billing' in root || 'performance' in root ? { list: rows, base: ['rows'], v1: false } : undefined;
    return share(rows, isV2Row) >= 0.8 ? { list: rows, base: ['rows'], v1: false } : undefined;
  }
  if (Array.isArray(root) && root.length > 0 && share(root, isV1Row) >= 0.8) return { list: root, base: [], v1: true };
  return undefined;
}

export const turbopufferReader: JsonStackReader = {
  id: 'turbopuffer-query',
  label: 'turbopuffer query results',
  detect: (root) => safe(() => (rowsOf(root) ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = rowsOf(root);
    if (!r) return [];
    const distKey = r.v1 ? 'dist' : '$dist';
    const drafts: ChunkDraft[] = [];
    r.list.forEach((row, i) => {
      const at = [...r.base, i];
      if (!isObj(row)) return;
      const rec: Obj = r.v1 ? (isObj(row.attributes) ? row.attributes : {}) : row;
      const d = docDraft(ctx, {
        rec,
        recPath: r.v1 ? [...at, 'attributes'] : at,
        itemPath: at,
        id: idOf(row.id),
        score: readScore(row[distKey], [...at, distKey], ctx),
        scoreKind: 'distance',
        drop: (k) => k === 'id' || k === distKey,
      });
      if (d) drafts.push(d);
    });
    if (kindFromOrder(drafts.map((d) => d.score)) === 'similarity') {
      for (const d of drafts) if (d.score !== undefined) d.scoreKind = 'similarity';
      ctx.report({ severity: 'info', message: `Scores at ${ctx.describe(r.base)} fall down the list, so they are read as BM25 scores (higher is better), not distances.`, at: r.base });
    }
    return warnIfEmpty([buildSet('turbopuffer-query', drafts, ctx)], ctx, 'turbopuffer response', r.base);
  },
};

export const turbopufferReaders: JsonStackReader[] = [turbopufferReader];
