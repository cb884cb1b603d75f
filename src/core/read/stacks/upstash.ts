// Upstash Vector REST `/query` and `/query-data`: {result: [{id, score, vector?, metadata?, data?}]}
// (a batch query answers {result: [[...], [...]]}). `data` holds the raw text when it was upserted
// with data; otherwise the text is looked for in metadata. Scores are normalised similarities, higher
// is better, whatever the index metric.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const isMatch = (v: unknown): boolean =>
  isObj(v) && idOf(v.id) !== undefined && typeof v.score === 'number' && ('data' in v || isObj(v.metadata)) && !('payload' in v) && !('values' in v);
const isMatchList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0 && share(v, isMatch) >= 0.8;

function rankings(root: unknown): { list: unknown[]; path: JsonPath }[] | undefined {
  if (!isObj(root)) return undefined;
  const r = root.result;
  if (isMatchList(r)) return [{ list: r, path: ['result'] }];
  if (Array.isArray(r) && r.length > 0 && r.every(isMatchList)) return r.map((x, i) => ({ list: x as unknown[], path: ['result', i] }));
  return undefined;
}

function readMatches(list: unknown[], base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((m, i) => {
    const at = [...base, i];
    if (!isObj(m)) return;
    const score = readScore(m.score, [...at, 'score'], ctx);
    const meta: Obj = isObj(m.metadata) ? m.metadata : {};
    if (isNonEmptyString(m.data)) {
      drafts.push({ id: idOf(m.id), text: m.data, textPath: [...at, 'data'], itemPath: at, score, scoreKind: 'similarity', metadata: { ...meta } });
      return;
    }
    const d = docDraft(ctx, { rec: meta, recPath: [...at, 'metadata'], itemPath: at, id: idOf(m.id), score, scoreKind: 'similarity' });
    if (d) drafts.push(d);
  });
  return drafts;
}

export const upstashReader: JsonStackReader = {
  id: 'upstash-vector-query',
  label: 'Upstash Vector query response',
  detect: (root) => safe(() => (rankings(root) ? 0.86 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = rankings(root) ?? [];
    return warnIfEmpty(
      r.map(({ list, path }) => buildSet('upstash-vector-query', readMatches(list, path, ctx), ctx, { queryId: r.length > 1 ? String(path[1]) : undefined })),
      ctx, 'Upstash response', ['result'],
    );
  },
};

export const upstashReaders: JsonStackReader[] = [upstashReader];
