// Ragas evaluation datasets. 0.1 (HF Dataset columns): {question: [...], contexts: [[...]], answer: [...],
// ground_truth: [...] or ground_truths: [[...]]}, or the same as rows (JSON/JSONL). 0.2+
// (EvaluationDataset rows / to_jsonl): {user_input, retrieved_contexts, reference_contexts, response,
// reference}, also accepted as columns. One set per sample; contexts are plain strings, so chunks are
// addressed by column position. The reference answer and reference contexts become labels.
import type { Labels, RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, draftsFromItems, isNonEmptyString, isObj, safe, share, type Obj } from './kit';

interface Dialect {
  format: string;
  query: string;
  contexts: string;
  /** Fields holding the reference answer (string, or a list of strings in 0.1's ground_truths). */
  answers: string[];
  referenceContexts?: string;
}

const V02: Dialect = { format: 'ragas-v0.2', query: 'user_input', contexts: 'retrieved_contexts', answers: ['reference'], referenceContexts: 'reference_contexts' };
const V01: Dialect = { format: 'ragas-v0.1', query: 'question', contexts: 'contexts', answers: ['ground_truth', 'ground_truths'] };

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isRow(v: unknown, d: Dialect): boolean {
  return isObj(v) && typeof v[d.query] === 'string' && isStringList(v[d.contexts]);
}

function isColumns(v: unknown, d: Dialect): v is Obj {
  return (
    isObj(v) &&
    Array.isArray(v[d.query]) &&
    Array.isArray(v[d.contexts]) &&
    (v[d.query] as unknown[]).length === (v[d.contexts] as unknown[]).length &&
    (v[d.contexts] as unknown[]).length > 0 &&
    (v[d.contexts] as unknown[]).every(isStringList)
  );
}

/** A sample as field -> path of its value, whether the file stores rows or columns. */
type Sample = { get(field: string): { value: unknown; path: JsonPath } };

function samples(root: unknown, d: Dialect): Sample[] | undefined {
  const rowSample = (row: Obj, base: JsonPath): Sample => ({ get: (f) => ({ value: row[f], path: [...base, f] }) });
  if (isRow(root, d)) return [rowSample(root as Obj, [])];
  if (Array.isArray(root) && root.length > 0 && share(root, (r) => isRow(r, d)) >= 0.8) {
    return root.map((r, i) => rowSample(isObj(r) ? r : {}, [i]));
  }
  if (isColumns(root, d)) {
    const n = (root[d.query] as unknown[]).length;
    return Array.from({ length: n }, (_, i) => ({
      get: (f: string) => ({ value: Array.isArray(root[f]) ? (root[f] as unknown[])[i] : undefined, path: [f, i] }),
    }));
  }
  return undefined;
}

function labelsOf(s: Sample, d: Dialect): Labels | undefined {
  const labels: Labels = {};
  for (const f of d.answers) {
    const v = s.get(f).value;
    if (isNonEmptyString(v)) labels.groundTruth = v;
    else if (isStringList(v) && (v as string[]).length > 0) labels.groundTruth = (v as string[]).join('\n');
    if (labels.groundTruth) break;
  }
  if (d.referenceContexts) {
    const rc = s.get(d.referenceContexts).value;
    if (isStringList(rc) && (rc as string[]).length > 0) labels.referenceContexts = rc as string[];
  }
  return Object.keys(labels).length > 0 ? labels : undefined;
}

function makeReader(d: Dialect, label: string, score: number): JsonStackReader {
  return {
    id: d.format,
    label,
    detect: (root) => safe(() => (samples(root, d) ? score : 0), 0),
    read(root: unknown, ctx: JsonContext): RetrievalSet[] {
      const list = samples(root, d) ?? [];
      const sets: RetrievalSet[] = [];
      list.forEach((s) => {
        const q = s.get(d.query);
        const c = s.get(d.contexts);
        if (!isStringList(c.value)) {
          ctx.report({ severity: 'warning', message: `Sample at ${ctx.describe(c.path)} has no list of context strings; skipped.`, at: c.path });
          return;
        }
        const drafts = draftsFromItems(c.value as unknown[], c.path, ctx);
        const set = buildSet(d.format, drafts, ctx, {
          query: isNonEmptyString(q.value) ? q.value : undefined,
          queryPath: isNonEmptyString(q.value) ? q.path : undefined,
          labels: labelsOf(s, d),
        });
        sets.push(set);
      });
      return sets;
    },
  };
}

export const ragasV02Reader = makeReader(V02, 'Ragas 0.2+ evaluation dataset', 0.95);
export const ragasV01Reader = makeReader(V01, 'Ragas 0.1 evaluation dataset', 0.9);
export const ragasReaders: JsonStackReader[] = [ragasV02Reader, ragasV01Reader];
