// Apache Solr: the JSON response writer's {responseHeader: {status, QTime, params: {q, fl, ...}},
// response: {numFound, start, maxScore, docs: [...]}, highlighting: {<id>: {<field>: [snippets]}}}.
// `score` is in the docs only when fl asks for it; it is Lucene relevance (BM25, or the similarity of
// a {!knn} query): higher is better. Multi-valued text fields are lists of strings, joined.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

function docsOf(root: unknown): unknown[] | undefined {
  if (!isObj(root) || !isObj(root.response)) return undefined;
  const r = root.response;
  if (!Array.isArray(r.docs) || !('numFound' in r)) return undefined;
  return r.docs.length === 0 || share(r.docs, isObj) >= 0.8 ? r.docs : undefined;
}

/** The text of `q`, unless it is match-all or a local-params query such as {!knn f=vector}[...]. */
function solrQuery(root: Obj): string | undefined {
  const params = isObj(root.responseHeader) && isObj(root.responseHeader.params) ? root.responseHeader.params : undefined;
  const q = params?.q;
  if (!isNonEmptyString(q) || q.trim() === '*:*' || q.trim().startsWith('{!')) return undefined;
  return q;
}

export const solrReader: JsonStackReader = {
  id: 'solr-select',
  label: 'Apache Solr select response',
  detect: (root) => safe(() => (docsOf(root) ? (isObj(root) && 'responseHeader' in root ? 0.94 : 0.85) : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const docs = docsOf(root);
    if (!docs || !isObj(root)) return [];
    const highlighting = isObj(root.highlighting) ? root.highlighting : {};
    const drafts: ChunkDraft[] = [];
    docs.forEach((doc, i) => {
      const at = ['response', 'docs', i];
      if (!isObj(doc)) return;
      const id = idOf(doc.id);
      const extra: Obj = {};
      if (id !== undefined && isObj(highlighting[id])) extra.highlighting = highlighting[id];
      const d = docDraft(ctx, {
        rec: doc,
        recPath: at,
        itemPath: at,
        id,
        score: readScore(doc.score, [...at, 'score'], ctx),
        scoreKind: 'similarity',
        extra,
        drop: (k) => k === 'id' || k === 'score' || k === '_version_' || k === '_root_',
      });
      if (d) drafts.push(d);
    });
    const q = solrQuery(root);
    const set = buildSet('solr-select', drafts, ctx, { query: q, queryPath: q ? ['responseHeader', 'params', 'q'] : undefined });
    if (drafts.length > 0 && drafts.every((d) => d.score === undefined)) {
      ctx.report({ severity: 'info', message: 'The Solr docs carry no score; add score to fl (fl=*,score) to compare with the retriever\'s scores.', at: ['response', 'docs'] });
    }
    return warnIfEmpty([set], ctx, 'Solr response', ['response', 'docs']);
  },
};

export const solrReaders: JsonStackReader[] = [solrReader];
