// Azure OpenAI "On Your Data" chat completions: choices[].message.context = {citations: [{content,
// title, url, filepath, chunk_id}], intent: "[\"<search query>\", ...]" (a JSON string), and with
// include_contexts=["all_retrieved_documents"] `all_retrieved_documents: [{content, title, chunk_id,
// search_queries, data_source_index, original_search_score, rerank_score, filter_reason}]`. All
// retrieved documents are the retriever's list (rerank_score, else original_search_score: higher is
// better); citations alone are what the model cited, without scores.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, isNonEmptyString, isObj, readScore, restOf, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { uniqueIds } from './kit/docs';

const isDoc = (v: unknown): boolean => isObj(v) && typeof v.content === 'string' && ('chunk_id' in v || 'filepath' in v || 'title' in v);

interface Found { context: Obj; base: JsonPath }

/** The message contexts in a response (or a message, or the context itself). */
function contexts(root: unknown): Found[] | undefined {
  const ok = (c: unknown): c is Obj =>
    isObj(c) && ((Array.isArray(c.all_retrieved_documents) && share(c.all_retrieved_documents, isDoc) >= 0.8) || (Array.isArray(c.citations) && c.citations.length > 0 && share(c.citations, isDoc) >= 0.8));
  const out: Found[] = [];
  if (isObj(root) && Array.isArray(root.choices)) {
    root.choices.forEach((ch, i) => {
      if (isObj(ch) && isObj(ch.message) && ok(ch.message.context)) out.push({ context: ch.message.context, base: ['choices', i, 'message', 'context'] });
    });
  } else if (isObj(root) && ok(root.context)) out.push({ context: root.context, base: ['context'] });
  else if (ok(root) && 'intent' in root) out.push({ context: root, base: [] });
  return out.length > 0 ? out : undefined;
}

/** intent is a JSON-encoded list of the search queries the model generated; the first is the query. */
function intentQuery(intent: unknown): string | undefined {
  if (!isNonEmptyString(intent)) return undefined;
  const parsed = safe(() => JSON.parse(intent) as unknown, undefined);
  if (Array.isArray(parsed)) return parsed.find(isNonEmptyString);
  return intent;
}

export const azureOpenAiDataReader: JsonStackReader = {
  id: 'azure-openai-on-your-data',
  label: 'Azure OpenAI On Your Data citations',
  detect: (root) => safe(() => (contexts(root) ? 0.93 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = contexts(root) ?? [];
    const sets = found.map(({ context, base }) => {
      const all = Array.isArray(context.all_retrieved_documents) && context.all_retrieved_documents.length > 0;
      const key = all ? 'all_retrieved_documents' : 'citations';
      const list = context[key] as unknown[];
      const drafts: ChunkDraft[] = [];
      list.forEach((d, i) => {
        const at = [...base, key, i];
        if (!isObj(d)) return;
        if (!isNonEmptyString(d.content)) {
          ctx.report({ severity: 'warning', message: `Document at ${ctx.describe(at)} has no content; skipped.`, at });
          return;
        }
        const scoreKey = all ? (typeof d.rerank_score === 'number' ? 'rerank_score' : 'original_search_score') : undefined;
        const score = scoreKey ? readScore(d[scoreKey], [...at, scoreKey], ctx) : undefined;
        const metadata = restOf(d, ['content', 'chunk_id', ...(scoreKey ? [scoreKey] : [])]);
        for (const k of Object.keys(metadata)) if (metadata[k] === null) delete metadata[k];
        // chunk_id numbers chunks within one file: the file path (or title) makes it an id.
        const file = [d.filepath, d.url, d.title].find(isNonEmptyString);
        const id = d.chunk_id !== undefined && d.chunk_id !== null ? `${file ?? 'doc'}#${String(d.chunk_id)}` : undefined;
        drafts.push({ id, text: d.content, textPath: [...at, 'content'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata });
      });
      if (!all) {
        ctx.report({ severity: 'info', message: 'Only the cited documents are in this response, without scores; ask for include_contexts ["citations", "intent", "all_retrieved_documents"] to see everything retrieved.', at: [...base, 'citations'] });
      }
      return buildSet('azure-openai-on-your-data', uniqueIds(drafts), ctx, { query: intentQuery(context.intent) });
    });
    return warnIfEmpty(sets, ctx, 'On Your Data response', found[0]?.base ?? []);
  },
};

export const azureOpenAiReaders: JsonStackReader[] = [azureOpenAiDataReader];
