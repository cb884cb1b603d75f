// DeepEval test cases and goldens saved as JSON/JSONL (`EvaluationDataset.save_as`, Confident AI
// exports): [{input, actual_output, expected_output, context, retrieval_context, ...}], also
// camelCase (retrievalContext, expectedOutput). `retrieval_context` is what the retriever returned,
// in order, without scores; `context` (the ideal context) and `expected_output` become labels.
import type { Labels, RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, draftsFromItems, isNonEmptyString, isObj, safe, share, type Obj } from './kit';

const RETRIEVAL_KEYS = ['retrieval_context', 'retrievalContext'];
const CONTEXT_KEYS = ['context'];
const EXPECTED_KEYS = ['expected_output', 'expectedOutput'];

const retrievalKey = (row: Obj): string | undefined =>
  RETRIEVAL_KEYS.find((k) => Array.isArray(row[k]) && (row[k] as unknown[]).every((x) => typeof x === 'string'));
const isCase = (v: unknown): v is Obj => isObj(v) && isNonEmptyString(v.input) && retrievalKey(v) !== undefined;

function rowsOf(root: unknown): { row: unknown; base: JsonPath }[] | undefined {
  if (isCase(root)) return [{ row: root, base: [] }];
  if (Array.isArray(root) && root.length > 0 && share(root, isCase) >= 0.8) return root.map((row, i) => ({ row, base: [i] }));
  // Confident AI exports wrap them: {goldens: [...]} / {testCases: [...]}.
  if (isObj(root)) {
    for (const k of ['goldens', 'testCases', 'test_cases']) {
      const v = root[k];
      if (Array.isArray(v) && v.length > 0 && share(v, isCase) >= 0.8) return v.map((row, i) => ({ row, base: [k, i] }));
    }
  }
  return undefined;
}

function labelsOf(row: Obj): Labels | undefined {
  const labels: Labels = {};
  const expected = EXPECTED_KEYS.map((k) => row[k]).find(isNonEmptyString);
  if (expected) labels.groundTruth = expected;
  const ctx = CONTEXT_KEYS.map((k) => row[k]).find((v) => Array.isArray(v) && v.some(isNonEmptyString)) as unknown[] | undefined;
  if (ctx) labels.referenceContexts = ctx.filter(isNonEmptyString);
  return Object.keys(labels).length > 0 ? labels : undefined;
}

export const deepevalReader: JsonStackReader = {
  id: 'deepeval-test-cases',
  label: 'DeepEval test cases / goldens',
  detect: (root) => safe(() => (rowsOf(root) ? 0.85 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const rows = rowsOf(root) ?? [];
    const sets: RetrievalSet[] = [];
    for (const { row, base } of rows) {
      if (!isCase(row)) {
        ctx.report({ severity: 'warning', message: `Row at ${ctx.describe(base)} has no input with a retrieval_context list; skipped.`, at: base });
        continue;
      }
      const key = retrievalKey(row)!;
      const name = isNonEmptyString(row.name) ? row.name : undefined;
      const set = buildSet('deepeval-test-cases', draftsFromItems(row[key] as unknown[], [...base, key], ctx), ctx, {
        query: row.input as string,
        queryPath: [...base, 'input'],
        labels: labelsOf(row),
      });
      if (name) set.name = name;
      sets.push(set);
    }
    return sets;
  },
};

export const deepevalReaders: JsonStackReader[] = [deepevalReader];
