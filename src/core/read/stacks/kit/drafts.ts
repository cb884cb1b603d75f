// Chunk drafts: what a reader found, before ranks, ids, sources and labels are settled by buildSet().
// Also the generic readers of chunk-like items and stored records that several stacks share.
import type { Chunk, Labels, RetrievalSet, ScoreKind } from '../../../types';
import type { JsonContext, JsonPath } from '../../readerContract';
import {
  DEFAULT_TEXT_FIELDS, describeValue, isNonEmptyString, isObj, pickId, pickRelevance, pickString, restOf, safe, type Obj,
} from './fields';
import type { ChunkDraft } from './chunkDraft';
import { kindFromOrder, pickScore } from './scores';

export type { ChunkDraft } from './chunkDraft';

export function warnNoText(ctx: JsonContext, at: JsonPath, looked: readonly string[]): void {
  ctx.report({
    severity: 'warning',
    message: `Chunk at ${ctx.describe(at)} has no text (looked for ${looked.slice(0, 8).join(', ')}); skipped.`,
    hint: 'Give every chunk a non-empty text field, or pick the text path yourself.',
    at,
  });
}

export interface SetInfo {
  query?: string;
  queryPath?: JsonPath;
  queryId?: string;
  labels?: Labels;
}

/** Settles ranks, ids, sources and labels. Explicit ranks win; otherwise the file's order counts. */
export function buildSet(format: string, drafts: ChunkDraft[], ctx: JsonContext, info: SetInfo = {}): RetrievalSet {
  const chunks: Chunk[] = [];
  const byChunkId: Record<string, number> = {};
  let hasJudgments = false;
  drafts.forEach((d, i) => {
    const originalRank = d.rank !== undefined && Number.isInteger(d.rank) && d.rank >= 1 ? d.rank : i + 1;
    const id = d.id ?? `#${originalRank}`;
    // A kind without a score means nothing; keep the pair consistent whatever the reader did.
    const scoreKind = d.score === undefined ? 'unknown' : d.scoreKind;
    const chunk: Chunk = { id, text: d.text, originalRank, scoreKind, metadata: d.metadata };
    if (d.score !== undefined) chunk.retrieverScore = d.score;
    const source = safe(() => ctx.rangeAt(d.textPath), undefined);
    if (source) chunk.source = source;
    if (d.itemPath) chunk.origin = { itemPath: d.itemPath };
    else if (d.columnPath) chunk.origin = { columnPath: d.columnPath, columnIndex: d.columnIndex };
    if (d.relevance !== undefined) {
      byChunkId[id] = d.relevance;
      hasJudgments = true;
    }
    chunks.push(chunk);
  });
  const set: RetrievalSet = { format, chunks };
  if (info.query !== undefined) set.query = info.query;
  if (info.queryId !== undefined) set.queryId = info.queryId;
  if (info.queryPath) {
    const qs = safe(() => ctx.rangeAt(info.queryPath!), undefined);
    if (qs) set.querySource = qs;
  }
  let labels: Labels | undefined = info.labels ? { ...info.labels } : undefined;
  if (hasJudgments) labels = { ...(labels ?? {}), byChunkId: { ...(labels?.byChunkId ?? {}), ...byChunkId } };
  if (labels && Object.keys(labels).length > 0) set.labels = labels;
  return set;
}


/** Reads a list of generic chunk-like items (strings or objects with text/id/score fields). */
export function draftsFromItems(
  items: unknown[],
  base: JsonPath,
  ctx: JsonContext,
  opts: { textFields?: readonly string[]; defaultKind?: ScoreKind } = {},
): ChunkDraft[] {
  const textFields = opts.textFields ?? DEFAULT_TEXT_FIELDS;
  const drafts: ChunkDraft[] = [];
  const rankScores: ChunkDraft[] = [];
  items.forEach((item, i) => {
    const at = [...base, i];
    if (typeof item === 'string') {
      if (item.trim() === '') {
        warnNoText(ctx, at, ['a non-empty string']);
        return;
      }
      drafts.push({ text: item, textPath: at, columnPath: base, columnIndex: i, scoreKind: 'unknown', metadata: {} });
      return;
    }
    if (!isObj(item)) {
      ctx.report({ severity: 'warning', message: `Item at ${ctx.describe(at)} is ${describeValue(item)}, not a chunk; skipped.`, at });
      return;
    }
    const text = pickString(item, textFields);
    if (!text) {
      warnNoText(ctx, at, textFields);
      return;
    }
    const id = pickId(item);
    const score = pickScore(item, at, ctx);
    let rank = typeof item.rank === 'number' ? item.rank : undefined;
    // A "rank" that is no position (-3.41: SQLite FTS5's bm25() `rank`, lower is better) is a score.
    const rankScore = !score && rank !== undefined && Number.isFinite(rank) && (!Number.isInteger(rank) || rank < 1) ? rank : undefined;
    if (rankScore !== undefined) rank = undefined;
    const rel = pickRelevance(item);
    const used = [text.key, id?.key, score?.key, rel?.key, rank !== undefined || rankScore !== undefined ? 'rank' : undefined].filter(
      (k): k is string => !!k,
    );
    // A nested `metadata` object (LangChain-style) is spread so its keys sit beside the others.
    const metadata = restOf(item, used);
    if (isObj(metadata.metadata)) {
      const nested = metadata.metadata;
      delete metadata.metadata;
      Object.assign(metadata, nested);
    }
    drafts.push({
      id: id?.value,
      text: text.value,
      textPath: [...at, text.key],
      itemPath: at,
      score: score?.score ?? rankScore,
      scoreKind: score?.score !== undefined ? score.kind : opts.defaultKind ?? 'unknown',
      metadata,
      rank,
      relevance: rel?.value,
    });
    if (rankScore !== undefined) rankScores.push(drafts[drafts.length - 1]);
  });
  if (rankScores.length > 0) {
    // Its kind from the order: rising down the list (FTS5's -3.4, -2.1, -1.3) means lower is better.
    const kind = kindFromOrder(rankScores.map((d) => d.score));
    for (const d of rankScores) d.scoreKind = kind;
    ctx.report({
      severity: 'info',
      message: `The "rank" of the items at ${ctx.describe(base)} holds scores, not positions (${rankScores[0].score}${rankScores.length > 1 ? `, ${rankScores[1].score}` : ''}...): read as the retriever score, ${kind === 'distance' ? 'lower is better (it rises down the list, as SQLite FTS5 bm25() ranks do)' : kind === 'similarity' ? 'higher is better (it falls down the list)' : 'kind unknown (the order does not say)'}.`,
      hint: 'If the list is not in retrieval order, give the kind yourself (CLI: --score-path with --score-kind).',
      at: base,
    });
  }
  return drafts;
}


/**
 * The text of a stored record (a Qdrant payload, Pinecone metadata, Milvus entity, ES _source...):
 * the first non-empty text field, else LlamaIndex's `_node_content` JSON (its `text`), which
 * LlamaIndex vector-store integrations write instead of a plain text field.
 */
export function recordText(rec: Obj, textFields: readonly string[]): { key: string; value: string } | undefined {
  const direct = pickString(rec, textFields);
  if (direct) return direct;
  if (typeof rec._node_content === 'string') {
    const parsed = safe(() => JSON.parse(rec._node_content as string) as unknown, undefined);
    if (isObj(parsed) && isNonEmptyString(parsed.text)) return { key: '_node_content', value: parsed.text };
  }
  return undefined;
}

/** A chunk from a stored record: text from `textFields`, the rest (LangChain's nested `metadata` spread) as metadata. */
export function recordDraft(
  ctx: JsonContext,
  o: {
    rec: Obj;
    recPath: JsonPath;
    itemPath: JsonPath;
    id?: string;
    score?: number;
    scoreKind: ScoreKind;
    extra?: Obj;
    textFields?: readonly string[];
    dropKeys?: readonly string[];
  },
): ChunkDraft | undefined {
  const fields = o.textFields ?? DEFAULT_TEXT_FIELDS;
  const text = recordText(o.rec, fields);
  if (!text) {
    warnNoText(ctx, o.recPath, fields);
    return undefined;
  }
  const rest = restOf(o.rec, [text.key, ...(o.dropKeys ?? [])]);
  const nested = isObj(rest.metadata) ? rest.metadata : undefined;
  if (nested) delete rest.metadata;
  const rel = pickRelevance(o.rec);
  return {
    id: o.id,
    text: text.value,
    textPath: [...o.recPath, text.key],
    itemPath: o.itemPath,
    score: o.score,
    scoreKind: o.score === undefined ? 'unknown' : o.scoreKind,
    metadata: { ...(o.extra ?? {}), ...rest, ...(nested ?? {}) },
    relevance: rel?.value,
  };
}

/** A recognised response with no results at all says so, rather than leaving the user guessing. */
export function warnIfEmpty(sets: RetrievalSet[], ctx: JsonContext, what: string, at: JsonPath): RetrievalSet[] {
  if (sets.every((s) => s.chunks.length === 0)) {
    ctx.report({
      severity: 'warning',
      message: `This ${what} holds no results (${ctx.describe(at)} is empty or has no readable chunks).`,
      hint: 'Check the search that produced it: filters, top_k, or the collection it ran on.',
      at,
    });
  }
  return sets;
}
