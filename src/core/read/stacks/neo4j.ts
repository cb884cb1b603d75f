// Neo4j vector index queries: `CALL db.index.vector.queryNodes(...) YIELD node, score` saved as JSON.
// Neo4j Browser exports rows [{node: {identity, labels, properties, elementId}, score}]; the Python
// driver's record.data() gives [{node: {<properties>}, score}]; the HTTP transaction API answers
// {results: [{columns: ["node", "score"], data: [{row: [{<properties>}, score], meta}]}], errors}.
// Vector index scores are normalised similarities (cosine or euclidean), higher is better.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isObj, readScore, safe, share, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const NODE_KEYS = ['node', 'chunk', 'n', 'c', 'doc', 'document'];

const nodeKey = (row: Obj): string | undefined => NODE_KEYS.find((k) => isObj(row[k]));
const isRow = (v: unknown): boolean => isObj(v) && typeof v.score === 'number' && nodeKey(v) !== undefined && Object.keys(v).length <= 4;
const isBrowserNode = (v: unknown): v is Obj => isObj(v) && isObj(v.properties) && ('labels' in v || 'elementId' in v || 'identity' in v);

interface Row { node: Obj; nodePath: JsonPath; score: unknown; scorePath: JsonPath; itemPath: JsonPath }

function httpRows(root: unknown): Row[] | undefined {
  if (!isObj(root) || !Array.isArray(root.results) || !Array.isArray(root.errors) || root.results.length === 0) return undefined;
  const res = root.results[0];
  if (!isObj(res) || !Array.isArray(res.columns) || !Array.isArray(res.data)) return undefined;
  const ni = res.columns.findIndex((c) => typeof c === 'string' && NODE_KEYS.includes(c));
  const si = res.columns.indexOf('score');
  if (ni < 0 || si < 0) return undefined;
  return res.data.map((d, i) => {
    const row = isObj(d) && Array.isArray(d.row) ? d.row : [];
    return { node: isObj(row[ni]) ? (row[ni] as Obj) : {}, nodePath: ['results', 0, 'data', i, 'row', ni], score: row[si], scorePath: ['results', 0, 'data', i, 'row', si], itemPath: ['results', 0, 'data', i] };
  });
}

function rowsOf(root: unknown): Row[] | undefined {
  const http = httpRows(root);
  if (http) return http;
  if (!Array.isArray(root) || root.length === 0 || share(root, isRow) < 0.8) return undefined;
  return root.map((r, i) => {
    const row = isObj(r) ? r : {};
    const k = nodeKey(row) ?? 'node';
    return { node: isObj(row[k]) ? (row[k] as Obj) : {}, nodePath: [i, k], score: row.score, scorePath: [i, 'score'], itemPath: [i] };
  });
}

export const neo4jReader: JsonStackReader = {
  id: 'neo4j-vector-query',
  label: 'Neo4j vector index query results',
  detect: (root) =>
    safe(() => {
      if (httpRows(root)) return 0.9;
      const rows = rowsOf(root);
      if (!rows) return 0;
      return rows.some((r) => isBrowserNode(r.node)) || (Array.isArray(root) && isObj(root[0]) && 'node' in root[0]) ? 0.85 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const rows = rowsOf(root) ?? [];
    const drafts: ChunkDraft[] = [];
    for (const r of rows) {
      const browser = isBrowserNode(r.node);
      const props = browser ? (r.node.properties as Obj) : r.node;
      const extra: Obj = {};
      if (browser && Array.isArray(r.node.labels)) extra.labels = r.node.labels;
      const id = idOf(props.id) ?? (browser ? idOf(r.node.elementId) ?? idOf(r.node.identity) : undefined);
      const d = docDraft(ctx, {
        rec: props,
        recPath: browser ? [...r.nodePath, 'properties'] : r.nodePath,
        itemPath: r.itemPath,
        id,
        score: readScore(r.score, r.scorePath, ctx),
        scoreKind: 'similarity',
        extra,
        drop: (k) => k === 'id',
      });
      if (d) drafts.push(d);
    }
    return [buildSet('neo4j-vector-query', drafts, ctx)];
  },
};

export const neo4jReaders: JsonStackReader[] = [neo4jReader];
