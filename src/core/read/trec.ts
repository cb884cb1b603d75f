// TREC run files: `qid Q0 docno rank score tag`, whitespace separated, one line per retrieved document.
// Lines need not be in rank order; each query's list is sorted by rank, then by score (higher first).
// A run holds ids only: the texts come from a BEIR corpus (see beir.ts).
import type { Diagnostic } from '../types';

export interface RunEntry {
  qid: string;
  docno: string;
  rank: number;
  score: number;
  tag: string;
  /** 0-based line in the run file. */
  line: number;
}

export interface TrecRun {
  byQuery: Map<string, RunEntry[]>;
  diagnostics: Diagnostic[];
  tags: string[];
}

const MAX_REPORTS = 10;
const isNum = (s: string | undefined): boolean => s !== undefined && s !== '' && Number.isFinite(Number(s));

function isRunLine(line: string): boolean {
  const f = line.trim().split(/\s+/);
  return f.length === 6 && isNum(f[3]) && isNum(f[4]);
}

/** A run: at least 90% of the first non-blank lines have 6 fields with numeric rank and score. */
export function looksLikeTrecRun(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/, 50).filter((l) => l.trim() !== '');
  return lines.length > 0 && lines.filter(isRunLine).length / lines.length >= 0.9;
}

export function parseTrecRun(text: string, file?: string): TrecRun {
  const out: TrecRun = { byQuery: new Map(), diagnostics: [], tags: [] };
  const tags = new Set<string>();
  let skipped = 0;
  text.split(/\r\n|\r|\n/).forEach((raw, l) => {
    if (raw.trim() === '') return;
    const f = raw.trim().split(/\s+/);
    if (f.length !== 6 || !isNum(f[3]) || !isNum(f[4])) {
      if (skipped++ < MAX_REPORTS) {
        const bad = f.length !== 6 ? -1 : !isNum(f[3]) ? 3 : 4;
        const column = bad < 0 ? 1 : raw.indexOf(f[bad], raw.indexOf(f[2]) + f[2].length) + 1;
        out.diagnostics.push({
          severity: 'warning',
          message: `Skipped line ${l + 1}${file ? ` of ${file}` : ''}: expected "qid Q0 docno rank score tag" (6 fields, numeric rank and score), ${bad < 0 ? `found ${f.length} field${f.length === 1 ? '' : 's'}` : `${bad === 3 ? 'rank' : 'score'} is "${f[bad]}"`}.`,
          file, line: l + 1, column,
        });
      }
      return;
    }
    const entry: RunEntry = { qid: f[0], docno: f[2], rank: Number(f[3]), score: Number(f[4]), tag: f[5], line: l };
    tags.add(entry.tag);
    const list = out.byQuery.get(entry.qid);
    if (list) list.push(entry);
    else out.byQuery.set(entry.qid, [entry]);
  });
  if (skipped > MAX_REPORTS) out.diagnostics.push({ severity: 'warning', message: `Skipped ${skipped} malformed run lines in all${file ? ` in ${file}` : ''}.`, file });
  for (const list of out.byQuery.values()) list.sort((a, b) => a.rank - b.rank || b.score - a.score);
  out.tags = [...tags];
  return out;
}
