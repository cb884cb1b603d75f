// MongoDB Atlas Vector Search / Atlas Search results: documents from a $vectorSearch (or $search)
// aggregation, with the score projected under a name the user chose ({$meta: "vectorSearchScore"} or
// "searchScore"; usually `score`), exported as Extended JSON (mongoexport, mongosh EJSON.stringify,
// bson json_util): `_id: {"$oid": ...}`, numbers possibly as {"$numberDouble": "0.93"}; or with
// json.dumps(default=str), which leaves the ObjectId's 24 hex digits. Scores are
// similarities normalised to 0..1, higher is better.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isObj, readScore, safe, share, SIMILARITY_FIELDS, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const SCORE_KEYS = [...SIMILARITY_FIELDS, 'vectorSearchScore', 'searchScore', 'vector_score', 'vs_score', 'search_score'];

/** Extended JSON ids: {$oid}, {$uuid}, {$binary}, or a plain value. */
function ejsonId(v: unknown): string | undefined {
  if (isObj(v)) {
    for (const k of ['$oid', '$uuid', '$numberLong', '$numberInt']) if (typeof v[k] === 'string') return v[k] as string;
    return undefined;
  }
  return idOf(v);
}

/** Extended JSON numbers: plain, or {$numberDouble|$numberDecimal|$numberInt|$numberLong: "..."}. */
function ejsonNumber(v: unknown): unknown {
  if (!isObj(v)) return v;
  for (const k of ['$numberDouble', '$numberDecimal', '$numberInt', '$numberLong']) if (typeof v[k] === 'string') return Number(v[k]);
  return v;
}

/** Extended JSON ids, or an ObjectId turned into its 24 hex digits (json.dumps(..., default=str)) beside a search score. */
const isMongoDoc = (v: unknown): boolean =>
  isObj(v) &&
  ((isObj(v._id) && ejsonId(v._id) !== undefined) ||
    (typeof v._id === 'string' && /^[0-9a-f]{24}$/.test(v._id) && ['score', 'searchScore', 'vectorSearchScore'].some((k) => k in v)));

export const mongodbReader: JsonStackReader = {
  id: 'mongodb-atlas-search',
  label: 'MongoDB Atlas Vector Search results',
  detect: (root) => safe(() => (Array.isArray(root) && root.length > 0 && share(root, isMongoDoc) >= 0.8 ? 0.8 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!Array.isArray(root)) return [];
    const drafts: ChunkDraft[] = [];
    root.forEach((doc, i) => {
      const at: JsonPath = [i];
      if (!isObj(doc)) return;
      const scoreKey = SCORE_KEYS.find((k) => doc[k] !== undefined && doc[k] !== null);
      const d = docDraft(ctx, {
        rec: doc,
        recPath: at,
        itemPath: at,
        id: ejsonId(doc._id),
        score: scoreKey ? readScore(ejsonNumber(doc[scoreKey]), [...at, scoreKey], ctx) : undefined,
        scoreKind: 'similarity',
        drop: (k) => k === '_id' || k === scoreKey,
      });
      if (d) drafts.push(d);
    });
    return [buildSet('mongodb-atlas-search', drafts, ctx)];
  },
};

export const mongodbReaders: JsonStackReader[] = [mongodbReader];
