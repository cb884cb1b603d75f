// Relevance judgments (qrels), shared by BEIR folders and TREC runs. Two layouts are read:
//   BEIR   `query-id \t corpus-id \t score`, usually with that header line;
//   TREC   `qid iter docno rel`, whitespace separated, no header (trec_eval's format).
import type { Diagnostic } from '../types';

export interface Qrels {
  /** query id -> (doc id -> graded relevance), both in file order. */
  byQuery: Map<string, Map<string, number>>;
  diagnostics: Diagnostic[];
  layout: 'beir' | 'trec';
}

const MAX_REPORTS = 10;

function fieldsOf(line: string): string[] {
  return line.includes('\t') ? line.split('\t').map((f) => f.trim()) : line.trim().split(/\s+/);
}

const isNum = (s: string | undefined): boolean => s !== undefined && s !== '' && Number.isFinite(Number(s));

/** Qrels shape: most lines have 3 fields with a numeric last (BEIR) or 4 with numeric 2nd and 4th (TREC). */
export function looksLikeQrels(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/, 50).filter((l) => l.trim() !== '');
  if (lines.length === 0) return false;
  const body = /query[-_ ]?id/i.test(lines[0]) ? lines.slice(1) : lines;
  if (body.length === 0) return false;
  const ok = body.filter((l) => {
    const f = fieldsOf(l);
    // BEIR ids have no spaces; a "query<TAB>passage<TAB>score" table is not qrels.
    return (f.length === 3 && l.includes('\t') && isNum(f[2]) && !/\s/.test(f[0]) && !/\s/.test(f[1])) || (f.length === 4 && isNum(f[1]) && isNum(f[3]));
  }).length;
  return ok / body.length >= 0.9;
}

export function parseQrels(text: string, file?: string): Qrels {
  const out: Qrels = { byQuery: new Map(), diagnostics: [], layout: 'beir' };
  const lines = text.split(/\r\n|\r|\n/);
  let reported = 0;
  let skipped = 0;
  let layout: 'beir' | 'trec' | undefined;
  let seenFirst = false;
  lines.forEach((raw, l) => {
    if (raw.trim() === '') return;
    const f = fieldsOf(raw);
    if (!seenFirst) {
      seenFirst = true;
      if (!isNum(f[f.length - 1])) return; // header line: "query-id corpus-id score"
    }
    layout ??= f.length === 4 ? 'trec' : 'beir';
    const want = layout === 'trec' ? 4 : 3;
    const [qid, doc, rel] = layout === 'trec' ? [f[0], f[2], f[3]] : [f[0], f[1], f[2]];
    if (f.length !== want || !isNum(rel)) {
      skipped++;
      if (reported++ < MAX_REPORTS) {
        out.diagnostics.push({
          severity: 'warning',
          message: `Skipped line ${l + 1}${file ? ` of ${file}` : ''}: expected ${layout === 'trec' ? '"qid iter docno relevance"' : '"query-id<TAB>corpus-id<TAB>score"'} with a numeric relevance, found ${f.length} field${f.length === 1 ? '' : 's'}.`,
          file, line: l + 1, column: 1,
        });
      }
      return;
    }
    let q = out.byQuery.get(qid);
    if (!q) out.byQuery.set(qid, (q = new Map()));
    q.set(doc, Number(rel));
  });
  if (skipped > MAX_REPORTS) {
    out.diagnostics.push({ severity: 'warning', message: `Skipped ${skipped} malformed qrels lines in all${file ? ` in ${file}` : ''}.`, file });
  }
  out.layout = layout ?? 'beir';
  return out;
}

/** Merges qrels of several files (later files add to earlier ones). */
export function mergeQrels(all: Qrels[]): Map<string, Map<string, number>> {
  const merged = new Map<string, Map<string, number>>();
  for (const q of all) {
    for (const [qid, docs] of q.byQuery) {
      const m = merged.get(qid) ?? new Map<string, number>();
      for (const [d, r] of docs) m.set(d, r);
      merged.set(qid, m);
    }
  }
  return merged;
}
