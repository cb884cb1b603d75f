// OpenAI retrieval. Vector store search (`POST /vector_stores/{id}/search`) answers
// {object: "vector_store.search_results.page", search_query, data: [{file_id, filename, score,
// attributes, content: [{type: "text", text}]}], has_more, next_page}. The Responses API's file_search
// tool leaves {type: "file_search_call", queries, results: [{file_id, filename, score, text,
// attributes}]} in `output` (results only with include=["file_search_call.results"]); the Assistants
// API's run steps hold tool_calls[].file_search.results[{file_id, file_name, score, content}]. Scores
// are relevance scores in 0..1, higher is better. Several chunks of one file share a file_id, so
// repeats get `~2`, `~3` suffixes.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, isNonEmptyString, isObj, readScore, restOf, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { uniqueIds } from './kit/docs';

const isTextPart = (p: unknown): boolean => isObj(p) && typeof p.text === 'string';
const isStoreResult = (v: unknown): boolean => isObj(v) && typeof v.file_id === 'string' && 'score' in v && Array.isArray(v.content);
const isToolResult = (v: unknown): boolean => isObj(v) && typeof v.file_id === 'string' && 'score' in v;

/** A result with its text: vector store search (`content` parts) or file_search (`text`). */
const isTextResult = (v: unknown): boolean => isToolResult(v) && (typeof (v as Obj).text === 'string' || (Array.isArray((v as Obj).content) && ((v as Obj).content as unknown[]).some(isTextPart)));

function storePage(root: unknown): unknown[] | undefined {
  // The page's `data` (or a file_search call's `results`) saved on its own.
  if (Array.isArray(root)) return root.length > 0 && share(root, isTextResult) >= 0.8 && share(root, (v) => isObj(v) && 'filename' in v || isObj(v) && 'file_name' in v) >= 0.8 ? root : undefined;
  if (!isObj(root) || !Array.isArray(root.data)) return undefined;
  if (root.object === 'vector_store.search_results.page') return root.data;
  return root.data.length > 0 && share(root.data, isStoreResult) >= 0.8 ? root.data : undefined;
}

/** A result's text: `text` (Responses API) or its content parts (vector store search, run steps). */
function resultText(r: Obj, at: JsonPath): { text: string; path: JsonPath } | undefined {
  if (isNonEmptyString(r.text)) return { text: r.text, path: [...at, 'text'] };
  if (!Array.isArray(r.content)) return undefined;
  const parts = r.content.map((p, i) => ({ p, i })).filter(({ p }) => isTextPart(p) && isNonEmptyString((p as Obj).text));
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return { text: (parts[0].p as Obj).text as string, path: [...at, 'content', parts[0].i, 'text'] };
  return { text: parts.map(({ p }) => (p as Obj).text as string).join('\n'), path: [...at, 'content'] };
}

function readResults(list: unknown[], base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((r, i) => {
    const at = [...base, i];
    if (!isObj(r)) return;
    const t = resultText(r, at);
    if (!t) {
      ctx.report({
        severity: 'warning',
        message: `File search result at ${ctx.describe(at)} has no text; skipped.`,
        hint: 'Ask for the chunk texts: include=["file_search_call.results"] (Responses) or step_details.tool_calls[*].file_search.results[*].content (Assistants).',
        at,
      });
      return;
    }
    const score = readScore(r.score, [...at, 'score'], ctx);
    const metadata: Obj = restOf(r, ['file_id', 'score', 'text', 'content', 'attributes']);
    if (isObj(r.attributes)) Object.assign(metadata, r.attributes);
    drafts.push({ id: r.file_id as string, text: t.text, textPath: t.path, itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata });
  });
  return uniqueIds(drafts);
}

export const openaiVectorStoreReader: JsonStackReader = {
  id: 'openai-vector-store-search',
  label: 'OpenAI vector store search results',
  detect: (root) => safe(() => (storePage(root) ? (isObj(root) && root.object === 'vector_store.search_results.page' ? 0.97 : 0.88) : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const list = storePage(root);
    if (!list) return [];
    if (Array.isArray(root)) return [buildSet('openai-vector-store-search', readResults(list, [], ctx), ctx)];
    if (!isObj(root)) return [];
    // search_query is the query as searched: a string, or the list of (rewritten) queries.
    const sq = root.search_query;
    let query: { value: string; path: JsonPath } | undefined;
    if (isNonEmptyString(sq)) query = { value: sq, path: ['search_query'] };
    else if (Array.isArray(sq) && isNonEmptyString(sq[0])) {
      query = { value: sq[0], path: ['search_query', 0] };
      if (sq.length > 1) ctx.report({ severity: 'info', message: `search_query holds ${sq.length} queries; the first is used.`, at: ['search_query'] });
    }
    return warnIfEmpty([buildSet('openai-vector-store-search', readResults(list, ['data'], ctx), ctx, { query: query?.value, queryPath: query?.path })], ctx, 'vector store search page', ['data']);
  },
};

interface ToolCall {
  results: unknown;
  resultsPath: JsonPath;
  queries: unknown;
  queriesPath: JsonPath;
  id?: string;
}

/** file_search calls in a Responses API response, its output list, or Assistants run steps. */
function fileSearchCalls(root: unknown): ToolCall[] | undefined {
  const calls: ToolCall[] = [];
  const fromOutput = (output: unknown[], base: JsonPath): void => {
    output.forEach((item, i) => {
      if (isObj(item) && item.type === 'file_search_call') {
        calls.push({ results: item.results ?? item.search_results, resultsPath: [...base, i, item.results === undefined && item.search_results !== undefined ? 'search_results' : 'results'], queries: item.queries, queriesPath: [...base, i, 'queries'], id: typeof item.id === 'string' ? item.id : undefined });
      }
    });
  };
  const fromStep = (step: unknown, base: JsonPath): void => {
    if (!isObj(step) || !isObj(step.step_details) || !Array.isArray(step.step_details.tool_calls)) return;
    step.step_details.tool_calls.forEach((tc, i) => {
      if (isObj(tc) && tc.type === 'file_search' && isObj(tc.file_search)) {
        const at = [...base, 'step_details', 'tool_calls', i, 'file_search'];
        calls.push({ results: tc.file_search.results, resultsPath: [...at, 'results'], queries: undefined, queriesPath: at, id: typeof tc.id === 'string' ? tc.id : undefined });
      }
    });
  };
  if (isObj(root) && Array.isArray(root.output)) fromOutput(root.output, ['output']);
  else if (Array.isArray(root)) fromOutput(root, []);
  else if (isObj(root) && root.type === 'file_search_call') fromOutput([root], []);
  if (isObj(root) && root.object === 'thread.run.step') fromStep(root, []);
  if (isObj(root) && root.object === 'list' && Array.isArray(root.data)) root.data.forEach((s, i) => fromStep(s, ['data', i]));
  if (Array.isArray(root) && calls.length === 0) root.forEach((s, i) => isObj(s) && s.object === 'thread.run.step' && fromStep(s, [i]));
  // A bare single call object sits at the root: paths must not start with index 0.
  if (isObj(root) && root.type === 'file_search_call') for (const c of calls) { c.resultsPath = c.resultsPath.slice(1); c.queriesPath = c.queriesPath.slice(1); }
  return calls.length > 0 ? calls : undefined;
}

export const openaiFileSearchReader: JsonStackReader = {
  id: 'openai-file-search',
  label: 'OpenAI file_search tool results',
  detect: (root) => safe(() => (fileSearchCalls(root) ? 0.95 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const calls = fileSearchCalls(root) ?? [];
    const sets: RetrievalSet[] = [];
    for (const call of calls) {
      if (!Array.isArray(call.results) || (call.results.length > 0 && share(call.results, isToolResult) < 0.8)) {
        ctx.report({
          severity: 'error',
          message: `The file_search call at ${ctx.describe(call.resultsPath.slice(0, -1))} has no results in this file, only that it ran.`,
          hint: 'Call the API with include=["file_search_call.results"] (Assistants: step_details.tool_calls[*].file_search.results[*].content) and save the response again.',
          at: call.resultsPath.slice(0, -1),
        });
        continue;
      }
      const q = Array.isArray(call.queries) && isNonEmptyString(call.queries[0]) ? { value: call.queries[0], path: [...call.queriesPath, 0] } : undefined;
      sets.push(buildSet('openai-file-search', readResults(call.results, call.resultsPath, ctx), ctx, { query: q?.value, queryPath: q?.path, queryId: calls.length > 1 ? call.id : undefined }));
    }
    return sets.length > 0 ? warnIfEmpty(sets, ctx, 'file_search result', calls[0].resultsPath) : sets;
  },
};

export const openaiReaders: JsonStackReader[] = [openaiVectorStoreReader, openaiFileSearchReader];
