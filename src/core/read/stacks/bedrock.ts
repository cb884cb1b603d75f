// Amazon Bedrock Knowledge Bases. `Retrieve` answers {retrievalResults: [{content: {text, type},
// location: {type, s3Location: {uri}, webLocation: {url}, ...}, score, metadata}], nextToken}; the
// score is a relevance score, higher is better. `RetrieveAndGenerate` answers {output: {text},
// citations: [{generatedResponsePart, retrievedReferences: [{content, location, metadata}]}]}: the
// references have no scores, and one chunk may back several citations, so each chunk is read once, in
// order of first citation. The chunk id is metadata["x-amz-bedrock-kb-chunk-id"] when present.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, isNonEmptyString, isObj, readScore, restOf, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { uniqueIds } from './kit/docs';

const CHUNK_ID_KEY = 'x-amz-bedrock-kb-chunk-id';

const isReference = (v: unknown): boolean => isObj(v) && isObj(v.content) && (isObj(v.location) || isObj(v.metadata) || 'score' in v);

/** The document a chunk came from, whatever the data source type. */
function locationOf(loc: unknown): string | undefined {
  if (!isObj(loc)) return undefined;
  for (const [k, v] of Object.entries(loc)) {
    if (k === 'type' || !isObj(v)) continue;
    for (const f of ['uri', 'url', 'id', 'query']) if (isNonEmptyString(v[f])) return v[f] as string;
  }
  return undefined;
}

function retrieveList(root: unknown): { list: unknown[]; base: JsonPath } | undefined {
  // response["retrievalResults"] saved on its own: a bare list of results with text content.
  if (Array.isArray(root)) {
    const textRef = (v: unknown): boolean => isReference(v) && isObj((v as Obj).content) && typeof ((v as Obj).content as Obj).text === 'string';
    return root.length > 0 && share(root, textRef) >= 0.8 ? { list: root, base: [] } : undefined;
  }
  if (!isObj(root)) return undefined;
  for (const key of ['retrievalResults', 'retrievedReferences']) {
    const v = root[key];
    if (Array.isArray(v) && (v.length === 0 || share(v, isReference) >= 0.8)) return { list: v, base: [key] };
  }
  return undefined;
}

const isCitation = (v: unknown): boolean => isObj(v) && Array.isArray(v.retrievedReferences);
const citationsOf = (root: unknown): unknown[] | undefined =>
  isObj(root) && Array.isArray(root.citations) && root.citations.length > 0 && share(root.citations, isCitation) >= 0.8 ? root.citations : undefined;

function referenceDraft(ref: unknown, at: JsonPath, ctx: JsonContext, withScore: boolean): ChunkDraft | undefined {
  if (!isObj(ref) || !isObj(ref.content)) return undefined;
  const content = ref.content;
  if (!isNonEmptyString(content.text)) {
    const type = typeof content.type === 'string' ? ` (content type ${content.type})` : '';
    ctx.report({ severity: 'warning', message: `Bedrock result at ${ctx.describe(at)} has no text${type}; skipped.`, hint: 'Only TEXT content can be reranked.', at });
    return undefined;
  }
  const meta = isObj(ref.metadata) ? ref.metadata : {};
  const metadata: Obj = {};
  const source = locationOf(ref.location);
  if (source) metadata.source = source;
  if (isObj(ref.location) && typeof ref.location.type === 'string') metadata.locationType = ref.location.type;
  Object.assign(metadata, restOf(meta, [CHUNK_ID_KEY]));
  const score = withScore ? readScore(ref.score, [...at, 'score'], ctx) : undefined;
  return {
    id: isNonEmptyString(meta[CHUNK_ID_KEY]) ? (meta[CHUNK_ID_KEY] as string) : undefined,
    text: content.text,
    textPath: [...at, 'content', 'text'],
    itemPath: at,
    score,
    scoreKind: score === undefined ? 'unknown' : 'similarity',
    metadata,
  };
}

/** The query, when the file kept the request beside the response: retrievalQuery.text, input.text, query. */
function bedrockQuery(root: unknown): { value: string; path: JsonPath } | undefined {
  if (!isObj(root)) return undefined;
  if (isObj(root.retrievalQuery) && isNonEmptyString(root.retrievalQuery.text)) return { value: root.retrievalQuery.text, path: ['retrievalQuery', 'text'] };
  if (isObj(root.input) && isNonEmptyString(root.input.text)) return { value: root.input.text, path: ['input', 'text'] };
  for (const k of ['query', 'question']) if (isNonEmptyString(root[k])) return { value: root[k] as string, path: [k] };
  return undefined;
}

export const bedrockRetrieveReader: JsonStackReader = {
  id: 'bedrock-kb-retrieve',
  label: 'Amazon Bedrock Knowledge Base Retrieve response',
  detect: (root) =>
    safe(() => {
      const r = retrieveList(root);
      if (!r) return 0;
      if (r.base.length === 0) return 0.88;
      return r.list.length > 0 || r.base[0] === 'retrievalResults' ? 0.95 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = retrieveList(root);
    if (!r) return [];
    const drafts = r.list.map((ref, i) => referenceDraft(ref, [...r.base, i], ctx, true)).filter((d): d is ChunkDraft => d !== undefined);
    const q = bedrockQuery(root);
    return warnIfEmpty([buildSet('bedrock-kb-retrieve', uniqueIds(drafts), ctx, { query: q?.value, queryPath: q?.path })], ctx, 'Bedrock Retrieve response', r.base);
  },
};

export const bedrockCitationsReader: JsonStackReader = {
  id: 'bedrock-kb-citations',
  label: 'Amazon Bedrock RetrieveAndGenerate citations',
  detect: (root) => safe(() => (citationsOf(root) ? 0.93 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const citations = citationsOf(root);
    if (!citations) return [];
    const drafts: ChunkDraft[] = [];
    const byKey = new Map<string, ChunkDraft>();
    citations.forEach((c, ci) => {
      if (!isObj(c) || !Array.isArray(c.retrievedReferences)) return;
      c.retrievedReferences.forEach((ref, ri) => {
        const d = referenceDraft(ref, ['citations', ci, 'retrievedReferences', ri], ctx, false);
        if (!d) return;
        // One chunk backing several citations is one chunk to rerank; note every citation it backs.
        const key = d.id ?? `${String(d.metadata.source ?? '')}\u0000${d.text}`;
        const seen = byKey.get(key);
        if (seen) {
          (seen.metadata.citations as number[]).push(ci);
          return;
        }
        d.metadata.citations = [ci];
        byKey.set(key, d);
        drafts.push(d);
      });
    });
    const q = bedrockQuery(root);
    return warnIfEmpty([buildSet('bedrock-kb-citations', drafts, ctx, { query: q?.value, queryPath: q?.path })], ctx, 'RetrieveAndGenerate response', ['citations']);
  },
};

// Bedrock Agents (InvokeAgent) traces: the orchestration trace holds invocationInput.
// knowledgeBaseLookupInput.text (the query the agent searched with) and then
// observation.knowledgeBaseLookupOutput.retrievedReferences (the chunks, without scores). Saved as a
// list of trace events or one trace; each lookup is a set, with the lookup input just before it.
interface Lookup { refs: unknown[]; path: JsonPath; query?: { value: string; path: JsonPath } }

function lookups(root: unknown, quick: boolean): Lookup[] {
  const out: Lookup[] = [];
  let lastQuery: { value: string; path: JsonPath } | undefined;
  const visit = (v: unknown, path: JsonPath, depth: number): void => {
    if (depth > 10) return;
    if (Array.isArray(v)) {
      // detect() walks a prefix of each list only.
      (quick ? v.slice(0, 50) : v).forEach((x, i) => visit(x, [...path, i], depth + 1));
      return;
    }
    if (!isObj(v)) return;
    const input = v.knowledgeBaseLookupInput;
    if (isObj(input) && isNonEmptyString(input.text)) lastQuery = { value: input.text, path: [...path, 'knowledgeBaseLookupInput', 'text'] };
    const output = v.knowledgeBaseLookupOutput;
    if (isObj(output) && Array.isArray(output.retrievedReferences)) {
      out.push({ refs: output.retrievedReferences, path: [...path, 'knowledgeBaseLookupOutput', 'retrievedReferences'], query: lastQuery });
      lastQuery = undefined;
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'knowledgeBaseLookupOutput' && (isObj(x) || Array.isArray(x))) visit(x, [...path, k], depth + 1);
  };
  visit(root, [], 0);
  return out;
}

export const bedrockAgentTraceReader: JsonStackReader = {
  id: 'bedrock-agent-kb-lookup',
  label: 'Amazon Bedrock Agent knowledge base lookups',
  // A bare Retrieve response is the Retrieve reader's; this one needs the agent trace around it.
  detect: (root) => safe(() => (!retrieveList(root) && !citationsOf(root) && lookups(root, true).some((l) => l.refs.length > 0) ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = lookups(root, false);
    return found.map((l, i) => {
      const drafts = l.refs.map((ref, j) => referenceDraft(ref, [...l.path, j], ctx, false)).filter((d): d is ChunkDraft => d !== undefined);
      return buildSet('bedrock-agent-kb-lookup', uniqueIds(drafts), ctx, { query: l.query?.value, queryPath: l.query?.path, queryId: found.length > 1 ? String(i) : undefined });
    });
  },
};

export const bedrockReaders: JsonStackReader[] = [bedrockRetrieveReader, bedrockCitationsReader, bedrockAgentTraceReader];
