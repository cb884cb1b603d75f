// Amazon Kendra. The Retrieve API answers {QueryId, ResultItems: [{Id, DocumentId, DocumentTitle,
// Content, DocumentURI, DocumentAttributes, ScoreAttributes: {ScoreConfidence}}]}; the Query API
// {QueryId, ResultItems: [{Id, Type, DocumentId, DocumentTitle: {Text}, DocumentExcerpt: {Text},
// DocumentURI, ScoreAttributes}], TotalNumberOfResults}. Kendra gives no numeric score, only a
// confidence bucket (VERY_HIGH ... LOW), kept as metadata.scoreConfidence.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';

const textOf = (item: Obj): { text: string; path: string[] } | undefined => {
  if (isNonEmptyString(item.Content)) return { text: item.Content, path: ['Content'] };
  if (isObj(item.DocumentExcerpt) && isNonEmptyString(item.DocumentExcerpt.Text)) return { text: item.DocumentExcerpt.Text, path: ['DocumentExcerpt', 'Text'] };
  return undefined;
};
const isItem = (v: unknown): boolean => isObj(v) && typeof v.Id === 'string' && ('Content' in v || isObj(v.DocumentExcerpt));

const itemsOf = (root: unknown): unknown[] | undefined =>
  isObj(root) && Array.isArray(root.ResultItems) && (root.ResultItems.length === 0 ? 'QueryId' in root : share(root.ResultItems, isItem) >= 0.8) ? root.ResultItems : undefined;

/** DocumentAttributes [{Key, Value: {StringValue | LongValue | DateValue | StringListValue}}] -> a map. */
function attributes(v: unknown): Obj {
  const out: Obj = {};
  if (!Array.isArray(v)) return out;
  for (const a of v) {
    if (!isObj(a) || typeof a.Key !== 'string' || !isObj(a.Value)) continue;
    const val = Object.values(a.Value)[0];
    if (val !== undefined) out[a.Key] = val;
  }
  return out;
}

export const kendraReader: JsonStackReader = {
  id: 'kendra-results',
  label: 'Amazon Kendra Retrieve / Query response',
  detect: (root) => safe(() => (itemsOf(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const items = itemsOf(root);
    if (!items) return [];
    const drafts: ChunkDraft[] = [];
    items.forEach((it, i) => {
      const at: JsonPath = ['ResultItems', i];
      if (!isObj(it)) return;
      const t = textOf(it);
      if (!t) {
        ctx.report({ severity: 'warning', message: `Kendra result at ${ctx.describe(at)} has no Content or DocumentExcerpt text; skipped.`, at });
        return;
      }
      const metadata: Obj = {};
      const title = isNonEmptyString(it.DocumentTitle) ? it.DocumentTitle : isObj(it.DocumentTitle) && isNonEmptyString(it.DocumentTitle.Text) ? it.DocumentTitle.Text : undefined;
      if (title) metadata.title = title;
      if (isNonEmptyString(it.DocumentURI)) metadata.uri = it.DocumentURI;
      if (isNonEmptyString(it.DocumentId)) metadata.documentId = it.DocumentId;
      if (isNonEmptyString(it.Type)) metadata.type = it.Type;
      if (isObj(it.ScoreAttributes) && isNonEmptyString(it.ScoreAttributes.ScoreConfidence)) metadata.scoreConfidence = it.ScoreAttributes.ScoreConfidence;
      Object.assign(metadata, attributes(it.DocumentAttributes));
      drafts.push({ id: idOf(it.Id), text: t.text, textPath: [...at, ...t.path], itemPath: at, scoreKind: 'unknown', metadata });
    });
    return warnIfEmpty([buildSet('kendra-results', drafts, ctx)], ctx, 'Kendra response', ['ResultItems']);
  },
};

export const kendraReaders: JsonStackReader[] = [kendraReader];
