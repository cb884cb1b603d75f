// Langfuse observations: retriever steps of traces, as the public API (`GET /api/public/observations`
// -> {data: [...], meta}; `GET /traces/{id}` -> {..., observations: [...]}) or a UI export (a list)
// gives them: {id, traceId, type: "RETRIEVER" | "SPAN", name, input, output, ...}. A retriever's
// output is its documents (LangChain {page_content, metadata}, or {documents: [...]}); its input the
// query (a string or {query|input|question}). One set per retriever observation, named by it.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import {
  buildSet, DEFAULT_TEXT_FIELDS, draftsFromItems, isNonEmptyString, isObj, pickQuery, pickScore, pickString, safe, sample, share, type Obj,
} from './kit';

const TEXT_FIELDS = ['page_content', 'pageContent', ...DEFAULT_TEXT_FIELDS];
const isDocLike = (v: unknown): boolean => isNonEmptyString(v) || (isObj(v) && pickString(v, TEXT_FIELDS) !== undefined);
const isObservation = (v: unknown): v is Obj => isObj(v) && ('traceId' in v || 'trace_id' in v) && typeof v.type === 'string' && 'output' in v;

/** The documents an observation returned, with their path below it. */
function docsOf(o: Obj): { list: unknown[]; sub: JsonPath } | undefined {
  const out = o.output;
  if (Array.isArray(out) && out.length > 0 && share(out, isDocLike) >= 0.8) return { list: out, sub: ['output'] };
  if (isObj(out)) for (const k of ['documents', 'output', 'nodes', 'context']) {
    const v = out[k];
    if (Array.isArray(v) && v.length > 0 && share(v, isDocLike) >= 0.8) return { list: v, sub: ['output', k] };
  }
  return undefined;
}

const isRetriever = (o: Obj): boolean =>
  docsOf(o) !== undefined && (String(o.type).toLowerCase() === 'retriever' || (typeof o.name === 'string' && /retriev|vector.?store|search/i.test(o.name)));

function observations(root: unknown, quick: boolean): { obs: Obj; path: JsonPath }[] {
  let list: unknown[] | undefined;
  let base: JsonPath = [];
  if (Array.isArray(root)) list = root;
  else if (isObj(root) && Array.isArray(root.data)) [list, base] = [root.data, ['data']];
  else if (isObj(root) && Array.isArray(root.observations)) [list, base] = [root.observations, ['observations']];
  else if (isObservation(root)) return isRetriever(root) ? [{ obs: root, path: [] }] : [];
  if (!list) return [];
  const out: { obs: Obj; path: JsonPath }[] = [];
  // Traces hold many observations; detect() looks at a prefix, read() at all of them.
  (quick ? sample(list, 200) : list).forEach((o, i) => {
    if (isObservation(o) && isRetriever(o)) out.push({ obs: o, path: [...base, i] });
  });
  return out;
}

function queryOf(o: Obj, path: JsonPath): { value: string; path: JsonPath } | undefined {
  if (isNonEmptyString(o.input)) return { value: o.input, path: [...path, 'input'] };
  if (isObj(o.input)) {
    const q = pickQuery(o.input, ['query', 'input', 'question', 'q']);
    if (q) return { value: q.value, path: [...path, 'input', q.key] };
  }
  return undefined;
}

export const langfuseReader: JsonStackReader = {
  id: 'langfuse-retriever-observations',
  label: 'Langfuse retriever observations',
  detect: (root) => safe(() => (observations(root, true).length > 0 ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = observations(root, false);
    return found.map(({ obs, path }) => {
      const docs = docsOf(obs)!;
      const base = [...path, ...docs.sub];
      const drafts = draftsFromItems(docs.list, base, ctx, { textFields: TEXT_FIELDS });
      // LangChain documents carry their score in metadata (relevance_score, score, _distance).
      drafts.forEach((d) => {
        if (d.score !== undefined || !d.itemPath) return;
        const item = docs.list[d.itemPath[d.itemPath.length - 1] as number];
        if (isObj(item) && isObj(item.metadata)) {
          const s = pickScore(item.metadata, [...d.itemPath, 'metadata'], ctx);
          if (s?.score !== undefined) {
            d.score = s.score;
            d.scoreKind = s.kind;
            delete d.metadata[s.key];
          }
        }
      });
      const q = queryOf(obs, path);
      const set = buildSet('langfuse-retriever-observations', drafts, ctx, { query: q?.value, queryPath: q?.path, queryId: found.length > 1 && typeof obs.id === 'string' ? obs.id : undefined });
      if (typeof obs.name === 'string') set.name = obs.name;
      return set;
    });
  },
};

export const langfuseReaders: JsonStackReader[] = [langfuseReader];
