// Pinecone Assistant's context API (`assistant.context(query=...)`): {snippets: [{type: "text",
// content, score, reference: {type, file: {id, name, metadata, ...}, pages}}], usage, id}. Scores are
// relevance, higher is better. Several snippets come from one file, so the file id gets a text tag.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { uniqueIds } from './kit/docs';

const isSnippet = (v: unknown): boolean => isObj(v) && typeof v.content === 'string' && 'score' in v && isObj(v.reference);

const snippetsOf = (root: unknown): unknown[] | undefined =>
  isObj(root) && Array.isArray(root.snippets) && (root.snippets.length === 0 ? 'usage' in root : share(root.snippets, isSnippet) >= 0.8) ? root.snippets : undefined;

export const pineconeAssistantReader: JsonStackReader = {
  id: 'pinecone-assistant-context',
  label: 'Pinecone Assistant context snippets',
  detect: (root) => safe(() => (snippetsOf(root) ? 0.93 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const list = snippetsOf(root);
    if (!list) return [];
    const drafts: ChunkDraft[] = [];
    list.forEach((s, i) => {
      const at = ['snippets', i];
      if (!isObj(s) || !isNonEmptyString(s.content)) {
        ctx.report({ severity: 'warning', message: `Snippet at ${ctx.describe(at)} has no content; skipped.`, at });
        return;
      }
      const ref = isObj(s.reference) ? s.reference : {};
      const file: Obj = isObj(ref.file) ? ref.file : {};
      const metadata: Obj = {};
      if (isNonEmptyString(file.name)) metadata.file = file.name;
      if (Array.isArray(ref.pages)) metadata.pages = ref.pages;
      if (isNonEmptyString(ref.type)) metadata.referenceType = ref.type;
      if (isObj(file.metadata)) Object.assign(metadata, file.metadata);
      const score = readScore(s.score, [...at, 'score'], ctx);
      drafts.push({ id: idOf(file.id) ?? idOf(file.name), text: s.content, textPath: [...at, 'content'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata });
    });
    return warnIfEmpty([buildSet('pinecone-assistant-context', uniqueIds(drafts), ctx)], ctx, 'Assistant context response', ['snippets']);
  },
};

export const pineconeAssistantReaders: JsonStackReader[] = [pineconeAssistantReader];
