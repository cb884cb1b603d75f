// Tables drawn with `|`: psql's default aligned output (a ` id | text | score` header over a
// `----+------+------` rule, `(N rows)` footer; a cell holding line breaks goes on over several lines with
// a `+` in its last column, a wrapped cell (`\pset format wrapped`) with a `.`, `↵`/`…` in the unicode
// line style), Markdown tables (`| a | b |` over `|---|:--:|`, `\|` inside a cell; pandas `to_markdown()`),
// and box tables (`+----+------+` borders: the mysql client, psql `\pset border 2`). The cells go to
// ./table.ts, which decides the text, id, score and query columns as for TSV and CSV.
//
// Sniffing never takes prose or code that merely contains `|`: the text must be one table and nothing
// else (a header, a rule line right under it with the same number of columns, rows, a footer), and a
// psql header must have its `|` exactly where the rule has its `+`.
import type { Diagnostic } from '../types';
import { LineIndex, trimmedLines, type NumberedLine } from './positions';
import { readTableRows, type Cell, type TableRead, type TableRow } from './table';

export type PipeStyle = 'psql' | 'markdown' | 'box' | 'columns';

export const PIPE_FORMATS: Record<PipeStyle, string> = { psql: 'psql-table', markdown: 'markdown-table', box: 'box-table', columns: 'column-table' };

const STYLE_NAMES: Record<PipeStyle, string> = {
  psql: 'psql aligned output (| columns under a ---+--- rule)',
  markdown: 'a Markdown table',
  box: 'a box table (+---+ or ┌───┐ borders: mysql client, sqlite3 .mode table / box, DuckDB, psql \\pset border 2)',
  columns: 'columns aligned with spaces under a dashed rule (sqlite3 / DuckDB .mode column, psql \\pset border 0)',
};

const VBAR = new Set(['|', '│', '┃', '║']);
/** A psql rule: dashes with `+` (or ┼) where the columns meet. */
const PSQL_RULE = /^[-─━]+([+┼╋][-─━]+)+$/;
/** A box border: `+----+----+` (Unicode borders are read as these: see asciiRule). */
const BOX_RULE = /^\+(-+\+)+$/;
/** A Unicode box border (sqlite3 `.mode box`, DuckDB): `┌──┬──┐`, `├──┼──┤`, `└──┴──┘`. */
const UNICODE_BORDER = /^\s*[┌├└╭╰┏┣┗╔╠╚╒╞╘][─━═┬┼┴╋╦╬╩╤╪╧]+[┐┤┘╮╯┓┫┛╗╣╝╕╡╛]\s*$/;
/** A rule under a header of space-aligned columns: dash groups separated by spaces. */
const COLUMN_RULE = /^-+( +-+)+ *$/;
/** DuckDB's type row under the header (`varchar`, `double`, `int32`, `decimal(9,2)`, `varchar[]`). */
const TYPE_CELL = /^(varchar|double|float|real|boolean|bool|date|time|timestamp( with time zone)?|timestamptz|interval|blob|uuid|json|bit|u?(tiny|small|big|huge)?int(eger)?\d*|uint\d+|int\d+|decimal(\(\d+,\s*\d+\))?|struct\(.*\)|map\(.*\)|union\(.*\)|enum\(.*\)|null)(\[\d*\])*$/i;
/** DuckDB's footer inside the box: `│ 12 rows  3 columns │`, `│ 10000 rows (40 shown) │`. */
const BOX_FOOTER = /^(\d[\d,.]*|\?) rows?( \([^)]*\))?( +\d+ columns?( \(\d+ shown\))?)?$/;
/** DuckDB's mark for rows it left out (three lines of `·`). */
const HIDDEN_ROW = /^[\s·│|]+$/;

/** The rule with ASCII corners: each box-drawing character is one UTF-16 unit, so offsets stay. */
function asciiRule(text: string): string {
  return UNICODE_BORDER.test(text) ? text.replace(/[─━═]/g, '-').replace(/[┌├└╭╰┏┣┗╔╠╚╒╞╘┬┼┴╋╦╬╩╤╪╧┐┤┘╮╯┓┫┛╗╣╝╕╡╛]/g, '+') : text;
}
const MD_RULE_CELL = /^\s*:?-+:?\s*$/;
/** Lines after the table that are not rows. */
const FOOTER = /^(\(\d+ rows?\)|\d+ rows? in set( \([\d.]+ sec\))?|Empty set( \([\d.]+ sec\))?|Time: [\d.]+ ms.*)$/;
/** End-of-cell marks: the cell goes on on the next line after a line break (+ ↵) or a wrap (. …). */
const NEWLINE_MARK = new Set(['+', '↵']);
const WRAP_MARK = new Set(['.', '…']);

type Line = NumberedLine;

interface Parsed {
  style: PipeStyle;
  header: Line;
  rule: Line;
  rows: TableRow[];
  /** Rows that spread over several lines. */
  multiLine: number;
  footer?: Line;
  /** Unnamed header cells given a name (pandas' index). */
  named: string[];
  /** DuckDB's type row under the header. */
  types?: Line;
  /** Rows the renderer left out (DuckDB's `·` rows, its "(40 shown)" footer). */
  hidden?: string;
}

interface Piece {
  /** The cell's characters on this line, pad and mark included. */
  raw: string;
  start: number;
}

/** Splits at the given offsets when the line has a bar at each; undefined when it does not line up. */
function splitAt(line: Line, bounds: number[], from: number, to: number | undefined): Piece[] | undefined {
  const t = line.text;
  for (const b of bounds) if (!VBAR.has(t[b] ?? '')) return undefined;
  const cuts = [from - 1, ...bounds, to ?? Math.max(t.length, (bounds[bounds.length - 1] ?? 0) + 1)];
  const out: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) out.push({ raw: t.slice(cuts[i] + 1, cuts[i + 1]), start: line.start + cuts[i] + 1 });
  return out;
}

/** Splits at every bar (a row that does not line up: wide characters). */
function splitAll(line: Line, from: number, to: number | undefined): Piece[] {
  const t = line.text.slice(0, to ?? line.text.length);
  const out: Piece[] = [];
  let s = from;
  for (let i = from; i <= t.length; i++) {
    if (i === t.length || VBAR.has(t[i])) {
      out.push({ raw: t.slice(s, i), start: line.start + s });
      s = i + 1;
    }
  }
  return out;
}

/** Markdown: split on bars not escaped by a backslash, without the outer bars. */
function splitMarkdown(line: Line): Piece[] {
  const t = line.text;
  let from = 0;
  let to = t.length;
  while (from < to && /\s/.test(t[from])) from++;
  while (to > from && /\s/.test(t[to - 1])) to--;
  if (t[from] === '|') from++;
  if (to > from && t[to - 1] === '|' && t[to - 2] !== '\\') to--;
  const out: Piece[] = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || (t[i] === '|' && t[i - 1] !== '\\')) {
      out.push({ raw: t.slice(s, i), start: line.start + s });
      s = i + 1;
    }
  }
  return out;
}

const hasBar = (t: string): boolean => [...VBAR].some((b) => t.includes(b));

function rowOf(line: Line, values: string[], pieces: { start: number; end: number }[]): TableRow {
  return { line: line.n, cells: values.map((value, i): Cell => ({ value, start: pieces[i].start, end: pieces[i].end })) };
}

/** psql (aligned, border 1) and box tables (border 2, mysql): cells at the rule's column offsets. */
function parseAligned(style: 'psql' | 'box', body: Line[], headerAt: number, rule: Line, types?: Line): Parsed | undefined {
  const r = rule.text.trimEnd();
  // Offsets of the bars: the rule's `+` (inside for psql; the box's own borders are its ends).
  const plus: number[] = [];
  for (let i = 0; i < r.length; i++) if (r[i] === '+' || r[i] === '┼' || r[i] === '╋') plus.push(i);
  const bounds = style === 'box' ? plus.slice(1, -1) : plus;
  const from = style === 'box' ? plus[0] + 1 : 0;
  const to = style === 'box' ? plus[plus.length - 1] : r.length;
  const columns = bounds.length + 1;
  const header = body[headerAt];
  const head = splitAt(header, bounds, from, to);
  if (!head || head.length !== columns) return undefined;
  if (style === 'box' && !VBAR.has(header.text[plus[0]])) return undefined;
  // Each cell's width by the rule: a pad, the content, the mark slot.
  const cuts = [from - 1, ...bounds, to];
  const widths = head.map((_, c) => cuts[c + 1] - cuts[c] - 1);
  const rows: TableRow[] = [];
  let multiLine = 0;
  let footer: Line | undefined;
  let i = headerAt + (types ? 3 : 2);
  let hidden: string | undefined;
  let current: { line: Line; parts: string[][]; spans: { start: number; end: number }[]; lines: number } | undefined;
  let open: ('nl' | 'wrap' | undefined)[] = [];
  const flush = () => {
    if (!current) return;
    if (current.lines > 1) multiLine++;
    rows.push(rowOf(current.line, current.parts.map((p) => p.join('')), current.spans));
    current = undefined;
  };
  for (; i < body.length; i++) {
    const line = body[i];
    const t = line.text.trimEnd();
    if (style === 'box' && BOX_RULE.test(t.trim())) continue;
    if (style === 'box' && VBAR.has(t.trim()[0] ?? '') && BOX_FOOTER.test(t.trim().slice(1, -1).trim())) {
      // DuckDB's row count inside the box; rows left out are said in it ("(40 shown)").
      footer = line;
      if (/shown/.test(t)) hidden = t.trim().slice(1, -1).trim().replace(/\s{2,}/g, ' ');
      continue;
    }
    if (style === 'box' && HIDDEN_ROW.test(t) && t.includes('·')) {
      hidden ??= 'rows shown as ·';
      continue;
    }
    if (FOOTER.test(t.trim())) {
      footer = line;
      i++;
      break;
    }
    if (!hasBar(t)) return undefined;
    const aligned = splitAt(line, bounds, from, style === 'box' ? to : undefined);
    const pieces = aligned ?? splitAll(line, from, style === 'box' ? t.lastIndexOf('|') : undefined);
    // A box row whose first cell is empty goes on the row above: DuckDB spreads a long value over
    // extra lines (the other cells blank), sqlite3's --wrap likewise.
    const boxGoesOn = style === 'box' && current !== undefined && pieces.length === widths.length && pieces[0].raw.trim() === '' && pieces.some((p) => p.raw.trim() !== '');
    if (boxGoesOn) open = current!.parts.map((p, k) => (p[p.length - 1].length >= (widths[k] ?? 0) - 3 ? 'wrap' : 'nl'));
    const continues = current !== undefined && (boxGoesOn || open.some((o) => o !== undefined));
    if (!continues) {
      flush();
      open = [];
    }
    const marks: ('nl' | 'wrap' | undefined)[] = [];
    const contents = pieces.map((p, c) => {
      let raw = p.raw;
      let start = p.start;
      // The cell's last slot holds its mark: ' ' or, when the cell goes on, '+' / '.' (a cell in the
      // middle always ends at its slot; the last one only when padded to its full width).
      const full = c < pieces.length - 1 || raw.length >= (widths[c] ?? Infinity);
      const last = raw[raw.length - 1] ?? '';
      if (full && raw.length >= 2 && (NEWLINE_MARK.has(last) || WRAP_MARK.has(last))) {
        marks[c] = NEWLINE_MARK.has(last) ? 'nl' : 'wrap';
        raw = raw.slice(0, -1);
      }
      // The first slot is padding (or the wrap mark of a continued line).
      if (raw.length > 0 && (raw[0] === ' ' || (continues && (raw[0] === '.' || raw[0] === '…')))) {
        raw = raw.slice(1);
        start++;
      }
      // A wrapped piece fills its width: its trailing spaces are text (psql wraps by characters).
      return { text: marks[c] === 'wrap' ? raw : raw.trimEnd(), start };
    });
    if (!continues) {
      current = { line, parts: contents.map((c) => [c.text]), spans: contents.map((c) => ({ start: c.start, end: c.start + c.text.length })), lines: 1 };
    } else if (current) {
      current.lines++;
      contents.forEach((c, k) => {
        if (k >= current!.parts.length) return;
        if (c.text === '' && open[k] === undefined) return;
        const joint = open[k] === 'wrap' ? '' : current!.parts[k].join('') === '' ? '' : '\n';
        current!.parts[k].push(joint + c.text);
        if (c.text !== '') current!.spans[k].end = c.start + c.text.length;
      });
    }
    open = marks;
  }
  flush();
  for (; i < body.length; i++) if (!FOOTER.test(body[i].text.trim()) && !(style === 'box' && BOX_RULE.test(body[i].text.trim()))) return undefined;
  if (rows.length === 0) return undefined;
  const names = head.map((p) => p.raw.trim());
  const named: string[] = [];
  const headerRow = rowOf(header, names.map((n, c) => {
    if (n !== '') return n;
    const given = c === 0 ? 'index' : `column ${c + 1}`;
    named.push(given);
    return given;
  }), head.map((p) => ({ start: p.start, end: p.start + p.raw.length })));
  return { style, header, rule, rows: [headerRow, ...rows], multiLine, footer, named, types, hidden };
}

function parseMarkdown(body: Line[]): Parsed | undefined {
  const [header, rule] = body;
  const ruleCells = splitMarkdown(rule);
  if (!rule.text.includes('|') || ruleCells.length < 2 || !ruleCells.every((c) => MD_RULE_CELL.test(c.raw))) return undefined;
  const head = splitMarkdown(header);
  if (head.length !== ruleCells.length) return undefined;
  const rows: TableRow[] = [];
  const cellsOf = (line: Line) => {
    const pieces = splitMarkdown(line);
    return rowOf(line, pieces.map((p) => p.raw.replace(/\\\|/g, '|')), pieces.map((p) => ({ start: p.start, end: p.start + p.raw.length })));
  };
  for (const line of body.slice(2)) {
    if (!line.text.includes('|')) return undefined;
    rows.push(cellsOf(line));
  }
  if (rows.length === 0) return undefined;
  const named: string[] = [];
  const h = cellsOf(header);
  h.cells.forEach((c, i) => {
    if (c.value.trim() !== '') return;
    c.value = i === 0 ? 'index' : `column ${i + 1}`;
    named.push(c.value);
  });
  return { style: 'markdown', header, rule, rows: [h, ...rows], multiLine: 0, named };
}

/** The table the whole text is, or undefined (prose, code, anything else). */
function parsePipeTable(text: string, lines: LineIndex): Parsed | undefined {
  // A table is one block: a blank line inside ends it, and nothing may follow but footers.
  const body = trimmedLines(text, lines, asciiRule);
  if (body.length < 3) return undefined;
  const first = body[0].text.trim();
  if (BOX_RULE.test(first)) {
    // Box: border, header, border, rows, border.
    // DuckDB writes the column types under the names: border, names, types, border, rows, border.
    const typed = body.length >= 5 && body[3].text.trim() === first && body[2].text.trim() !== first && isTypeRow(body[2].text);
    const under = typed ? 3 : 2;
    if (body.length < under + 2 || body[under].text.trim() !== first || body[0].text.indexOf('+') !== body[under].text.indexOf('+')) return undefined;
    const rule = { ...body[0], text: body[0].text };
    const blank = body.findIndex((l) => l.text.trim() === '');
    const rows = blank < 0 ? body : body.slice(0, blank);
    if (blank >= 0 && !body.slice(blank).every((l) => l.text.trim() === '' || FOOTER.test(l.text.trim()))) return undefined;
    return parseAligned('box', rows, 1, rule, typed ? body[2] : undefined);
  }
  const second = body[1].text.trimEnd();
  if (PSQL_RULE.test(second.trim()) && hasBar(body[0].text)) {
    const blank = body.findIndex((l) => l.text.trim() === '');
    if (blank >= 0 && !body.slice(blank).every((l) => l.text.trim() === '' || FOOTER.test(l.text.trim()))) return undefined;
    const rows = blank < 0 ? body : body.slice(0, blank);
    return parseAligned('psql', rows, 0, body[1]);
  }
  if (body[0].text.includes('|') && body[1].text.includes('|')) {
    if (body.some((l) => l.text.trim() === '')) return undefined;
    return parseMarkdown(body);
  }
  if (COLUMN_RULE.test(second) && !hasBar(body[0].text)) return parseColumns(body);
  return undefined;
}

/** A row of DuckDB type names (every cell one). */
function isTypeRow(text: string): boolean {
  const t = text.trim();
  if (!VBAR.has(t[0]) || !VBAR.has(t[t.length - 1])) return false;
  const cells = t.slice(1, -1).split(/[│|┃║]/).map((c) => c.trim());
  return cells.length > 0 && cells.every((c) => TYPE_CELL.test(c));
}

/** Space-aligned columns under a rule of dash groups (sqlite3 / DuckDB `.mode column`, psql
 *  `\pset border 0`): each column is where its dashes are; the gaps between them must be blank on
 *  every line, so prose over a dashed line is not taken for a table. */
function parseColumns(body: Line[]): Parsed | undefined {
  const [header, rule] = body;
  const groups: { start: number; end: number }[] = [];
  for (const m of rule.text.matchAll(/-+/g)) groups.push({ start: m.index!, end: m.index! + m[0].length });
  if (groups.length < 2) return undefined;
  const blankGaps = (t: string) => groups.every((g, c) => c === 0 || t.slice(groups[c - 1].end, g.start).trim() === '') && t.slice(0, groups[0].start).trim() === '';
  const split = (line: Line): { value: string; start: number; end: number }[] =>
    groups.map((g, c) => {
      const from = c === 0 ? 0 : g.start;
      const to = c === groups.length - 1 ? line.text.length : groups[c + 1].start;
      const raw = line.text.slice(from, to);
      const lead = raw.length - raw.trimStart().length;
      const value = raw.trim();
      return { value, start: line.start + from + lead, end: line.start + from + lead + value.length };
    });
  if (!blankGaps(header.text)) return undefined;
  const names = split(header);
  // Every name sits in its column (left- or right-aligned) and no two are the same.
  if (names.some((n, c) => n.value === '' || n.start - header.start > groups[c].end || /\s{2}/.test(n.value))) return undefined;
  const rows: TableRow[] = [rowOf(header, names.map((n) => n.value), names)];
  for (const line of body.slice(2)) {
    if (line.text.trim() === '') return undefined;
    if (!blankGaps(line.text)) return undefined;
    const cells = split(line);
    rows.push(rowOf(line, cells.map((c) => c.value), cells));
  }
  if (rows.length < 2) return undefined;
  return { style: 'columns', header, rule, rows, multiLine: 0, named: [] };
}

/** Whether the text is one psql, Markdown or box table (a header, a rule under it, rows). */
export function looksLikePipeTable(text: string): boolean {
  // Cheap refusals first: the second non-blank line must be a rule.
  const head = text.split(/\r\n|\r|\n/, 40).filter((l) => l.trim() !== '');
  if (head.length < 3) return false;
  const [l0, l1] = [head[0].trim(), head[1].trim()];
  if (!(BOX_RULE.test(l0) || UNICODE_BORDER.test(l0) || PSQL_RULE.test(l1) || COLUMN_RULE.test(head[1].trimEnd()) || (l1.includes('|') && /^[|:\-\s]+$/.test(l1) && l1.includes('-')))) return false;
  return parsePipeTable(text, new LineIndex(text)) !== undefined;
}

const SQL_QUOTED = /^'(?:[^']|'')*'$/s;

/** sqlite3's qbox mode writes every text as an SQL literal ('it''s'), numbers and NULL bare. A column
 *  whose every text cell is such a literal (at least one) is unquoted; the names of those columns. */
function unquoteSqlColumns(rows: TableRow[]): string[] {
  const [header, ...data] = rows;
  if (data.length === 0) return [];
  const names: string[] = [];
  header.cells.forEach((h, c) => {
    const cells = data.map((r) => r.cells[c]).filter((x): x is Cell => x !== undefined);
    const texts = cells.filter((x) => x.value !== '' && x.value !== 'NULL' && !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(x.value));
    if (texts.length === 0 || !texts.every((x) => SQL_QUOTED.test(x.value))) return;
    for (const x of texts) {
      x.value = x.value.slice(1, -1).replace(/''/g, "'");
      x.start += 1;
      x.end -= 1;
    }
    names.push(h.value);
  });
  return names;
}

export interface PipeTableOptions {
  file?: string;
  lines?: LineIndex;
  originLineShift?: number;
}

export function readPipeTable(text: string, opts: PipeTableOptions = {}): TableRead {
  const lines = opts.lines ?? new LineIndex(text);
  const parsed = parsePipeTable(text, lines);
  const name = opts.file ?? 'The input';
  if (!parsed) {
    return { sets: [], diagnostics: [{ severity: 'error', message: `${name} is not a table with a header line and a rule line (---+--- or |---|) under it.`, file: opts.file }] };
  }
  const format = PIPE_FORMATS[parsed.style];
  const shown = (l: Line) => lines.base.line + l.n + 1;
  const dataRows = parsed.rows.length - 1;
  const parts = [`${dataRows} row${dataRows === 1 ? '' : 's'} under the header on line ${shown(parsed.header)}`];
  if (parsed.multiLine > 0) parts.push(`${parsed.multiLine} row${parsed.multiLine === 1 ? '' : 's'} spread over several lines (+ marks a line break, . a wrap) joined`);
  if (parsed.named.length > 0) parts.push(`the unnamed column${parsed.named.length === 1 ? '' : 's'} called ${parsed.named.map((n) => `"${n}"`).join(', ')}`);
  if (parsed.types) parts.push(`skipped the column types on line ${shown(parsed.types)}`);
  if (parsed.footer) parts.push(`dropped the footer "${parsed.footer.text.trim().replace(/^[│|]\s*|\s*[│|]$/g, '').replace(/\s{2,}/g, ' ')}" (line ${shown(parsed.footer)})`);
  const quoted = parsed.style === 'box' ? unquoteSqlColumns(parsed.rows) : [];
  if (quoted.length > 0) parts.push(`SQL-quoted values ('it''s': sqlite3 .mode qbox, the default from 3.52) unquoted in ${quoted.map((n) => `"${n}"`).join(', ')}`);
  const note: Diagnostic = {
    severity: 'info',
    message: `Read ${opts.file ?? 'the input'} as ${STYLE_NAMES[parsed.style]}: ${parts.join('; ')}.`,
    hint: parsed.style === 'psql' ? 'For long texts, export with \\copy (...) to \'f.csv\' csv header instead: no padding, no wrapping.' : undefined,
    file: opts.file,
    line: shown(parsed.header),
    column: 1,
  };
  const r = readTableRows(parsed.rows, { file: opts.file, lines, dialect: 'pipe', header: true, headerFormat: format, originLineShift: opts.originLineShift });
  if (r.sets.length > 0) r.diagnostics.unshift(note);
  if (r.sets.length > 0 && parsed.hidden) {
    r.diagnostics.push({
      severity: 'warning',
      message: `${name} is a table the terminal cut short (${parsed.hidden}): only the rows it shows were read.`,
      hint: 'Write all rows without a renderer: DuckDB COPY (...) TO \'f.csv\', or .mode csv / .mode json with .output f.',
      file: opts.file,
    });
  }
  const cut = r.sets.flatMap((s) => s.chunks).filter((c) => /…$/.test(c.text));
  if (cut.length > 0) {
    r.diagnostics.push({
      severity: 'warning',
      message: `${cut.length} text${cut.length === 1 ? '' : 's'} of ${opts.file ?? 'the input'} end${cut.length === 1 ? 's' : ''} in "…" (first: ${cut[0].id}): a terminal renderer cut ${cut.length === 1 ? 'it' : 'them'} to fit the screen, so the reranker sees only the start.`,
      hint: 'Export full texts instead: .mode csv / .mode json (sqlite3, DuckDB) or COPY (...) TO \'f.csv\'.',
      file: opts.file,
    });
  }
  r.format = r.sets.length > 0 ? format : undefined;
  return r;
}
