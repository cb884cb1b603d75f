// Relevance labels ("qrels") in the three shapes users have: TREC qrels (`qid iter docno grade`), BEIR
// qrels TSV (`query-id<TAB>corpus-id<TAB>score`, header optional) and JSON `{query_id: {doc_id: grade}}`
// (pytrec_eval's and ir_measures' dict). Parsing never throws: every malformed line is a diagnostic
// with its 1-based line number and the rest loads; a file where (almost) nothing parses is reported as
// "not qrels". Lines starting with `#` are comments (our saved files state their id scheme there).
// The one qrels parser: BEIR folders and TREC runs (src/core/read/labels.ts) read their qrels here too.
// Writers produce TREC qrels (what trec_eval reads) and BEIR TSV. Pure.
import type { Diagnostic } from '../types';
import { trecSafeId } from './identity';

/** query id -> doc id -> grade, in file order. */
export type QrelsMap = Map<string, Map<string, number>>;

export type QrelsFormat = 'trec' | 'beir' | 'json';

export interface ParsedQrels {
  qrels: QrelsMap;
  format: QrelsFormat | null;
  diagnostics: Diagnostic[];
  /** Judgment lines read / lines that were not judgments (comments and the header not counted). */
  judgments: number;
  malformed: number;
  /** False when the text is not qrels at all (then `qrels` is empty and diagnostics say why). */
  ok: boolean;
}

const MAX_REPORTS = 20;
const isNum = (s: string | undefined): boolean => s !== undefined && s !== '' && Number.isFinite(Number(s));

function add(qrels: QrelsMap, q: string, d: string, g: number): void {
  let m = qrels.get(q);
  if (!m) qrels.set(q, (m = new Map()));
  m.set(d, g);
}

function parseJsonQrels(text: string, file: string | undefined, out: ParsedQrels): void {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    out.ok = false;
    out.diagnostics.push({ severity: 'error', message: `${file ?? 'The labels'} is not valid JSON: ${(e as Error).message}.`, hint: 'Labels as JSON are {"query_id": {"doc_id": grade}}.', file });
    return;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    out.ok = false;
    out.diagnostics.push({ severity: 'error', message: `${file ?? 'The labels'} is JSON but not a labels object.`, hint: 'Labels as JSON are {"query_id": {"doc_id": grade}}.', file });
    return;
  }
  out.format = 'json';
  for (const [q, docs] of Object.entries(v as Record<string, unknown>)) {
    if (typeof docs !== 'object' || docs === null || Array.isArray(docs)) {
      out.malformed++;
      if (out.malformed <= MAX_REPORTS) out.diagnostics.push({ severity: 'warning', message: `Query "${q}": expected an object of {doc_id: grade}; skipped.`, file, path: `$[${JSON.stringify(q)}]` });
      continue;
    }
    for (const [d, g] of Object.entries(docs as Record<string, unknown>)) {
      const grade = typeof g === 'number' ? g : typeof g === 'string' && isNum(g) ? Number(g) : NaN;
      if (!Number.isFinite(grade)) {
        out.malformed++;
        if (out.malformed <= MAX_REPORTS) out.diagnostics.push({ severity: 'warning', message: `Query "${q}", document "${d}": the grade ${JSON.stringify(g)} is not a number; skipped.`, file, path: `$[${JSON.stringify(q)}][${JSON.stringify(d)}]` });
        continue;
      }
      add(out.qrels, q, d, grade);
      out.judgments++;
    }
  }
}

function fields(line: string): string[] {
  return line.includes('\t') ? line.split('\t').map((f) => f.trim()) : line.trim().split(/\s+/);
}

/** Qrels shape (for routing a table file): most of the first lines have 3 tab-separated fields with
 *  space-free ids and a numeric last (BEIR), or 4 fields with numeric 2nd and 4th (TREC). */
export function looksLikeQrels(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/, 50).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length === 0) return false;
  const body = /query[-_ ]?id/i.test(lines[0]) ? lines.slice(1) : lines;
  if (body.length === 0) return false;
  const ok = body.filter((l) => {
    const f = fields(l);
    // BEIR ids have no spaces; a "query<TAB>passage<TAB>score" table is not qrels.
    return (f.length === 3 && l.includes('\t') && isNum(f[2]) && !/\s/.test(f[0]) && !/\s/.test(f[1])) || (f.length === 4 && isNum(f[1]) && isNum(f[3]));
  }).length;
  return ok / body.length >= 0.9;
}

export function parseQrelsText(text: string, file?: string): ParsedQrels {
  const out: ParsedQrels = { qrels: new Map(), format: null, diagnostics: [], judgments: 0, malformed: 0, ok: true };
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*[{[]/.test(body)) {
    parseJsonQrels(body, file, out);
    return finish(out, file);
  }
  const lines = body.split(/\r\n|\r|\n/);
  let format: 'trec' | 'beir' | null = null;
  let first = true;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const f = fields(line);
    if (first) {
      first = false;
      // A header line: BEIR's "query-id<TAB>corpus-id<TAB>score", or any names over 3 or 4 columns.
      if ((f.length === 3 || f.length === 4) && !isNum(f[f.length - 1]) && f.every((x) => /^[A-Za-z_][\w.-]*$/.test(x))) {
        if (f.length === 3) format = 'beir';
        return;
      }
    }
    format ??= f.length === 4 ? 'trec' : f.length === 3 ? 'beir' : null;
    const want = format === 'trec' ? 4 : 3;
    const grade = format === 'trec' ? f[3] : f[2];
    if (format === null || f.length !== want || !isNum(grade)) {
      out.malformed++;
      if (out.malformed <= MAX_REPORTS) {
        const shape = format === 'trec' ? '"qid iter docno grade"' : format === 'beir' ? '"query-id<TAB>corpus-id<TAB>score"' : 'a qrels line ("qid iter docno grade" or "query-id<TAB>corpus-id<TAB>score")';
        const why = format !== null && f.length === want ? `the grade "${grade}" is not a number` : `found ${f.length} field${f.length === 1 ? '' : 's'}`;
        out.diagnostics.push({ severity: 'warning', message: `Line ${i + 1}${file ? ` of ${file}` : ''}: expected ${shape}, ${why}; skipped.`, file, line: i + 1, column: 1 });
      }
      return;
    }
    if (format === 'trec') add(out.qrels, f[0], f[2], Number(f[3]));
    else add(out.qrels, f[0], f[1], Number(f[2]));
    out.judgments++;
  });
  out.format = format;
  return finish(out, file);
}

function finish(out: ParsedQrels, file: string | undefined): ParsedQrels {
  if (out.malformed > MAX_REPORTS) out.diagnostics.push({ severity: 'warning', message: `${out.malformed} lines${file ? ` of ${file}` : ''} were not judgments in all; skipped.`, file });
  // A file that is mostly not judgments is not qrels (a run, a corpus, a results file given by mistake).
  if (out.ok && (out.judgments === 0 || out.malformed > out.judgments)) {
    out.ok = false;
    out.qrels = new Map();
    out.diagnostics.unshift({
      severity: 'error',
      message: `${file ?? 'The labels'} is not a qrels file: ${out.judgments} of ${out.judgments + out.malformed} lines are judgments.`,
      hint: 'Give TREC qrels ("qid 0 docno grade" per line), BEIR qrels TSV ("query-id<TAB>corpus-id<TAB>score") or JSON {"query_id": {"doc_id": grade}}.',
      file,
    });
  }
  return out;
}

/** Sorted for stable files: queries and documents in natural order ("q2" before "q10"). */
const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function sortedEntries(qrels: QrelsMap): [string, [string, number][]][] {
  return [...qrels.keys()].sort(natural).map((q) => [q, [...qrels.get(q)!.entries()].sort((a, b) => natural(a[0], b[0]))]);
}

/** TREC qrels (`qid 0 docno grade`), readable by trec_eval; `comments` become leading `#` lines
 *  (trec_eval 10 skips them; leave them out for a file older versions will read). */
export function formatTrecQrels(qrels: QrelsMap, comments: readonly string[] = []): string {
  const lines = comments.map((c) => `# ${c.replace(/[\r\n]+/g, ' ')}`);
  for (const [q, docs] of sortedEntries(qrels)) for (const [d, g] of docs) lines.push(`${trecSafeId(q)} 0 ${trecSafeId(d)} ${g}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** BEIR qrels TSV with its header. */
export function formatBeirQrels(qrels: QrelsMap): string {
  const lines = ['query-id\tcorpus-id\tscore'];
  for (const [q, docs] of sortedEntries(qrels)) for (const [d, g] of docs) lines.push(`${trecSafeId(q)}\t${trecSafeId(d)}\t${g}`);
  return `${lines.join('\n')}\n`;
}

export function countJudgments(qrels: QrelsMap): { queries: number; pairs: number } {
  let pairs = 0;
  for (const m of qrels.values()) pairs += m.size;
  return { queries: qrels.size, pairs };
}
