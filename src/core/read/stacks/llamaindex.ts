// LlamaIndex: `NodeWithScore.to_dict()` / `model_dump()` lists
// ({node: {id_, text, metadata, class_name: "TextNode", start_char_idx, ...}, score, class_name: "NodeWithScore"})
// and `Response` objects ({response, source_nodes: [...], metadata}). Newer `Node` classes keep the
// text in `text_resource.text`. LlamaIndex scores follow "higher is better" (its similarity cutoffs
// drop nodes below the cutoff), so they are read as similarities.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import {
  buildSet, idOf, isNonEmptyString, isObj, pickRelevance, readScore, safe, share, warnNoText, type ChunkDraft, type Obj,
} from './kit';

function nodeText(node: Obj): { value: string; path: JsonPath } | undefined {
  if (isNonEmptyString(node.text)) return { value: node.text, path: ['text'] };
  const res = node.text_resource;
  if (isObj(res) && isNonEmptyString(res.text)) return { value: res.text, path: ['text_resource', 'text'] };
  return undefined;
}

function isNodeWithScore(v: unknown): boolean {
  if (!isObj(v) || !isObj(v.node)) return false;
  const node = v.node;
  return (
    'score' in v &&
    (typeof node.text === 'string' || isObj(node.text_resource)) &&
    (typeof node.id_ === 'string' || typeof node.node_id === 'string' || typeof node.class_name === 'string')
  );
}

function isResponse(v: unknown): v is Obj {
  return isObj(v) && Array.isArray(v.source_nodes) && (v.source_nodes.length === 0 || share(v.source_nodes, isNodeWithScore) >= 0.8);
}

/** The relationship key "1" is NodeRelationship.SOURCE: the document the node was cut from. */
function sourceDocId(node: Obj): string | undefined {
  const rel = node.relationships;
  if (!isObj(rel) || !isObj(rel['1'])) return undefined;
  return idOf(rel['1'].node_id);
}

function readNodes(list: unknown[], base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((item, i) => {
    const at = [...base, i];
    if (!isObj(item) || !isObj(item.node)) {
      ctx.report({ severity: 'warning', message: `Item at ${ctx.describe(at)} is not a NodeWithScore (no "node" object); skipped.`, at });
      return;
    }
    const node = item.node;
    const text = nodeText(node);
    if (!text) {
      warnNoText(ctx, [...at, 'node'], ['text', 'text_resource.text']);
      return;
    }
    const score = readScore(item.score, [...at, 'score'], ctx);
    const metadata: Obj = { ...(isObj(node.metadata) ? node.metadata : {}) };
    for (const k of ['class_name', 'start_char_idx', 'end_char_idx', 'mimetype']) {
      if (node[k] !== undefined && node[k] !== null) metadata[k] = node[k];
    }
    const docId = sourceDocId(node);
    if (docId) metadata.ref_doc_id = docId;
    drafts.push({
      id: idOf(node.id_) ?? idOf(node.node_id),
      text: text.value,
      textPath: [...at, 'node', ...text.path],
      itemPath: at,
      score,
      scoreKind: score === undefined ? 'unknown' : 'similarity',
      metadata,
      relevance: isObj(node.metadata) ? pickRelevance(node.metadata)?.value : undefined,
    });
  });
  return drafts;
}

function queryOf(root: Obj): { value: string; path: JsonPath } | undefined {
  for (const key of ['query', 'query_str']) {
    if (isNonEmptyString(root[key])) return { value: root[key] as string, path: [key] };
  }
  const qb = root.query_bundle;
  if (isObj(qb) && isNonEmptyString(qb.query_str)) return { value: qb.query_str, path: ['query_bundle', 'query_str'] };
  return undefined;
}

/** `nodes` ({query_bundle, nodes}) or LlamaCloud's pipeline retrieve answer ({retrieval_nodes, class_name: "RetrieveResults"}). */
function nodesKey(root: unknown): string | undefined {
  if (!isObj(root)) return undefined;
  return ['nodes', 'retrieval_nodes'].find((k) => Array.isArray(root[k]) && (root[k] as unknown[]).length > 0);
}

export const llamaindexNodesReader: JsonStackReader = {
  id: 'llamaindex-nodes',
  label: 'LlamaIndex NodeWithScore list',
  detect: (root) =>
    safe(() => {
      if (Array.isArray(root) && root.length > 0 && share(root, isNodeWithScore) >= 0.8) return 0.9;
      const key = nodesKey(root);
      if (key && isObj(root) && share(root[key] as unknown[], isNodeWithScore) >= 0.8) return 0.9;
      return 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (Array.isArray(root)) return [buildSet('llamaindex-nodes', readNodes(root, [], ctx), ctx)];
    const key = nodesKey(root);
    if (!key || !isObj(root)) return [];
    const q = queryOf(root);
    return [buildSet('llamaindex-nodes', readNodes(root[key] as unknown[], [key], ctx), ctx, { query: q?.value, queryPath: q?.path })];
  },
};

export const llamaindexResponseReader: JsonStackReader = {
  id: 'llamaindex-response',
  label: 'LlamaIndex Response.source_nodes',
  detect: (root) => safe(() => (isResponse(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!isResponse(root)) return [];
    const q = queryOf(root);
    return [
      buildSet('llamaindex-response', readNodes(root.source_nodes as unknown[], ['source_nodes'], ctx), ctx, {
        query: q?.value,
        queryPath: q?.path,
      }),
    ];
  },
};

export const llamaindexReaders: JsonStackReader[] = [llamaindexNodesReader, llamaindexResponseReader];
