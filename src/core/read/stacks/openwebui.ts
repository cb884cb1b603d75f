// Open WebUI chat exports and messages: an assistant message's `sources` (older: `citations`) hold
// what retrieval fed the model, per source: {source: {id, name, type}, document: [texts],
// metadata: [{...} per text], distances: [numbers per text]}. Found in chat exports
// ([{chat: {messages: [...], history: {messages: {...}}}}]), single chats or messages. One set per
// source, named by it; the query is the user message before. Depending on version and on whether a
// reranker ran, `distances` are vector distances or relevance scores, so the order decides the kind.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, isNonEmptyString, isObj, kindFromOrder, readScore, safe, sample, type ChunkDraft, type Obj } from './kit';

const isSource = (v: unknown): boolean => isObj(v) && Array.isArray(v.document) && v.document.length > 0 && v.document.every((d) => typeof d === 'string');

interface Found { source: Obj; path: JsonPath; query?: { value: string; path: JsonPath } }

function sources(root: unknown, quick: boolean): Found[] {
  const out: Found[] = [];
  const visit = (v: unknown, path: JsonPath, depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(v)) {
      // In a message list the query is the latest user message before the answer.
      let query: { value: string; path: JsonPath } | undefined;
      (quick ? sample(v) : v).forEach((m, i) => {
        if (isObj(m) && m.role === 'user' && isNonEmptyString(m.content)) query = { value: m.content, path: [...path, i, 'content'] };
        visitMessage(m, [...path, i], depth + 1, query);
      });
      return;
    }
    visitMessage(v, path, depth, undefined);
  };
  const visitMessage = (v: unknown, path: JsonPath, depth: number, query: Found['query']): void => {
    if (!isObj(v)) return;
    for (const key of ['sources', 'citations']) {
      const list = v[key];
      if (Array.isArray(list) && list.length > 0 && list.some(isSource)) {
        list.forEach((s, i) => isSource(s) && out.push({ source: s as Obj, path: [...path, key, i], query }));
        return;
      }
    }
    for (const key of ['chat', 'messages', 'history']) {
      const x = v[key];
      if (Array.isArray(x)) visit(x, [...path, key], depth + 1);
      else if (isObj(x)) {
        // history.messages is a map of id -> message; parents hold the question.
        if (key === 'messages') {
          for (const [id, m] of Object.entries(x)) {
            const parent = isObj(m) && typeof m.parentId === 'string' ? x[m.parentId] : undefined;
            const q = isObj(parent) && isNonEmptyString(parent.content) ? { value: parent.content, path: [...path, key, m && isObj(m) ? (m.parentId as string) : id, 'content'] } : undefined;
            visitMessage(m, [...path, key, id], depth + 1, q);
          }
        } else visitMessage(x, [...path, key], depth + 1, query);
      }
    }
  };
  visit(root, [], 0);
  return out;
}

export const openWebUiReader: JsonStackReader = {
  id: 'open-webui-sources',
  label: 'Open WebUI message sources',
  detect: (root) => safe(() => (sources(root, true).length > 0 ? 0.88 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    // The same message can appear in both chat.messages and chat.history: read each text once per path kind.
    const found = sources(root, false);
    const seen = new Set<string>();
    const sets: RetrievalSet[] = [];
    for (const f of found) {
      const docs = f.source.document as string[];
      const key = JSON.stringify([f.query?.value ?? '', docs]);
      if (seen.has(key)) continue;
      seen.add(key);
      const metas = Array.isArray(f.source.metadata) ? f.source.metadata : [];
      const dists = Array.isArray(f.source.distances) ? f.source.distances : [];
      const drafts: ChunkDraft[] = [];
      docs.forEach((text, i) => {
        const at = [...f.path, 'document', i];
        if (!isNonEmptyString(text)) {
          ctx.report({ severity: 'warning', message: `Source text at ${ctx.describe(at)} is empty; skipped.`, at });
          return;
        }
        const meta: Obj = isObj(metas[i]) ? { ...(metas[i] as Obj) } : {};
        const score = i < dists.length ? readScore(dists[i], [...f.path, 'distances', i], ctx) : undefined;
        drafts.push({ text, textPath: at, columnPath: [...f.path, 'document'], columnIndex: i, score, scoreKind: 'unknown', metadata: meta });
      });
      const kind = kindFromOrder(drafts.map((d) => d.score));
      for (const d of drafts) d.scoreKind = kind;
      if (kind === 'unknown' && drafts.filter((d) => d.score !== undefined).length > 1) {
        ctx.report({ severity: 'info', message: `Scores at ${ctx.describe([...f.path, 'distances'])} are not in order, so whether higher is better is unknown.`, at: [...f.path, 'distances'] });
      }
      const src = isObj(f.source.source) ? f.source.source : {};
      const set = buildSet('open-webui-sources', drafts, ctx, { query: f.query?.value, queryPath: f.query?.path });
      if (isNonEmptyString(src.name)) set.name = src.name;
      sets.push(set);
    }
    return sets;
  },
};

export const openWebUiReaders: JsonStackReader[] = [openWebUiReader];
