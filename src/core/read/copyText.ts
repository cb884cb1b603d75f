// PostgreSQL COPY text format (what `\copy ... to 'f.tsv'` and `COPY ... TO STDOUT` write, and
// ClickHouse's TabSeparated too): a backslash starts an escape (\b \f \n \r \t \v \\, octal \ooo, hex
// \xhh; any other character after a backslash stands for itself), a cell of exactly \N is NULL, and a
// line \. ends the data. In an ordinary TSV a backslash is just a backslash, so the escapes are decoded
// only when the file shows it is a COPY export (see copyRule).

/** Escapes COPY TO writes (COPY FROM also reads octal and hex). */
const WRITTEN = new Set(['b', 'f', 'n', 'r', 't', 'v', '\\']);
const SIMPLE: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

export type BackslashRule = 'copy' | 'literal';

export interface CopyEvidence {
  /** A cell of exactly \N (COPY's NULL), a \. end line or a `COPY ... FROM stdin;` line. */
  marker?: string;
  /** First backslash sequence COPY never writes (`\d`, `\U`), as `line N: \d`. */
  foreign?: string;
  /** First escape COPY writes (`\n`, `\\`), as `line N: \n`. */
  escape?: string;
}

/** Looks at every backslash in the cells: which COPY signs the file shows. */
export function copyEvidence(rows: readonly { line: number; cells: readonly string[] }[], lineBase = 1): CopyEvidence {
  const out: CopyEvidence = {};
  for (const row of rows) {
    for (const cell of row.cells) {
      if (cell === '\\N') {
        out.marker ??= `a \\N (NULL) cell on line ${row.line + lineBase}`;
        continue;
      }
      for (let i = cell.indexOf('\\'); i >= 0; i = cell.indexOf('\\', i + 2)) {
        const c = cell[i + 1] ?? '';
        const seq = `\\${c}`;
        const known = WRITTEN.has(c) || /[0-7]/.test(c) || (c === 'x' && /[0-9a-fA-F]/.test(cell[i + 2] ?? ''));
        if (known) out.escape ??= `line ${row.line + lineBase}: ${seq}`;
        else out.foreign ??= `line ${row.line + lineBase}: ${seq}`;
      }
      if (out.marker && out.foreign && out.escape) return out;
    }
  }
  return out;
}

const decoder = typeof TextDecoder === 'function' ? new TextDecoder('utf-8') : undefined;

/** Decodes one cell's COPY escapes (not `\N`: the table reader treats that cell as NULL). Octal and
 *  hex escapes are bytes, decoded as UTF-8 together with their neighbours (\342\200\224 is one dash). */
export function decodeCopyCell(cell: string): string {
  if (cell === '\\N' || !cell.includes('\\')) return cell;
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length === 0) return;
    out += decoder ? decoder.decode(new Uint8Array(bytes)) : String.fromCharCode(...bytes);
    bytes = [];
  };
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i];
    if (ch !== '\\' || i + 1 >= cell.length) {
      flush();
      out += ch;
      continue;
    }
    const c = cell[i + 1];
    let m: RegExpExecArray | null;
    if ((m = /^[0-7]{1,3}/.exec(cell.slice(i + 1, i + 4)))) {
      bytes.push(parseInt(m[0], 8) & 0xff);
      i += m[0].length;
    } else if (c === 'x' && (m = /^[0-9a-fA-F]{1,2}/.exec(cell.slice(i + 2, i + 4)))) {
      bytes.push(parseInt(m[0], 16));
      i += 1 + m[0].length;
    } else {
      flush();
      out += c in SIMPLE ? String.fromCharCode(SIMPLE[c]) : c;
      i++;
    }
  }
  flush();
  return out;
}
