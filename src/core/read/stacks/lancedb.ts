// LanceDB search results as rows (`table.search(q).to_list()`, `to_pandas().to_json(orient="records")`,
// `to_arrow().to_pylist()`) or as columns (`to_pydict()`, `to_pandas().to_dict("list")`): the table's
// columns plus `_distance` (vector search: lower is better), `_score` (full-text BM25: higher is
// better) and `_relevance_score` (hybrid search or a reranker: higher is better, and the order of the
// results, so it wins when present). `_rowid` is the id when asked for (with_row_id=True).
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isObj, pickId, readScore, safe, share, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const SCORE_COLUMNS: { key: string; kind: ScoreKind }[] = [
  { key: '_relevance_score', kind: 'similarity' },
  { key: '_distance', kind: 'distance' },
  { key: '_score', kind: 'similarity' },
];

/** Rows of other stacks also carry `_score`/`_id` (Elasticsearch, Pinecone, Marqo): those are not LanceDB's. */
function isLanceRow(v: unknown): boolean {
  if (!isObj(v)) return false;
  if ('_relevance_score' in v || '_distance' in v || '_rowid' in v) return true;
  return '_score' in v && !('_id' in v || '_source' in v || '_index' in v || 'fields' in v);
}

function columnsOf(root: unknown): Obj | undefined {
  if (!isObj(root)) return undefined;
  const lists = Object.values(root).filter(Array.isArray);
  if (lists.length < 2 || lists.length !== Object.keys(root).length) return undefined;
  const n = lists[0].length;
  if (n === 0 || !lists.every((l) => l.length === n)) return undefined;
  return SCORE_COLUMNS.some(({ key }) => Array.isArray(root[key])) ? root : undefined;
}

/** The score column that gives the order: the first of _relevance_score, _distance, _score that the rows have. */
function scoreColumn(rows: Obj[]): { key: string; kind: ScoreKind } | undefined {
  return SCORE_COLUMNS.find(({ key }) => rows.some((r) => r[key] !== undefined && r[key] !== null));
}

function readRows(rows: unknown[], base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const objs = rows.filter(isObj);
  const col = scoreColumn(objs);
  const drafts: ChunkDraft[] = [];
  rows.forEach((row, i) => {
    const at = [...base, i];
    if (!isObj(row)) return;
    const id = pickId(row) ?? (idOf(row._rowid) !== undefined ? { key: '_rowid', value: idOf(row._rowid)! } : undefined);
    const d = docDraft(ctx, {
      rec: row,
      recPath: at,
      itemPath: at,
      id: id?.value,
      score: col ? readScore(row[col.key], [...at, col.key], ctx) : undefined,
      scoreKind: col?.kind ?? 'unknown',
      drop: (k) => k === id?.key || k === col?.key,
    });
    if (d) drafts.push(d);
  });
  return drafts;
}

export const lancedbReader: JsonStackReader = {
  id: 'lancedb-results',
  label: 'LanceDB search results',
  detect: (root) =>
    safe(() => {
      if (Array.isArray(root)) return root.length > 0 && share(root, isLanceRow) >= 0.8 ? 0.8 : 0;
      return columnsOf(root) ? 0.8 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (Array.isArray(root)) return [buildSet('lancedb-results', readRows(root, [], ctx), ctx)];
    const cols = columnsOf(root);
    if (!cols) return [];
    // Columns: each row is read from its cells, then addressed by column for sources and export.
    const keys = Object.keys(cols);
    const n = (cols[keys[0]] as unknown[]).length;
    const rows: Obj[] = Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, (cols[k] as unknown[])[i]])));
    const drafts = readRows(rows, [], ctx);
    for (const d of drafts) {
      const i = d.itemPath![0] as number;
      const key = d.textPath[1] as string;
      d.textPath = [key, i];
      d.itemPath = undefined;
      d.columnPath = [key];
      d.columnIndex = i;
    }
    return [buildSet('lancedb-results', drafts, ctx)];
  },
};

export const lancedbReaders: JsonStackReader[] = [lancedbReader];
