// Tables (TSV, CSV) after they are split into cells: which column is what, and the sets they make.
// A header may name its columns anything: known names give the roles (text, query, ids, score), and
// when no column is named like a text the longest prose-like column is the text; everything else
// becomes metadata. Headerless files keep the classic layouts (query/passage, MS MARCO qid/pid/query/
// passage, pid/passage, query/passage/score). A row with the wrong cell count is an error naming its
// line: a table that does not parse is never read as something else in silence.
import type { Chunk, Diagnostic, RetrievalSet, ScoreKind } from '../types';
import type { LineIndex } from './positions';
import { makeIdsUnique } from './sets';
import { kindFromOrder } from './stacks/kit/scores';

export interface Cell {
  value: string;
  /** Offsets of the cell's content in the whole text (inside the quotes of a quoted CSV field). */
  start: number;
  end: number;
}

export interface TableRow {
  /** 0-based line where the row starts. */
  line: number;
  cells: Cell[];
}

export interface TableRead {
  sets: RetrievalSet[];
  diagnostics: Diagnostic[];
  format?: string;
}

export interface TableOptions {
  file?: string;
  lines: LineIndex;
  /** 'tsv', 'csv' or 'pipe' (psql / Markdown / box tables): the format id prefix and the separator's
   *  name in messages. */
  dialect: 'tsv' | 'csv' | 'pipe';
  /** The first row is the header (the caller saw the rule under it): no guessing. */
  header?: boolean;
  /** Format id of the sets when they are read with a header (default `${dialect}-header`). */
  headerFormat?: string;
  /** Lines before the table in the text export rewrites (a selection's `Query:` line). */
  originLineShift?: number;
}

type Role = 'query' | 'text' | 'qid' | 'pid' | 'score' | 'rank' | 'other';

const MAX_REPORTS = 10;

/** Column names and what they hold; checked in this order. */
const NAMED_ROLES: [RegExp, Role][] = [
  [/^(query|question|query[-_ ]?text|user[-_ ]?input|search[-_ ]?query|q)$/i, 'query'],
  [/^(passage|text|document|doc|content|contents|chunk|chunk[-_ ]?text|context|body|paragraph|page[-_ ]?content|snippet)$/i, 'text'],
  [/^(qid|query[-_ ]?id|question[-_ ]?id)$/i, 'qid'],
  [/^(pid|docid|doc[-_ ]?id|document[-_ ]?id|id|passage[-_ ]?id|corpus[-_ ]?id|chunk[-_ ]?id|row[-_ ]?id|embedding[-_ ]?id|vector[-_ ]?id|point[-_ ]?id|_id|uuid|ref|key)$/i, 'pid'],
  [/^(score|_score|similarity|similarity[-_ ]?score|relevance|relevance[-_ ]?score|distance|_distance|dist|cosine[-_ ](distance|similarity)|l2[-_ ]distance|euclidean[-_ ]distance|inner[-_ ]product|rerank[-_ ]score|hybrid[-_ ]score|rrf[-_ ]score|bm25[-_ ]score|vector[-_ ](score|distance)|search[-_ ]score|rank[-_ ]?score|certainty|\?column\?)$/i, 'score'],
  [/^(rank|position)$/i, 'rank'],
];

/** Kind of a score column from its name; undefined when the name does not say. */
export function scoreKindFromName(name: string): ScoreKind | undefined {
  const n = name.trim().toLowerCase();
  if (/dist/.test(n)) return 'distance';
  if (/sim|relev|certainty|prob|score|product/.test(n)) return 'similarity';
  return undefined;
}

function namedRole(name: string): Role | undefined {
  for (const [re, role] of NAMED_ROLES) if (re.test(name.trim())) return role;
  return undefined;
}

/** A header cell: a column name, not data (short, starts like a name, not a number). */
function nameLike(s: string, strict: boolean): boolean {
  const t = s.trim();
  if (t === '?column?') return true;
  if (t.length === 0 || t.length > 48 || Number.isFinite(Number(t))) return false;
  return strict ? /^[A-Za-z_][\w.$-]*$/.test(t) : /^[A-Za-z_][\w.$ -]*$/.test(t) && t.split(/\s+/).length <= 3;
}

/**
 * The first row is a header when it names a text column with known names only (the classic case), or
 * when every cell is an identifier, no name repeats, and rows follow it (so a one-line file of words
 * stays an error about its layout). `strict` (CSV sniffed from content) demands identifiers throughout.
 */
export function isHeaderRow(first: string[], rowCount: number, strict = false): boolean {
  const roles = first.map(namedRole);
  if (!strict && roles.every((r) => r !== undefined) && roles.includes('text')) return true;
  if (rowCount < 2 || first.length < 2) return false;
  if (new Set(first.map((c) => c.trim().toLowerCase())).size !== first.length) return false;
  // Names with spaces ("doc id") only when every one of them is a known column name.
  if (!first.every((c) => nameLike(c, true))) return !strict && first.every((c) => nameLike(c, false)) && roles.every((r) => r !== undefined);
  return true;
}

const idLike = (s: string): boolean => s.length > 0 && s.length <= 64 && !/\s/.test(s);
const isNumber = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));
const proseLike = (s: string): boolean => /\s/.test(s.trim()) && s.trim().length >= 15;

interface Layout {
  roles: Role[];
  format: string;
  header?: string[];
  scoreKind: ScoreKind;
  /** For the note: how the score kind was decided. */
  kindWhy?: string;
}

function headerLayout(header: string[], data: TableRow[], dialect: string): Layout | string {
  const names = header.map((h) => h.trim());
  const roles: Role[] = names.map((n) => namedRole(n) ?? 'other');
  const sample = data.slice(0, 200);
  const column = (i: number) => sample.map((r) => r.cells[i]?.value ?? '');
  // One column of each role; later duplicates become metadata.
  for (const role of ['text', 'query', 'qid', 'pid', 'rank'] as Role[]) {
    let seen = false;
    roles.forEach((r, i) => {
      if (r !== role) return;
      if (seen) roles[i] = 'other';
      seen = true;
    });
  }
  // Score: the first score-named column whose values are numbers.
  let scoreAt = -1;
  roles.forEach((r, i) => {
    if (r !== 'score') return;
    if (scoreAt < 0 && column(i).filter((v) => v.trim() !== '' && v.trim() !== '\\N').every(isNumber)) scoreAt = i;
    else roles[i] = 'other';
  });
  if (!roles.includes('text')) {
    // No column named like a text: the column with the longest prose-like values.
    let best = -1;
    let bestLength = 0;
    roles.forEach((r, i) => {
      if (r !== 'other') return;
      const values = column(i);
      const prose = values.filter(proseLike).length;
      if (values.length === 0 || prose / values.length < 0.5) return;
      const avg = values.reduce((n, v) => n + v.length, 0) / values.length;
      if (avg > bestLength) [best, bestLength] = [i, avg];
    });
    if (best < 0) {
      return `no column holds chunk texts (looked for a column named ${['text', 'content', 'passage', 'chunk', 'body', 'document'].join(', ')}, or one of sentences)`;
    }
    roles[best] = 'text';
  }
  let scoreKind: ScoreKind = 'unknown';
  let kindWhy: string | undefined;
  if (scoreAt >= 0) {
    const named = scoreKindFromName(names[scoreAt]);
    if (named) {
      scoreKind = named;
      kindWhy = 'from its name';
    } else {
      scoreKind = kindFromOrder(column(scoreAt).map((v) => (isNumber(v) ? Number(v) : undefined)));
      kindWhy = scoreKind === 'unknown' ? 'neither its name nor the order says which' : `from the order (${scoreKind === 'distance' ? 'rising' : 'falling'})`;
    }
  }
  return { roles, format: `${dialect}-header`, header: names, scoreKind, kindWhy };
}

function headerlessLayout(rows: TableRow[], dialect: string): Layout | undefined {
  const n = rows[0].cells.length;
  const first = (i: number, k: number) => rows.slice(0, k).map((r) => (r.cells[i]?.value ?? '').trim());
  if (n === 4) return { roles: ['qid', 'pid', 'query', 'text'], format: dialect === 'tsv' ? 'msmarco-tsv' : 'csv-msmarco', scoreKind: 'unknown' };
  if (n === 2) {
    const ids = first(0, 200);
    if (ids.every(idLike) && new Set(ids).size === ids.length) return { roles: ['pid', 'text'], format: `${dialect}-id-passage`, scoreKind: 'unknown' };
    return { roles: ['query', 'text'], format: `${dialect}-query-passage`, scoreKind: 'unknown' };
  }
  // No header: nothing says whether a higher score is better.
  if (n === 3 && first(2, 50).every(isNumber)) return { roles: ['query', 'text', 'score'], format: `${dialect}-query-passage-score`, scoreKind: 'unknown' };
  return undefined;
}

/** Whether a header and its rows name or hold a text column (a table of retrieval results at all). */
export function hasTextColumn(header: string[], data: TableRow[]): boolean {
  return typeof headerLayout(header, data, 'csv') !== 'string';
}

function separatorName(dialect: 'tsv' | 'csv' | 'pipe'): string {
  return dialect === 'tsv' ? 'tab-separated' : dialect === 'pipe' ? '|-separated' : 'comma-separated';
}

function layoutNote(layout: Layout, file: string | undefined): Diagnostic {
  const col = (role: Role) => layout.roles.indexOf(role);
  const name = (i: number) => `"${layout.header![i]}"`;
  const parts = [`text from column ${name(col('text'))}`];
  if (col('query') >= 0) parts.push(`query from ${name(col('query'))}`);
  if (col('qid') >= 0) parts.push(`query id from ${name(col('qid'))}`);
  if (col('pid') >= 0) parts.push(`id from ${name(col('pid'))}`);
  if (col('score') >= 0) {
    const kind = layout.scoreKind === 'distance' ? 'a distance, lower is better' : layout.scoreKind === 'similarity' ? 'a similarity, higher is better' : 'kind unknown';
    parts.push(`score from ${name(col('score'))} (${kind}, ${layout.kindWhy})`);
  }
  if (col('rank') >= 0) parts.push(`rank from ${name(col('rank'))}`);
  const others = layout.roles.map((r, i) => (r === 'other' ? layout.header![i] : undefined)).filter((x): x is string => x !== undefined);
  if (others.length > 0) parts.push(`other columns as metadata (${others.join(', ')})`);
  return { severity: 'info', message: `Read ${file ?? 'the input'} as a table with a header: ${parts.join('; ')}.`, hint: 'If a column was taken wrongly, rename it in the header or convert the file to JSON and name the paths (CLI: --text-path).', file };
}

/** Reads split rows into sets (one per query or query id). Rows are data rows plus, maybe, a header first. */
export function readTableRows(rows: TableRow[], opts: TableOptions): TableRead {
  const { file, lines, dialect } = opts;
  // 1-based document line of a row (a selection's table starts where the selection does).
  const shown = (line: number) => lines.base.line + line + 1;
  const sep = separatorName(dialect);
  const name = file ?? 'The input';
  if (rows.length === 0) return { sets: [], diagnostics: [{ severity: 'error', message: `${name} has no rows.`, file }] };
  const diagnostics: Diagnostic[] = [];
  const firstValues = rows[0].cells.map((c) => c.value);
  let layout: Layout | undefined;
  let data = rows;
  if (opts.header || isHeaderRow(firstValues, rows.length)) {
    const h = headerLayout(firstValues, rows.slice(1), dialect);
    if (typeof h === 'string') {
      return { sets: [], diagnostics: [{ severity: 'error', message: `${name} has a header (${firstValues.map((v) => v.trim()).join(', ')}) but ${h}.`, hint: 'Name the text column "text" or "content" in the header.', file, line: shown(rows[0].line), column: 1 }] };
    }
    if (opts.headerFormat) h.format = opts.headerFormat;
    layout = h;
    data = rows.slice(1);
  } else {
    layout = headerlessLayout(rows, dialect);
    if (!layout) {
      const n = rows[0].cells.length;
      const t = dialect === 'tsv' ? '<TAB>' : ',';
      return {
        sets: [],
        diagnostics: [{
          severity: 'error',
          message: `${name} has ${n} ${sep} columns on line ${shown(rows[0].line)}; expected "query${t}passage", "query${t}passage${t}score", "qid${t}pid${t}query${t}passage", "pid${t}passage" or a header naming the columns.`,
          hint: `Add a header line such as "query${dialect === 'tsv' ? '\\t' : ','}passage${dialect === 'tsv' ? '\\t' : ','}score", or convert the file to JSON/JSONL.`,
          file, line: shown(rows[0].line), column: 1,
        }],
      };
    }
  }
  const { roles, format } = layout;
  const col = (r: Role) => roles.indexOf(r);
  const [cText, cQuery, cQid, cPid, cScore, cRank] = [col('text'), col('query'), col('qid'), col('pid'), col('score'), col('rank')];
  const sets = new Map<string, RetrievalSet>();
  let bad = 0;
  for (const row of data) {
    if (row.cells.length !== roles.length) {
      // A broken row is an error (the table does not parse there); the rows around it are still shown.
      if (bad++ < MAX_REPORTS) {
        diagnostics.push({
          severity: 'error',
          message: `Skipped line ${shown(row.line)}${file ? ` of ${file}` : ''}: expected ${roles.length} ${sep} columns (${layout.header ? layout.header.join(', ') : roles.join(', ')}), found ${row.cells.length}.`,
          hint: dialect === 'csv'
            ? 'Quote fields that contain commas, quotes or line breaks ("a, b"; "say ""hi""").'
            : dialect === 'pipe'
              ? 'Every row needs as many | as the header; in a Markdown table write a | inside a cell as \\|.'
              : 'Every row needs the same number of tabs as the first; a tab inside a text breaks the row.',
          file, line: shown(row.line), column: 1,
        });
      }
      continue;
    }
    const cell = (c: number) => (c >= 0 ? row.cells[c].value.trim() : undefined);
    const query = cell(cQuery);
    const key = cell(cQid) ?? query ?? '';
    let set = sets.get(key);
    if (!set) {
      set = { chunks: [], format };
      if (query !== undefined) {
        set.query = query;
        const qc = row.cells[cQuery];
        const qs = qc.start + (qc.value.length - qc.value.trimStart().length);
        set.querySource = lines.range(qs, qs + query.length);
      }
      if (cQid >= 0) set.queryId = cell(cQid);
      sets.set(key, set);
    }
    const tc = row.cells[cText];
    const text = tc.value.trim();
    if (text === '' || text === '\\N') {
      diagnostics.push({ severity: 'warning', message: `Line ${shown(row.line)}${file ? ` of ${file}` : ''} has an empty text; skipped.`, file, line: shown(row.line), column: 1 });
      continue;
    }
    const textStart = tc.start + (tc.value.length - tc.value.trimStart().length);
    const rankCell = cell(cRank);
    const explicitRank = rankCell !== undefined && /^\d+$/.test(rankCell) && Number(rankCell) >= 1 ? Number(rankCell) : undefined;
    const pid = cell(cPid);
    const originalRank = explicitRank ?? set.chunks.length + 1;
    const metadata: Record<string, unknown> = {};
    roles.forEach((r, i) => {
      if (r === 'other' && layout!.header) {
        const v = row.cells[i].value;
        metadata[layout!.header[i]] = v === '\\N' ? null : v;
      }
    });
    const chunk: Chunk = {
      id: pid && pid !== '\\N' ? pid : `#${originalRank}`,
      text,
      originalRank,
      scoreKind: 'unknown',
      metadata,
      // A quoted CSV text with "" escapes is longer in the file than the text: cover the whole field.
      source: lines.text.slice(tc.start, tc.end) === tc.value ? lines.range(textStart, textStart + text.length) : lines.range(tc.start, tc.end),
      origin: { line: row.line + (opts.originLineShift ?? 0) },
    };
    const s = cell(cScore);
    if (s !== undefined && isNumber(s)) {
      chunk.retrieverScore = Number(s);
      chunk.scoreKind = layout.scoreKind;
    }
    set.chunks.push(chunk);
  }
  if (bad > MAX_REPORTS) diagnostics.push({ severity: 'error', message: `${bad} malformed lines in all${file ? ` in ${file}` : ''}.`, file });
  const out = [...sets.values()];
  for (const s of out) s.chunks.sort((a, b) => a.originalRank - b.originalRank);
  if (out.length === 0 || out.every((s) => s.chunks.length === 0)) {
    diagnostics.push({ severity: 'error', message: `${name} has no data rows${layout.header ? ' after its header' : ''}.`, file });
  } else if (layout.header && (format.endsWith('-header') || format === opts.headerFormat)) {
    const known = layout.roles.every((r) => r !== 'other') && layout.roles.includes('text') && (cScore < 0 || layout.kindWhy === 'from its name');
    if (!known) diagnostics.unshift(layoutNote(layout, file));
  }
  makeIdsUnique(out, diagnostics, file);
  return { sets: out, diagnostics, format };
}
