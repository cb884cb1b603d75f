// Tab-separated query/passage files:
//   `query \t passage`                  one set per distinct query, rows in file order;
//   `qid \t pid \t query \t passage`    MS MARCO style (top1000.dev.tsv): one set per qid, pid as chunk id;
//   `pid \t passage`                    a collection (ids without spaces in column 1): one set, no query;
//   `query \t passage \t score`         numeric third column (score kind unknown without a header);
//   any column count with a header naming the columns (query/question, passage/text/..., qid, pid/docid/id, score).
// TREC runs and qrels are whitespace tables too; index.ts checks for them first.
import type { Chunk, Diagnostic, RetrievalSet } from '../types';
import { LineIndex } from './positions';
import { makeIdsUnique } from './sets';

export interface TsvRead {
  sets: RetrievalSet[];
  diagnostics: Diagnostic[];
  format?: string;
}

type Role = 'query' | 'text' | 'qid' | 'pid' | 'score' | 'other';

const HEADER_ROLES: [RegExp, Role][] = [
  [/^(query|question|query[-_ ]?text|user_input)$/i, 'query'],
  [/^(passage|text|document|doc|content|contents|chunk|context|body|paragraph)$/i, 'text'],
  [/^(qid|query[-_ ]?id|question[-_ ]?id)$/i, 'qid'],
  [/^(pid|docid|doc[-_ ]?id|id|passage[-_ ]?id|corpus[-_ ]?id|chunk[-_ ]?id|_id)$/i, 'pid'],
  [/^(score|similarity|relevance|distance)$/i, 'score'],
];

const MAX_REPORTS = 10;

function roleOf(name: string): Role | undefined {
  for (const [re, role] of HEADER_ROLES) if (re.test(name.trim())) return role;
  return undefined;
}

/** Tab-separated with a consistent column count on most lines. */
export function looksLikeTsv(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/, 100).filter((l) => l.trim() !== '');
  if (lines.length === 0) return false;
  const tabbed = lines.filter((l) => l.includes('\t')).length;
  return tabbed / lines.length >= 0.9;
}

const idLike = (s: string): boolean => s.length > 0 && s.length <= 64 && !/\s/.test(s);

/** A collection's first column: ids (no spaces) that never repeat; repeated values are queries. */
function collectionIds(first: string[]): boolean {
  return first.every(idLike) && new Set(first).size === first.length;
}

export function readTsv(text: string, opts: { file?: string; lines?: LineIndex } = {}): TsvRead {
  const file = opts.file;
  const lines = opts.lines ?? new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const rows: { line: number; cells: string[]; starts: number[] }[] = [];
  for (let l = 0; l < lines.lineCount; l++) {
    const start = lines.lineStart(l);
    const raw = text.slice(start, lines.lineEnd(l));
    if (raw.trim() === '') continue;
    const cells = raw.split('\t');
    const starts: number[] = [];
    let at = start;
    for (const c of cells) {
      starts.push(at);
      at += c.length + 1;
    }
    rows.push({ line: l, cells, starts });
  }
  if (rows.length === 0) return { sets: [], diagnostics: [{ severity: 'error', message: `${file ?? 'The input'} has no rows.`, file }] };
  // Header: every cell of the first row names a known column.
  const headerRoles = rows[0].cells.map(roleOf);
  let roles: Role[];
  let format: string;
  let scoreIsDistance = false;
  let scoreKnown = true;
  if (headerRoles.every((r) => r !== undefined) && headerRoles.includes('text')) {
    roles = headerRoles as Role[];
    scoreIsDistance = rows[0].cells.some((c, i) => headerRoles[i] === 'score' && /dist/i.test(c));
    rows.shift();
    format = 'tsv-header';
  } else {
    const n = rows[0].cells.length;
    if (n === 4) [roles, format] = [['qid', 'pid', 'query', 'text'], 'msmarco-tsv'];
    else if (n === 2 && collectionIds(rows.slice(0, 200).map((r) => r.cells[0].trim()))) [roles, format] = [['pid', 'text'], 'tsv-id-passage'];
    else if (n === 2) [roles, format] = [['query', 'text'], 'tsv-query-passage'];
    else if (n === 3 && rows.slice(0, 50).every((r) => r.cells[2].trim() !== '' && Number.isFinite(Number(r.cells[2])))) {
      [roles, format] = [['query', 'text', 'score'], 'tsv-query-passage-score'];
      scoreKnown = false; // no header: nothing says whether higher is better
    }
    else {
      return {
        sets: [],
        diagnostics: [{
          severity: 'error',
          message: `${file ?? 'The input'} has ${n} tab-separated columns on line ${rows[0].line + 1}; expected "query<TAB>passage", "query<TAB>passage<TAB>score", "qid<TAB>pid<TAB>query<TAB>passage", "pid<TAB>passage" or a header naming the columns.`,
          hint: 'Add a header line such as "query\\tpassage\\tscore", or convert the file to JSON/JSONL.',
          file, line: rows[0].line + 1, column: 1,
        }],
      };
    }
  }
  const col = (r: Role) => roles.indexOf(r);
  const [cText, cQuery, cQid, cPid, cScore] = [col('text'), col('query'), col('qid'), col('pid'), col('score')];
  const sets = new Map<string, RetrievalSet>();
  let bad = 0;
  for (const row of rows) {
    if (row.cells.length !== roles.length) {
      if (bad++ < MAX_REPORTS) {
        diagnostics.push({
          severity: 'warning',
          message: `Skipped line ${row.line + 1}${file ? ` of ${file}` : ''}: expected ${roles.length} tab-separated columns (${roles.join(', ')}), found ${row.cells.length}.`,
          file, line: row.line + 1, column: 1,
        });
      }
      continue;
    }
    const cell = (c: number) => (c >= 0 ? row.cells[c].trim() : undefined);
    const query = cell(cQuery);
    const key = cell(cQid) ?? query ?? '';
    let set = sets.get(key);
    if (!set) {
      set = { chunks: [], format };
      if (query !== undefined) {
        set.query = query;
        const qs = row.starts[cQuery] + (row.cells[cQuery].length - row.cells[cQuery].trimStart().length);
        set.querySource = lines.range(qs, qs + query.length);
      }
      if (cQid >= 0) set.queryId = cell(cQid);
      sets.set(key, set);
    }
    const rawText = row.cells[cText];
    const textStart = row.starts[cText] + (rawText.length - rawText.trimStart().length);
    const text = rawText.trim();
    const chunk: Chunk = {
      id: cPid >= 0 && cell(cPid) ? cell(cPid)! : `#${set.chunks.length + 1}`,
      text,
      originalRank: set.chunks.length + 1,
      scoreKind: 'unknown',
      metadata: {},
      source: lines.range(textStart, textStart + text.length),
      origin: { line: row.line },
    };
    const s = cell(cScore);
    if (s !== undefined && s !== '' && Number.isFinite(Number(s))) {
      chunk.retrieverScore = Number(s);
      chunk.scoreKind = !scoreKnown ? 'unknown' : scoreIsDistance ? 'distance' : 'similarity';
    }
    set.chunks.push(chunk);
  }
  if (bad > MAX_REPORTS) diagnostics.push({ severity: 'warning', message: `Skipped ${bad} malformed lines in all${file ? ` in ${file}` : ''}.`, file });
  const out = [...sets.values()];
  if (out.length === 0) {
    diagnostics.push({ severity: 'error', message: `${file ?? 'The input'} has no data rows${format === 'tsv-header' ? ' after its header' : ''}.`, file });
  }
  makeIdsUnique(out, diagnostics, file);
  return { sets: out, diagnostics, format };
}
