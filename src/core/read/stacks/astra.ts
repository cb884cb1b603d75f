// DataStax Astra DB Data API: `find` with a vector sort and includeSimilarity answers {data:
// {documents: [{_id, <fields>, $vector?, $vectorize?, $similarity}], nextPageState}}; astrapy's cursor
// gives the documents as a list. `$similarity` is higher-is-better (cosine, dot product or euclidean,
// all normalised). With vectorize, the embedded text is `$vectorize`.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, safe, share, warnIfEmpty, type ChunkDraft } from './kit';
import { docDraft } from './kit/docs';

const isAstraDoc = (v: unknown): boolean => isObj(v) && '$similarity' in v;

function docsOf(root: unknown): { list: unknown[]; base: JsonPath } | undefined {
  if (Array.isArray(root)) return root.length > 0 && share(root, isAstraDoc) >= 0.8 ? { list: root, base: [] } : undefined;
  if (isObj(root) && isObj(root.data) && Array.isArray(root.data.documents)) {
    const d = root.data.documents;
    if (d.length === 0 ? 'nextPageState' in root.data : share(d, isAstraDoc) >= 0.8) return { list: d, base: ['data', 'documents'] };
  }
  return undefined;
}

export const astraReader: JsonStackReader = {
  id: 'astra-db-find',
  label: 'Astra DB vector find results',
  detect: (root) => safe(() => (docsOf(root) ? 0.88 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = docsOf(root);
    if (!found) return [];
    const drafts: ChunkDraft[] = [];
    found.list.forEach((doc, i) => {
      const at = [...found.base, i];
      if (!isObj(doc)) return;
      const score = readScore(doc.$similarity, [...at, '$similarity'], ctx);
      const vectorize = isNonEmptyString(doc.$vectorize);
      const d = docDraft(ctx, {
        rec: vectorize ? { ...doc, content: doc.$vectorize } : doc,
        recPath: at,
        itemPath: at,
        id: idOf(doc._id),
        score,
        scoreKind: 'similarity',
        drop: (k) => k === '_id' || k.startsWith('$'),
      });
      // The text of $vectorize sits at that key in the file.
      if (d && vectorize && d.textPath[d.textPath.length - 1] === 'content' && doc.content === undefined) d.textPath = [...at, '$vectorize'];
      if (d) drafts.push(d);
    });
    return warnIfEmpty([buildSet('astra-db-find', drafts, ctx)], ctx, 'Astra DB response', found.base);
  },
};

export const astraReaders: JsonStackReader[] = [astraReader];
