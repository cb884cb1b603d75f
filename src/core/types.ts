// The normalized shapes every reader produces and every later stage consumes.
// Pure types: no `vscode`, no Node APIs, so the CLI, the extension, the webview and tests share them.

/** What a retriever's original score means. The panel never shows a distance as "higher is better". */
export type ScoreKind = 'similarity' | 'distance' | 'unknown';

/** Where a chunk's text sits in its file or document. 0-based lines, 0-based UTF-16 columns
 *  (the same convention as vscode.Position), end exclusive; `offset`/`length` are UTF-16 offsets. */
export interface SourceRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  offset: number;
  length: number;
}

export interface Chunk {
  /** Stable id: the stack's own id when it has one, else `#<originalRank>`. */
  id: string;
  text: string;
  /** 1-based position in the retriever's order. */
  originalRank: number;
  retrieverScore?: number;
  scoreKind: ScoreKind;
  metadata: Record<string, unknown>;
  source?: SourceRange;
  /** Where the chunk sits in the parsed input, for export back into the input's own shape. */
  origin?: ChunkOrigin;
}

/** JSON path segments: keys and array indexes. */
export type JsonPathSegments = (string | number)[];

export interface ChunkOrigin {
  /** Path of the object that represents the chunk (export adds a `rerank` field to it). */
  itemPath?: JsonPathSegments;
  /** For column-shaped results (Chroma's parallel arrays, Ragas 0.1 columns): path of the list the
   *  chunk's text sits in and its index there; export writes a parallel `rerank` list beside it. */
  columnPath?: JsonPathSegments;
  columnIndex?: number;
  /** JSONL: 0-based line index of the row the chunk came from. */
  line?: number;
}

/** Relevance judgments, when the input carries them. */
export interface Labels {
  /** chunk id -> graded relevance (0 = judged not relevant; >0 relevant). */
  byChunkId?: Record<string, number>;
  /** Ragas-style reference contexts or answers: texts that a relevant chunk should match. */
  referenceContexts?: string[];
  groundTruth?: string;
}

export interface RetrievalSet {
  query?: string;
  queryId?: string;
  chunks: Chunk[];
  labels?: Labels;
  /** Id of the format that was read, e.g. 'langchain-documents', 'chroma-query'. */
  format: string;
  /** Range of the query text in its source, when it came from the input. */
  querySource?: SourceRange;
  /** What tells this set apart from the file's other sets when the query does not: a pipeline
   *  component ('retriever', 'ranker'), a span name, an Elasticsearch msearch response index. */
  name?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** Errors are values: a user-facing message, a hint saying what to do, and where. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  hint?: string;
  file?: string;
  /** 1-based line and column, as humans and terminals count. */
  line?: number;
  column?: number;
  /** JSON path like `$.hits.hits[3]._source.text`. */
  path?: string;
}

/** A guess at where texts live in a shape no reader recognised; the user picks one. */
export interface TextPathCandidate {
  /** Path with `[*]` for array elements, e.g. `$.results[*].payload.body`. */
  path: string;
  count: number;
  averageLength: number;
  example: string;
}

export interface ReadResult {
  sets: RetrievalSet[];
  diagnostics: Diagnostic[];
  /** Detected format id (also on each set). Undefined when nothing was recognised. */
  format?: string;
  /** Present when the shape was not recognised but texts were found at some paths. */
  candidates?: TextPathCandidate[];
}

/** Where the user told us texts live, for shapes no reader recognises (`--text-path` etc.). */
export interface PathOverrides {
  textPath?: string;
  queryPath?: string;
  idPath?: string;
  scorePath?: string;
  /** What the scores at scorePath mean, when the user says so (`--score-kind`, the picker); else guessed from the name. */
  scoreKind?: 'similarity' | 'distance';
}

// ---- scores and thresholds: spoken by core, engine, session, panel and webview alike ----

/** Per-pair facts the UI needs. `index` is the chunk's position in the request. */
export interface PairScore {
  index: number;
  /** Raw logit (of `scoreLabelIndex` for multi-label models). */
  score: number;
  /** sigmoid(score) for single-logit models; softmax probability of the score label otherwise. */
  probability: number;
  queryTokens: number;
  chunkTokens: number;
  /** True when the chunk lost tokens to longest-first truncation. */
  truncated: boolean;
  /** UTF-16 offset in the chunk text where the part the model never saw begins; null if not truncated. */
  truncatedAtChar: number | null;
  /** True when the score came from the LRU cache. */
  cached: boolean;
  /** Tokens of the query / chunk the model actually saw (queryTokens/chunkTokens count the whole text). */
  queryTokensKept?: number;
  chunkTokensKept?: number;
  /** True when the query itself lost tokens (query and chunk both longer than half the budget). */
  queryTruncated?: boolean;
  /** True when queryTokens / chunkTokens are lower bounds: a long text is tokenized only as far as can matter. */
  queryTokensAtLeast?: boolean;
  chunkTokensAtLeast?: boolean;
}

/** Which number a threshold or a display uses: the raw logit or the probability. */
export type ScoreSpace = 'logit' | 'probability';

export interface ThresholdSetting {
  space: ScoreSpace;
  /** null = no threshold. */
  value: number | null;
}
