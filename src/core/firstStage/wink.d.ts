// Types for the two wink packages the BM25 first stage uses (they ship none).
declare module 'wink-bm25-text-search' {
  interface Bm25Engine {
    defineConfig(cfg: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number }; ovFldNames?: string[] }): boolean;
    definePrepTasks(tasks: ((input: any) => any)[], field?: string): number;
    addDoc(doc: Record<string, string>, id: string): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): [string, number][];
    getTotalDocs(): number;
  }
  function bm25(): Bm25Engine;
  export = bm25;
}

declare module 'wink-nlp-utils' {
  const nlp: {
    string: { lowerCase(s: string): string; tokenize0(s: string): string[] };
    tokens: { removeWords(tokens: string[], stopWords?: unknown): string[]; stem(tokens: string[]): string[] };
  };
  export = nlp;
}
