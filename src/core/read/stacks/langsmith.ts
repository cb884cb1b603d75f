// LangSmith run exports: retriever runs ({id, name, run_type: "retriever", inputs: {query},
// outputs: {documents: [{page_content, metadata, type: "Document"}]}, ...}), alone, as a list (JSON or
// JSONL), under {runs: [...]}, or nested in a trace's `child_runs`. One set per retriever run.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, safe, type Obj } from './kit';
import { readLangchainDocuments } from './langchain';

const isRetrieverRun = (v: unknown): v is Obj =>
  isObj(v) && v.run_type === 'retriever' && (isObj(v.outputs) || v.outputs === null || v.outputs === undefined);

/** Retriever runs anywhere in the file (depth-first through child_runs), with their paths. */
function retrieverRuns(root: unknown, limit = Infinity): { run: Obj; path: JsonPath }[] {
  const out: { run: Obj; path: JsonPath }[] = [];
  const visit = (v: unknown, path: JsonPath, depth: number): void => {
    if (out.length >= limit || depth > 50) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, [...path, i], depth + 1));
      return;
    }
    if (!isObj(v)) return;
    if (isRetrieverRun(v)) out.push({ run: v, path });
    if (Array.isArray(v.child_runs)) visit(v.child_runs, [...path, 'child_runs'], depth + 1);
    if (path.length === 0 && Array.isArray(v.runs)) visit(v.runs, ['runs'], depth + 1);
  };
  visit(root, [], 0);
  return out;
}

function queryOf(inputs: unknown, base: JsonPath): { value: string; path: JsonPath } | undefined {
  if (!isObj(inputs)) return undefined;
  for (const k of ['query', 'input', 'question']) if (isNonEmptyString(inputs[k])) return { value: inputs[k] as string, path: [...base, k] };
  return undefined;
}

export const langsmithReader: JsonStackReader = {
  id: 'langsmith-retriever-runs',
  label: 'LangSmith retriever runs',
  // A prefix of a run list is enough to recognise it; detect() must stay cheap on big files.
  detect: (root) => safe(() => (retrieverRuns(Array.isArray(root) ? root.slice(0, 50) : root, 1).length > 0 ? 0.94 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    return retrieverRuns(root).map(({ run, path }) => {
      const outputs = isObj(run.outputs) ? run.outputs : {};
      const docs = Array.isArray(outputs.documents) ? outputs.documents : undefined;
      if (!docs) {
        ctx.report({
          severity: 'warning',
          message: `Retriever run at ${ctx.describe(path)} has no outputs.documents${run.error ? ` (it failed: ${String(run.error).slice(0, 120)})` : ''}.`,
          at: [...path, 'outputs'],
        });
      }
      const q = queryOf(run.inputs, [...path, 'inputs']);
      const set = buildSet('langsmith-retriever-runs', docs ? readLangchainDocuments(docs, [...path, 'outputs', 'documents'], ctx) : [], ctx, {
        query: q?.value,
        queryPath: q?.path,
        queryId: idOf(run.id),
      });
      if (typeof run.name === 'string') set.name = run.name;
      return set;
    });
  },
};

export const langsmithReaders: JsonStackReader[] = [langsmithReader];
