// Search engines whose documents carry user-named fields (Azure AI Search, Solr, Meilisearch,
// Typesense, Marqo, MongoDB): the chunk text is a well-known text field when there is one, else a
// multi-valued (Solr) text field, else the longest prose-like string. Shared by those readers.
import type { ScoreKind } from '../../../types';
import type { JsonContext, JsonPath } from '../../readerContract';
import { DEFAULT_TEXT_FIELDS, ID_FIELDS, isNonEmptyString, isObj, restOf, type Obj } from './fields';
import { recordText, warnNoText, type ChunkDraft } from './drafts';

/** Text fields beyond the default ones that search-engine indexes commonly use. */
export const DOC_TEXT_FIELDS: readonly string[] = [
  ...DEFAULT_TEXT_FIELDS, 'chunk_content', 'content_text', 'text_content', 'description', 'overview', 'summary', 'abstract',
];

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string') && v.some(isNonEmptyString);

/** Where the text of a document sits: a key, the text, and the path suffix of the text string (or list). */
export function docText(rec: Obj, skip: (key: string) => boolean = () => false): { key: string; value: string; suffix: JsonPath } | undefined {
  const fields = DOC_TEXT_FIELDS.filter((k) => !skip(k));
  const direct = recordText(rec, fields);
  if (direct) return { ...direct, suffix: [direct.key] };
  // Solr and Azure collections: multi-valued text fields are lists of strings.
  for (const key of fields) {
    const v = rec[key];
    if (isStringList(v)) return { key, value: v.join('\n'), suffix: v.length === 1 ? [key, 0] : [key] };
  }
  // User-named fields: the longest string that reads like prose (has a space), not an id or a URL.
  let best: { key: string; value: string } | undefined;
  for (const [key, v] of Object.entries(rec)) {
    if (skip(key) || ID_FIELDS.includes(key) || key.startsWith('_') || key.startsWith('@') || key.startsWith('$')) continue;
    if (!isNonEmptyString(v) || !/\s/.test(v.trim()) || /^[a-z]+:\/\/\S+$/i.test(v.trim())) continue;
    if (!best || v.length > best.value.length) best = { key, value: v };
  }
  return best ? { ...best, suffix: [best.key] } : undefined;
}

/** Vector fields have index-chosen names (`text_vector`, `contentVector`, `embedding_1536`): heavy, useless as metadata. */
function isVectorField(key: string, v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number')) return false;
  return /vector|embedding/i.test(key) || v.length >= 32;
}

/** A chunk from a search-engine document; `drop` keys (engine bookkeeping) stay out of the metadata. */
export function docDraft(
  ctx: JsonContext,
  o: { rec: Obj; recPath: JsonPath; itemPath: JsonPath; id?: string; score?: number; scoreKind: ScoreKind; extra?: Obj; drop?: (key: string) => boolean },
): ChunkDraft | undefined {
  const drop = o.drop ?? (() => false);
  const text = docText(o.rec, drop);
  if (!text) {
    warnNoText(ctx, o.recPath, DOC_TEXT_FIELDS);
    return undefined;
  }
  const rest = restOf(o.rec, [text.key, ...Object.keys(o.rec).filter((k) => drop(k) || isVectorField(k, o.rec[k]))]);
  const nested = isObj(rest.metadata) ? rest.metadata : undefined;
  if (nested) delete rest.metadata;
  return {
    id: o.id,
    text: text.value,
    textPath: [...o.recPath, ...text.suffix],
    itemPath: o.itemPath,
    score: o.score,
    scoreKind: o.score === undefined ? 'unknown' : o.scoreKind,
    metadata: { ...(o.extra ?? {}), ...rest, ...(nested ?? {}) },
  };
}

/** FNV-1a of a text, 6 hex digits: a short content tag that does not depend on position. */
function textTag(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

/**
 * Ids must tell chunks apart, and stay the same when the file is exported in reranked order and read
 * again. An id several chunks share (chunks of one file) gets a tag of each chunk's text: `file-abc~3f9a2c`.
 */
export function uniqueIds(drafts: ChunkDraft[]): ChunkDraft[] {
  const count = new Map<string, number>();
  for (const d of drafts) if (d.id !== undefined) count.set(d.id, (count.get(d.id) ?? 0) + 1);
  for (const d of drafts) if (d.id !== undefined && (count.get(d.id) ?? 0) > 1) d.id = `${d.id}~${textTag(d.text)}`;
  return drafts;
}
