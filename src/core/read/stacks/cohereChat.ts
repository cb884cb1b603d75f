// Cohere chat with documents (RAG). API v1 answers {text, generation_id, citations: [{start, end,
// text, document_ids}], documents: [{id, title?, snippet | text, url?}], search_queries?}: the
// documents the answer was grounded on, in order. API v2 answers {id, message: {content, citations:
// [{start, end, text, sources: [{type: "document", id, document: {id, text | snippet, title}}]}]}}:
// the cited documents, each once, in order of first citation. No scores in either.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, restOf, safe, share, type ChunkDraft, type Obj } from './kit';

const docText = (d: Obj): { key: string; value: string } | undefined =>
  ['text', 'snippet', 'content'].map((k) => ({ key: k, value: d[k] })).find((x): x is { key: string; value: string } => isNonEmptyString(x.value));

const isV1 = (root: unknown): root is Obj =>
  isObj(root) && typeof root.text === 'string' && Array.isArray(root.documents) && root.documents.length > 0 &&
  share(root.documents, (d) => isObj(d) && docText(d) !== undefined && 'id' in d) >= 0.8 && ('generation_id' in root || 'citations' in root || 'response_id' in root);

function v2Sources(root: unknown): { doc: Obj; path: JsonPath }[] | undefined {
  if (!isObj(root) || !isObj(root.message) || !Array.isArray(root.message.citations)) return undefined;
  const out: { doc: Obj; path: JsonPath }[] = [];
  const seen = new Set<string>();
  root.message.citations.forEach((c, ci) => {
    if (!isObj(c) || !Array.isArray(c.sources)) return;
    c.sources.forEach((s, si) => {
      if (!isObj(s) || s.type !== 'document' || !isObj(s.document) || !docText(s.document)) return;
      const id = idOf(s.id) ?? idOf(s.document.id) ?? docText(s.document)!.value;
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ doc: { ...s.document, id: idOf(s.document.id) ?? idOf(s.id) }, path: ['message', 'citations', ci, 'sources', si, 'document'] });
    });
  });
  return out.length > 0 ? out : undefined;
}

function draftOf(d: Obj, path: JsonPath, itemPath: JsonPath): ChunkDraft | undefined {
  const t = docText(d);
  if (!t) return undefined;
  return { id: idOf(d.id), text: t.value, textPath: [...path, t.key], itemPath, scoreKind: 'unknown', metadata: restOf(d, ['id', t.key]) };
}

export const cohereChatReader: JsonStackReader = {
  id: 'cohere-chat-documents',
  label: 'Cohere chat (RAG) documents',
  detect: (root) => safe(() => (isV1(root) || v2Sources(root) ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (isV1(root)) {
      const drafts = (root.documents as unknown[]).map((d, i) => (isObj(d) ? draftOf(d, ['documents', i], ['documents', i]) : undefined)).filter((d): d is ChunkDraft => d !== undefined);
      // v1 records the search queries it generated; the first stands for the question.
      const sq = Array.isArray(root.search_queries) && isObj(root.search_queries[0]) && isNonEmptyString(root.search_queries[0].text) ? root.search_queries[0].text : undefined;
      return [buildSet('cohere-chat-documents', drafts, ctx, { query: sq, queryPath: sq ? ['search_queries', 0, 'text'] : undefined })];
    }
    const drafts = (v2Sources(root) ?? []).map(({ doc, path }) => draftOf(doc, path, path.slice(0, -1))).filter((d): d is ChunkDraft => d !== undefined);
    return [buildSet('cohere-chat-documents', drafts, ctx)];
  },
};

export const cohereChatReaders: JsonStackReader[] = [cohereChatReader];
