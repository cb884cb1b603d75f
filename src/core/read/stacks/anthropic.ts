// Anthropic search result content blocks, the shape a RAG tool hands Claude for citable results:
// [{type: "search_result", source, title, content: [{type: "text", text}], citations?}], alone, as a
// tool_result's content, or in a message's content. There is no score: the order is the retriever's.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, isNonEmptyString, isObj, safe, sample, type ChunkDraft, type Obj } from './kit';
import { uniqueIds } from './kit/docs';

const isBlock = (v: unknown): v is Obj => isObj(v) && v.type === 'search_result' && Array.isArray(v.content);

/** Every search_result block with its path: at the root, in tool_result contents, in message contents. */
function blocks(root: unknown, quick = false): { block: Obj; path: JsonPath }[] {
  const out: { block: Obj; path: JsonPath }[] = [];
  const visit = (v: unknown, path: JsonPath, depth: number): void => {
    if (depth > 6) return;
    if (isBlock(v)) {
      out.push({ block: v, path });
      return;
    }
    // detect() looks at a prefix of each list only, to stay cheap on big files.
    if (Array.isArray(v)) (quick ? sample(v) : v).forEach((x, i) => visit(x, [...path, i], depth + 1));
    else if (isObj(v)) for (const k of ['content', 'messages']) if (Array.isArray(v[k])) visit(v[k], [...path, k], depth + 1);
  };
  visit(root, [], 0);
  return out;
}

export const anthropicSearchResultsReader: JsonStackReader = {
  id: 'anthropic-search-results',
  label: 'Anthropic search_result blocks',
  detect: (root) => safe(() => (blocks(root, true).length > 0 ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const drafts: ChunkDraft[] = [];
    for (const { block, path } of blocks(root)) {
      const parts = (block.content as unknown[]).map((p, i) => ({ p, i })).filter(({ p }) => isObj(p) && p.type === 'text' && isNonEmptyString(p.text));
      if (parts.length === 0) {
        ctx.report({ severity: 'warning', message: `search_result at ${ctx.describe(path)} has no text content; skipped.`, at: path });
        continue;
      }
      const text = parts.map(({ p }) => (p as Obj).text as string).join('\n');
      const textPath = parts.length === 1 ? [...path, 'content', parts[0].i, 'text'] : [...path, 'content'];
      const metadata: Obj = {};
      if (isNonEmptyString(block.title)) metadata.title = block.title;
      drafts.push({ id: isNonEmptyString(block.source) ? block.source : undefined, text, textPath, itemPath: path, scoreKind: 'unknown', metadata });
    }
    return [buildSet('anthropic-search-results', uniqueIds(drafts), ctx)];
  },
};

export const anthropicReaders: JsonStackReader[] = [anthropicSearchResultsReader];
