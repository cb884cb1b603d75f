// Query results printed one field per line, one block per row: the mysql client's vertical output
// (`\G`: `*************************** 1. row ***************************` then `   name: value`), psql's
// expanded mode (`\x`: `-[ RECORD 1 ]----` then `name | value`, a `+` ending a line that goes on) and
// sqlite3's `.mode line` (`   name = value`, blocks split by a blank line). Names are padded to one
// width, so the separator sits at the same column on every field line; a line without it continues the
// value above (mysql and sqlite3 print line breaks raw). The blocks become a header and rows for
// ./table.ts, which decides the text, id, score and query columns as for any table.
//
// Sniffing is strict: the whole text must be such blocks, every block naming the same fields in the
// same order, so prose with a colon or an equals sign is never taken for records.
import type { Diagnostic } from '../types';
import { LineIndex, trimmedLines } from './positions';
import { readTableRows, type Cell, type TableRead, type TableRow } from './table';

export type RecordStyle = 'mysql-vertical' | 'psql-expanded' | 'sqlite-line';

const STYLE_NAMES: Record<RecordStyle, string> = {
  'mysql-vertical': 'mysql vertical output (\\G: one "name: value" line per field, a *** N. row *** line per row)',
  'psql-expanded': 'psql expanded output (\\x: one "name | value" line per field, a -[ RECORD N ]- line per row)',
  'sqlite-line': 'sqlite3 .mode line output (one "name = value" line per field, a blank line between rows)',
};

const MYSQL_ROW = /^\*{10,} (\d+)\. row \*{10,}$/;
const PSQL_RECORD = /^-\[ RECORD (\d+) \]-*(\+-*)?$/;
const FOOTER = /^(\d+ rows? in set( \([\d.]+ sec\))?|\(\d+ rows?\)|Time: [\d.]+ ms.*)$/;

interface Field {
  name: string;
  value: string[];
  start: number;
  end: number;
  line: number;
}

interface Block {
  line: number;
  fields: Field[];
}

interface Parsed {
  style: RecordStyle;
  blocks: Block[];
  footer?: { line: number; text: string };
}

/** Offset of the separator on a field line: where `sep` sits after the padded name. */
function separatorAt(text: string, sep: string, rightAligned: boolean): number {
  const i = text.indexOf(sep);
  if (i <= 0) return -1;
  const name = text.slice(0, i);
  if (name.trim() === '' || /\s/.test(name.trim())) return -1;
  // mysql and sqlite3 right-align the names, psql left-aligns them.
  if (rightAligned ? !/^ *\S+$/.test(name) : !/^\S+ *$/.test(name)) return -1;
  return i;
}

function parse(text: string, lines: LineIndex): Parsed | undefined {
  const body = trimmedLines(text, lines);
  if (body.length < 3) return undefined;
  const first = body[0].text.trim();
  const style: RecordStyle = MYSQL_ROW.test(first) ? 'mysql-vertical' : PSQL_RECORD.test(first) ? 'psql-expanded' : 'sqlite-line';
  const sep = style === 'mysql-vertical' ? ': ' : style === 'psql-expanded' ? ' | ' : ' = ';
  const rightAligned = style !== 'psql-expanded';
  const blocks: Block[] = [];
  let footer: Parsed['footer'];
  let at = -1;
  let current: Block | undefined;
  let goesOn = false;
  for (const line of body) {
    const t = line.text;
    if (footer) {
      if (t.trim() !== '') return undefined;
      continue;
    }
    if ((style === 'mysql-vertical' && MYSQL_ROW.test(t.trim())) || (style === 'psql-expanded' && PSQL_RECORD.test(t.trim()))) {
      blocks.push((current = { line: line.n, fields: [] }));
      goesOn = false;
      continue;
    }
    if (FOOTER.test(t.trim()) && style !== 'sqlite-line') {
      footer = { line: line.n, text: t.trim() };
      continue;
    }
    if (t.trim() === '') {
      if (style === 'sqlite-line') current = undefined;
      else if (current && current.fields.length > 0) current = undefined;
      continue;
    }
    if (style === 'sqlite-line' && !current) blocks.push((current = { line: line.n, fields: [] }));
    if (!current) return undefined;
    const last = current.fields[current.fields.length - 1];
    if (style === 'psql-expanded') {
      // A value line that goes on: ends in + (a line break) after padding; the next line has no name.
      const i = at >= 0 ? at : separatorAt(t, sep, false);
      if (i < 0 || t.slice(i, i + sep.length) !== sep && t.slice(i, i + sep.length - 1) !== sep.trimEnd()) return undefined;
      at = i;
      const name = t.slice(0, i).trim();
      let value = t.slice(i + sep.length);
      const cont = name === '' && last && goesOn;
      goesOn = /\+$/.test(value);
      if (goesOn) value = value.slice(0, -1).trimEnd();
      const start = line.start + i + sep.length;
      if (cont) {
        last.value.push(value);
        last.end = start + value.length;
      } else if (name !== '') current.fields.push({ name, value: [value], start, end: start + value.length, line: line.n });
      else return undefined;
      continue;
    }
    const i = separatorAt(t, sep, true);
    if (i >= 0 && (at < 0 || i === at)) {
      at = i;
      const value = t.slice(i + sep.length);
      const start = line.start + i + sep.length;
      current.fields.push({ name: t.slice(0, i).trim(), value: [value], start, end: start + value.length, line: line.n });
    } else if (last) {
      // mysql and sqlite3 print a line break inside a value as is.
      last.value.push(t);
      last.end = line.start + t.length;
    } else return undefined;
  }
  if (blocks.length === 0 || blocks.some((bl) => bl.fields.length < 2)) return undefined;
  // sqlite3's blocks have no row line: one block could be any "x = 1" notes; it takes two.
  if (style === 'sqlite-line' && blocks.length < 2) return undefined;
  const names = blocks[0].fields.map((f) => f.name);
  if (new Set(names).size !== names.length) return undefined;
  if (!blocks.every((bl) => bl.fields.length === names.length && bl.fields.every((f, k) => f.name === names[k]))) return undefined;
  return { style, blocks, footer };
}

/** Whether the whole text is one of the record-per-block outputs (see top). */
export function looksLikeRecordBlocks(text: string): boolean {
  const head = text.split(/\r\n|\r|\n/, 40).map((l) => l.trim()).filter((l) => l !== '');
  if (head.length < 3) return false;
  const sqliteLike = /^\S+ = /.test(head[0]) && /^\S+ = /.test(head[1]);
  if (!(MYSQL_ROW.test(head[0]) || PSQL_RECORD.test(head[0]) || sqliteLike)) return false;
  return parse(text, new LineIndex(text)) !== undefined;
}

export interface RecordBlockOptions {
  file?: string;
  lines?: LineIndex;
}

export function readRecordBlocks(text: string, opts: RecordBlockOptions = {}): TableRead {
  const lines = opts.lines ?? new LineIndex(text);
  const parsed = parse(text, lines);
  if (!parsed) return { sets: [], diagnostics: [{ severity: 'error', message: `${opts.file ?? 'The input'} is not a list of records (one "name: value" line per field).`, file: opts.file }] };
  const { blocks, style } = parsed;
  const b0 = blocks[0];
  const header: TableRow = { line: b0.line, cells: b0.fields.map((f): Cell => ({ value: f.name, start: f.start, end: f.start })) };
  const rows: TableRow[] = blocks.map((bl) => ({
    line: bl.fields[0].line,
    cells: bl.fields.map((f): Cell => ({ value: f.value.join('\n'), start: f.start, end: f.end })),
  }));
  const shown = (n: number) => lines.base.line + n + 1;
  const multi = blocks.reduce((n, bl) => n + (bl.fields.some((f) => f.value.length > 1) ? 1 : 0), 0);
  const parts = [`${blocks.length} record${blocks.length === 1 ? '' : 's'} of ${b0.fields.length} fields (${b0.fields.map((f) => f.name).join(', ')})`];
  if (multi > 0) parts.push(`${multi} with a value over several lines`);
  if (parsed.footer) parts.push(`dropped the footer "${parsed.footer.text}" (line ${shown(parsed.footer.line)})`);
  const note: Diagnostic = { severity: 'info', message: `Read ${opts.file ?? 'the input'} as ${STYLE_NAMES[style]}: ${parts.join('; ')}.`, file: opts.file, line: shown(b0.line), column: 1 };
  const r = readTableRows([header, ...rows], { file: opts.file, lines, dialect: 'pipe', header: true, headerFormat: style });
  if (r.sets.length > 0) r.diagnostics.unshift(note);
  r.format = r.sets.length > 0 ? style : undefined;
  return r;
}
