// Number and label formatting shared by the panel's views.
import type { ScoreKind } from '../src/core/types';
import type { PanelPhase, PanelStatus, ScoreSpace } from '../src/panel/protocol';
import type { PairScore } from '../src/engine/protocol';

export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p !== 0 && Math.abs(p) < 0.001) return p.toExponential(1);
  return p.toFixed(3);
}

export function formatLogit(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toFixed(2);
}

export function formatScore(score: PairScore, space: ScoreSpace): string {
  return space === 'logit' ? formatLogit(score.score) : formatProbability(score.probability);
}

/** A threshold value in its space, for inputs and labels. */
export function formatThreshold(v: number, space: ScoreSpace): string {
  return space === 'logit' ? v.toFixed(2) : v.toFixed(3);
}

export function formatRetrieverScore(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 0.001 || a >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** What the retriever's score means, so a distance is never read as "higher is better". */
export function scoreKindLabel(kind: ScoreKind): { name: string; direction: string } {
  switch (kind) {
    case 'similarity':
      return { name: 'similarity', direction: 'higher is better' };
    case 'distance':
      return { name: 'distance', direction: 'lower is better' };
    default:
      return { name: 'score', direction: 'meaning unknown' };
  }
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const PHASE_TEXT: Record<PanelPhase, string> = {
  idle: 'Ready',
  'loading-model': 'Loading model',
  downloading: 'Downloading model',
  scoring: 'Scoring',
  done: 'Done',
  cancelled: 'Cancelled',
  error: 'Error',
};

export function statusText(st: PanelStatus): string {
  const base = PHASE_TEXT[st.phase] ?? st.phase;
  if (st.phase === 'downloading') {
    const pct = st.percent !== undefined ? ` ${Math.round(st.percent)}%` : '';
    return `${base}${st.file ? ` ${st.file}` : ''}${pct}`;
  }
  if (st.phase === 'scoring') return `${base} ${st.done} / ${st.total} pairs`;
  if (st.phase === 'cancelled') return `${base} after ${st.done} / ${st.total} pairs`;
  return base;
}

export const isBusy = (phase: PanelPhase) => phase === 'loading-model' || phase === 'downloading' || phase === 'scoring';

/** "1 text", "3 texts": a count with its noun in the right number. */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}

/**
 * A chunk id as the panel shows it. Ids the reader made up from a position (`#10`) would read as a
 * rank next to "#1" and "was #10": they show as "item 10"; real ids show as they are. Ranks keep "#".
 */
export function displayId(id: string): string {
  const m = /^#(\d+)$/.exec(id);
  return m ? `item ${m[1]}` : id;
}

const FORMAT_WORDS: Record<string, string> = {
  json: 'JSON', jsonl: 'JSONL', tsv: 'TSV', csv: 'CSV', msmarco: 'MS MARCO', beir: 'BEIR', trec: 'TREC', qrels: 'qrels', langchain: 'LangChain',
  llamaindex: 'LlamaIndex', ragas: 'Ragas', openai: 'OpenAI', qdrant: 'Qdrant', chroma: 'Chroma', pinecone: 'Pinecone', weaviate: 'Weaviate',
  elasticsearch: 'Elasticsearch', opensearch: 'OpenSearch', cohere: 'Cohere', haystack: 'Haystack', vespa: 'Vespa', milvus: 'Milvus', solr: 'Solr',
  id: 'id', docs: 'documents', v0: 'v0',
};

/** A reader's format id (`selection-numbered`, `msmarco-tsv`) as words for the header tag. */
export function formatName(format: string): string {
  const selection = /^(selection|text)-(.+)$/.exec(format);
  if (selection) {
    const what: Record<string, string> = { numbered: 'numbered list', paragraphs: 'paragraphs', headers: 'headed chunks', bullets: 'bulleted list', separators: 'chunks between separators', single: 'one chunk' };
    const rest = what[selection[2]] ?? formatName(selection[2]);
    return selection[1] === 'selection' ? `${rest} (selection)` : rest;
  }
  const words = format.split(/[-_]/).filter(Boolean).map((w) => FORMAT_WORDS[w.toLowerCase()] ?? w);
  const out = words.join(' ');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** The q-quantile (0..1) of `values`, linear between neighbours; undefined for no values. */
export function quantile(values: readonly number[], q: number): number | undefined {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const at = Math.min(1, Math.max(0, q)) * (v.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return v[lo] + (v[hi] - v[lo]) * (at - lo);
}

/**
 * The token badge of a row: "5 + 120 tokens", or when the pair was cut, what the model saw of what
 * there was: "5 + 504 of 567 tokens" (a bare "5 + 567 tokens · truncated" read as more than the
 * 512-token maximum). A count marked at-least (a long text tokenized only as far as mattered) ends in +.
 */
export function tokenCountText(sc: Pick<PairScore, 'queryTokens' | 'chunkTokens' | 'truncated' | 'queryTokensKept' | 'chunkTokensKept' | 'queryTokensAtLeast' | 'chunkTokensAtLeast'>): string {
  const side = (total: number, kept: number | undefined, atLeast: boolean | undefined): string => {
    const all = `${total}${atLeast ? '+' : ''}`;
    return kept !== undefined && (kept < total || atLeast) ? `${kept} of ${all}` : all;
  };
  if (!sc.truncated) return `${sc.queryTokens} + ${sc.chunkTokens} tokens`;
  return `${side(sc.queryTokens, sc.queryTokensKept, sc.queryTokensAtLeast)} + ${side(sc.chunkTokens, sc.chunkTokensKept, sc.chunkTokensAtLeast)} tokens`;
}

