// Which scorers a Compare Scorers pick may hold: two or three scorers (the view has columns A, B, C),
// optionally with the retriever's order beside them. One rule for the palette's picker (which stays
// open and says what is wrong) and for command arguments.
export const RETRIEVER_SPEC = 'retriever';

/** Undefined when `specs` can be compared; else a sentence saying what to change. */
export function compareSelectionProblem(specs: readonly string[]): string | undefined {
  const real = specs.filter((s) => s !== RETRIEVER_SPEC).length;
  const retriever = specs.includes(RETRIEVER_SPEC) ? " and the retriever's order" : '';
  if (real > 3) return `${real} scorers picked${retriever}: the view compares at most three. Untick ${real - 3}.`;
  if (real < 1 || specs.length < 2) return `Pick two or three scorers (or one and the retriever's order); ${real} picked${retriever}.`;
  return undefined;
}

/** Which picks to tick at first: the configured local model in fp32 and q8, or, when a rerank server
 *  is configured, the local fp32 model and that server (the comparison someone with a server wants). */
export function initialComparePicks(choices: readonly string[], localFp32: string, localQ8: string, server: string): string[] {
  if (server && !server.startsWith('local:') && choices.includes(server)) return [localFp32, server];
  return [localFp32, localQ8];
}
