// Python reprs pasted from a notebook or a log: `print(results)` of LangChain's
// `[(Document(id='…', metadata={…}, page_content='…'), 0.83)]`, LlamaIndex's
// `[NodeWithScore(node=TextNode(id_='…', text='…', …), score=0.81)]`, Haystack 2's
// `{'documents': [Document(id=…, content: '…', meta: {…}, score: 0.7)]}`, sentence-transformers'
// `[{'corpus_id': 0, 'score': np.float32(7.9), 'text': '…'}]`, ... This module parses them into plain
// values (with the source range of every value) and hands them to the same detection as JSON, so every
// stack reader and the general inference apply unchanged.
//
// It never evaluates anything. What it reads: strings (' " ''' """, r/b/u prefixes, escapes, implicit
// concatenation), numbers (incl. nan, inf, 1_000), True/False/None, lists, tuples (as lists), sets (as
// lists), dicts, and calls whose arguments are all such literals: `Name(key=value, …)` becomes an object
// with the class name under CLASS_KEY; number wrappers (`np.float32(0.83)`, `tensor(0.83)`,
// `Decimal('0.5')`) become the number; enum reprs `<NodeRelationship.SOURCE: '1'>` their value (as
// pydantic dumps them); other `<…>` placeholders (`<function f at 0x…>`) a string. Haystack's own
// `Document.__repr__` (`id=<bare hex>, content: '<unescaped text>', meta: {…}, score: 0.7,
// embedding: vector of size 768`) is read as it prints. Anything else (names, operators, comments,
// comprehensions: Python source rather than a value) is not a Python literal, and the caller goes on
// with its other readers.
//
// Cut pastes are said, never guessed around: `...` elements (IPython prints at most 1000 items of a
// list), Haystack texts cut at 100 characters by its repr, and a paste that ends inside a bracket.
import type { Diagnostic, ReadResult } from '../types';
import { readJsonValue } from './detect';
import type { Locator } from './json';
import { describePath } from './paths';
import { LineIndex } from './positions';
import type { JsonPath } from './readerContract';

/** Key holding the class name of a `Name(…)` call in the parsed value (kept as chunk metadata). */
export const CLASS_KEY = '__class__';

const MAX_DEPTH = 64;

/** Callees whose single argument is the value: numpy scalars, torch tensors, Decimal. */
const NUMBER_WRAPPER = /^(?:(?:np|numpy|torch|decimal)\.)?(?:float(?:16|32|64|128)?|float_|double|half|bfloat16|u?int(?:8|16|32|64)?|tensor|Tensor|array|asarray|Decimal|longdouble)$/;
/** Haystack Document repr fields written `name: value`, and what may follow its unescaped content. */
const HAYSTACK_AFTER_CONTENT = /^'(?=, (?:dataframe|blob|meta|score|embedding|sparse_embedding): |\)(?:\s*[,\])}]|\s*$))/;

class NotLiteral extends Error {
  constructor(readonly offset: number, readonly expected: string, readonly atEnd: boolean) {
    super(expected);
  }
}

export interface PythonParse {
  value: unknown;
  /** Source range [start, end) of each value by its path (JSON.stringify of the path). */
  ranges: Map<string, [number, number]>;
  /** Where `...` stood for omitted items. */
  ellipses: { offset: number; path: JsonPath }[];
  /** Haystack texts cut by the repr at 100 characters. */
  cutTexts: JsonPath[];
  calls: number;
  classes: Set<string>;
}

export type PythonOutcome =
  | { ok: true; parse: PythonParse }
  /** `cut`: the text ends inside a bracket or string after reading like a repr. */
  | { ok: false; offset: number; expected: string; cut: boolean; pythonish: boolean };

const ELLIPSIS = Symbol('ellipsis');

class Parser {
  pos = 0;
  readonly ranges = new Map<string, [number, number]>();
  readonly ellipses: { offset: number; path: JsonPath }[] = [];
  readonly cutTexts: JsonPath[] = [];
  calls = 0;
  /** Things JSON cannot write (single quotes, tuples, True/None, calls, ...): without any, the text is
   *  broken JSON, not a repr. */
  pythonic = 0;
  readonly classes = new Set<string>();

  constructor(readonly text: string) {}

  fail(expected: string): never {
    throw new NotLiteral(this.pos, expected, this.pos >= this.text.length);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) this.pos++;
      else if (c === 92 && (t[this.pos + 1] === '\n' || t[this.pos + 1] === '\r')) this.pos += 2; // explicit line joining
      else break;
    }
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  eat(ch: string): boolean {
    this.ws();
    if (this.text.startsWith(ch, this.pos)) {
      this.pos += ch.length;
      return true;
    }
    return false;
  }

  record(path: JsonPath, start: number, end: number): void {
    this.ranges.set(JSON.stringify(path), [start, end]);
  }

  value(path: JsonPath, depth: number, allowEllipsis = false): unknown {
    if (depth > MAX_DEPTH) this.fail(`at most ${MAX_DEPTH} levels of nesting`);
    this.ws();
    const start = this.pos;
    const t = this.text;
    const c = this.peek();
    let v: unknown;
    if (c === '') this.fail('a value');
    if (t.startsWith('...', this.pos)) {
      if (!allowEllipsis) this.fail('a value (`...` only stands for omitted items in a list)');
      this.pos += 3;
      this.pythonic++;
      this.ellipses.push({ offset: start, path });
      return ELLIPSIS;
    }
    if (c === '[') v = this.sequence(']', path, depth);
    else if (c === '(') {
      this.pythonic++;
      v = this.sequence(')', path, depth);
    }
    else if (c === '{') v = this.dict(path, depth);
    else if (c === '<') v = this.angle(path, depth);
    else if (/["']/.test(c) || (/^[rRbBuU]{1,2}["']/.test(t.slice(this.pos, this.pos + 3)) && !/^[uU][bBrR]/.test(t.slice(this.pos, this.pos + 2)))) {
      const s = this.strings(path);
      this.record(path, s.start, s.end);
      return s.value;
    } else if (/[-+0-9.]/.test(c)) v = this.number();
    else if (/[A-Za-z_]/.test(c)) v = this.name(path, depth);
    else this.fail('a Python literal');
    this.record(path, start, this.pos);
    return v;
  }

  sequence(close: string, path: JsonPath, depth: number): unknown[] {
    this.pos++; // [ or (
    const out: unknown[] = [];
    for (;;) {
      if (this.eat(close)) return out;
      const item = this.value([...path, out.length], depth + 1, true);
      if (item !== ELLIPSIS) out.push(item);
      // A set of literals ({1, 2}) is read by dict() when its first item is not followed by ':'.
      if (this.eat(',')) continue;
      if (this.eat(close)) return out;
      this.fail(`"," or "${close}"`);
    }
  }

  dict(path: JsonPath, depth: number): unknown {
    this.pos++; // {
    const out: Record<string, unknown> = {};
    const setItems: unknown[] = [];
    let isSet: boolean | undefined;
    for (;;) {
      if (this.eat('}')) return isSet ? setItems : out;
      this.ws();
      const keyStart = this.pos;
      const key = this.value([...path, `#key${Object.keys(out).length}`], depth + 1, true);
      if (key === ELLIPSIS) {
        if (this.eat(',')) continue;
        if (this.eat('}')) return isSet ? setItems : out;
        this.fail('"," or "}"');
      }
      if (isSet === undefined) {
        this.ws();
        isSet = this.peek() !== ':';
      }
      if (isSet) {
        setItems.push(key);
      } else {
        if (!this.eat(':')) this.fail('":" after a dict key');
        const k = keyText(key);
        if (k === undefined) {
          this.pos = keyStart;
          this.fail('a string, number or enum as a dict key');
        }
        const v = this.value([...path, k], depth + 1);
        setOwn(out, k, v);
      }
      if (this.eat(',')) continue;
      if (this.eat('}')) return isSet ? setItems : out;
      this.fail('"," or "}"');
    }
  }

  /** `<Enum.MEMBER: value>` -> value; `<Name: {dict}>` (Haystack 1.x) -> the dict; else the text. */
  angle(path: JsonPath, depth: number): unknown {
    this.pythonic++;
    const t = this.text;
    const m = /^<([A-Za-z_][\w.]*): /.exec(t.slice(this.pos, this.pos + 200));
    if (m) {
      const save = this.pos;
      this.pos += m[0].length;
      try {
        const v = this.value(path, depth + 1);
        if (this.eat('>')) {
          if (isPlainObject(v) && !(CLASS_KEY in v)) {
            setOwn(v, CLASS_KEY, m[1]);
            this.classes.add(m[1]);
          }
          return v;
        }
      } catch (e) {
        if (!(e instanceof NotLiteral)) throw e;
      }
      this.pos = save;
    }
    // An opaque placeholder on one line: <function f at 0x7f…>, <built-in method …>.
    const end = t.indexOf('>', this.pos);
    const inner = end > 0 ? t.slice(this.pos + 1, end) : '';
    if (end < 0 || /[<\n\r]/.test(inner) || inner.length > 200 || !/^[A-Za-z_]/.test(inner)) this.fail('a Python literal');
    this.pos = end + 1;
    return `<${inner}>`;
  }

  number(): number {
    const t = this.text;
    const m = /^[-+]?\s*(?:(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d[\d_]*)?|\d[\d_]*\.|inf|nan)(?![\w.])/.exec(t.slice(this.pos, this.pos + 400));
    if (!m || (/^[-+]?\s*0\d/.test(m[0]) && !/[.eE]/.test(m[0]))) this.fail('a number');
    if (/^[-+]?\s*\d[\d_]*$/.test(m[0]) && /^[jJ]/.test(t.slice(this.pos + m[0].length))) this.fail('a real number');
    this.pos += m[0].length;
    return Number(m[0].replace(/[\s_]/g, '').replace(/inf$/, 'Infinity').replace(/nan$/, 'NaN'));
  }

  /** True/False/None/nan/inf, or a call `Name(…)` / `a.b.Name(…)`. */
  name(path: JsonPath, depth: number): unknown {
    const t = this.text;
    const m = /^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*/.exec(t.slice(this.pos, this.pos + 300));
    const word = m![0];
    const after = this.pos + word.length;
    if (['True', 'False', 'None', 'nan', 'inf'].includes(word) && !/^\s*\(/.test(t.slice(after, after + 40))) {
      this.pos = after;
      this.pythonic++;
      return word === 'True' ? true : word === 'False' ? false : word === 'None' ? null : word === 'nan' ? NaN : Infinity;
    }
    this.pos = after;
    if (this.peek() !== '(') this.fail(`a literal, not the name "${word}"`);
    return this.call(word, path, depth);
  }

  call(callee: string, path: JsonPath, depth: number): unknown {
    this.pos++; // (
    this.calls++;
    this.pythonic++;
    const kwargs: Record<string, unknown> = {};
    const args: unknown[] = [];
    const cls = callee.split('.').pop()!;
    for (;;) {
      if (this.eat(')')) break;
      this.ws();
      const kw = /^([A-Za-z_]\w*)\s*(=|: )(?!=)/.exec(this.text.slice(this.pos, this.pos + 200));
      if (kw) {
        const keyPath = [...path, kw[1]];
        this.pos += kw[0].length;
        const v = kw[2] === '=' ? this.kwargValue(kw[1], keyPath, depth) : this.colonValue(kw[1], keyPath, depth);
        setOwn(kwargs, kw[1], v);
      } else {
        if (Object.keys(kwargs).length > 0) this.fail('a keyword argument (name=value)');
        const v = this.value([...path, args.length], depth + 1);
        args.push(v);
      }
      if (this.eat(',')) continue;
      if (this.eat(')')) break;
      this.fail('"," or ")"');
    }
    if (NUMBER_WRAPPER.test(callee) && args.length === 1) {
      const a = args[0];
      if (typeof a === 'string' && /^\s*[-+]?(\d|\.\d|inf|nan)/i.test(a) && Number.isFinite(Number(a))) return Number(a);
      return a; // np.float32(0.83), tensor([0.8, 0.7]): the number (or the list), the dtype dropped
    }
    if (Object.keys(kwargs).length === 0 && args.length > 0) {
      // datetime.datetime(2024, 5, 1, 12, 0), UUID('…'): the call as written, a value for metadata.
      return args.length === 1 && typeof args[0] === 'string' ? args[0] : `${callee}(${args.map((a) => (typeof a === 'string' ? JSON.stringify(a) : String(a))).join(', ')})`;
    }
    const out: Record<string, unknown> = {};
    setOwn(out, CLASS_KEY, cls);
    this.classes.add(cls);
    for (const [k, v] of Object.entries(kwargs)) setOwn(out, k, v);
    if (args.length > 0) setOwn(out, '__args__', args);
    return out;
  }

  /** A literal that ends where the next argument or the closing parenthesis starts; otherwise the
   *  position is put back for a looser reading of the value (a cut paste still fails). */
  literalBeforeNext(path: JsonPath, depth: number): { ok: true; value: unknown } | { ok: false } {
    const save = this.pos;
    try {
      const value = this.value(path, depth + 1);
      this.ws();
      if (this.peek() === ',' || this.peek() === ')') return { ok: true, value };
    } catch (e) {
      if (!(e instanceof NotLiteral) || e.atEnd) throw e;
    }
    this.pos = save;
    return { ok: false };
  }

  /** A keyword argument's value. Haystack's repr writes its id bare (`Document(id=0b3c…, content: …)`),
   *  torch its dtype (`tensor([0.8], dtype=torch.float16)`): only there, before a `name:` field or the closing parenthesis, a bare token is read as a string. */
  kwargValue(name: string, path: JsonPath, depth: number): unknown {
    if (name !== 'id' && name !== 'dtype') return this.value(path, depth + 1);
    const literal = this.literalBeforeNext(path, depth);
    if (literal.ok) return literal.value;
    this.ws();
    const m = /^[\w.:/@+-]+(?=, [A-Za-z_]\w*: |,? ?\))/.exec(this.text.slice(this.pos, this.pos + 300));
    if (!m) this.fail('a literal value for the keyword argument');
    const start = this.pos;
    this.pos += m[0].length;
    this.record(path, start, this.pos);
    return m[0];
  }

  /** Haystack's `name: value` fields: the content unescaped between quotes, other values as written. */
  colonValue(name: string, path: JsonPath, depth: number): unknown {
    this.ws();
    const t = this.text;
    if (name === 'content' && this.peek() === "'") {
      // Document.__repr__ writes f"content: '{self.content}'" (no escaping): the text ends at the quote
      // that the next field or the closing parenthesis follows.
      const from = this.pos + 1;
      let i = from;
      for (;;) {
        i = t.indexOf("'", i);
        if (i < 0) this.fail('the end of the content');
        if (HAYSTACK_AFTER_CONTENT.test(t.slice(i, i + 40))) break;
        i++;
      }
      const content = t.slice(from, i);
      this.pos = i + 1;
      this.record(path, from, i);
      // content[:100] + '...' when the text is 100 characters or longer.
      if ([...content].length === 103 && content.endsWith('...')) this.cutTexts.push(path);
      return content;
    }
    const literal = this.literalBeforeNext(path, depth);
    if (literal.ok) return literal.value;
    // `embedding: vector of size 768`, `blob: 12 bytes`: words up to the next field.
    const m = /^[^,()[\]{}'"\n]{1,200}(?=[,)])/.exec(t.slice(this.pos, this.pos + 220));
    if (!m) this.fail('a value for the field');
    const start = this.pos;
    this.pos += m[0].length;
    this.record(path, start, this.pos);
    return m[0].trim();
  }

  /** One or more adjacent string literals (implicit concatenation). */
  strings(path: JsonPath): { value: string; start: number; end: number } {
    let value = '';
    let start = -1;
    let end = -1;
    for (;;) {
      this.ws();
      const m = /^([rRbBuU]{0,2})("""|'''|"|')/.exec(this.text.slice(this.pos, this.pos + 5));
      if (!m) break;
      if (/[fF]/.test(m[1])) this.fail('a string literal (f-strings are code)');
      const raw = /[rR]/.test(m[1]);
      const q = m[2];
      if (q !== '"' || m[1] !== '') this.pythonic++;
      this.pos += m[0].length;
      const from = this.pos;
      let s = '';
      const t = this.text;
      for (;;) {
        if (this.pos >= t.length) this.fail(`the closing ${q} of the string`);
        if (t.startsWith(q, this.pos)) break;
        const c = t[this.pos];
        if (q.length === 1 && (c === '\n' || c === '\r')) this.fail(`the closing ${q} of the string on the same line`);
        if (c === '\\') {
          const n = t[this.pos + 1];
          if (n === undefined) {
            this.pos = t.length;
            this.fail(`the closing ${q} of the string`);
          }
          if (raw) {
            s += c + n;
            this.pos += 2;
            continue;
          }
          this.pos += 2;
          s += this.escape(n);
          continue;
        }
        s += c;
        this.pos++;
      }
      if (start < 0) start = from;
      end = this.pos;
      this.pos += q.length;
      value += s;
      // Implicit concatenation: another string may follow (pprint splits long strings this way).
      // (pprint breaks a long string into parts, one a line; "a" "b" on one line is not printed by Python).
      const save = this.pos;
      this.ws();
      if (!/[\n\r]/.test(this.text.slice(save, this.pos)) || !/^[rRbBuU]{0,2}["']/.test(this.text.slice(this.pos, this.pos + 3))) {
        this.pos = save;
        break;
      }
    }
    return { value, start, end };
  }

  escape(n: string): string {
    const t = this.text;
    switch (n) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '\n': return '';
      case '\r': {
        if (t[this.pos] === '\n') this.pos++;
        return '';
      }
      case 'x':
      case 'u':
      case 'U': {
        const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
        const hex = t.slice(this.pos, this.pos + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail(`\\${n} with ${len} hex digits`);
        this.pos += len;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail('a valid code point');
        return String.fromCodePoint(cp);
      }
      case 'N': {
        const m = /^\{[A-Z0-9 -]+\}/.exec(t.slice(this.pos, this.pos + 100));
        if (!m) this.fail('\\N{NAME}');
        this.pos += m[0].length;
        return `\\N${m[0]}`;
      }
      default:
        if (/[0-7]/.test(n)) {
          const m = /^[0-7]{0,2}/.exec(t.slice(this.pos, this.pos + 2))!;
          this.pos += m[0].length;
          return String.fromCharCode(parseInt(n + m[0], 8));
        }
        return `\\${n}`; // Python keeps unknown escapes as written
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setOwn(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

function keyText(k: unknown): string | undefined {
  if (typeof k === 'string') return k;
  if (typeof k === 'number' && Number.isFinite(k)) return String(k);
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  if (k === null) return 'None';
  return undefined;
}

/** A Jupyter `Out[3]: ` prompt before the value. */
const OUT_PROMPT = /^Out\[\d+\]:\s*/;

/** Cheap first look: could the text be one Python value (a container, or a call at the top)? */
export function looksLikePythonValue(text: string): boolean {
  const t = text.trimStart().replace(OUT_PROMPT, '');
  return /^(?:[[({]|<[A-Za-z_][\w.]*: |[A-Za-z_][\w.]*\()/.test(t);
}

export function parsePython(text: string, offset = 0): PythonOutcome {
  const p = new Parser(text);
  p.pos = offset;
  const prompt = OUT_PROMPT.exec(text.slice(offset));
  if (prompt) p.pos += prompt[0].length;
  try {
    p.ws();
    const value = p.value([], 0);
    p.ws();
    if (p.pos < text.length) p.fail('the end of the value');
    // A bare number or string is not a result list; a call alone is (a Document, a Response).
    if (value === null || typeof value !== 'object' || p.pythonic === 0) return { ok: false, offset: 0, expected: 'a list, tuple, dict or call', cut: false, pythonish: false };
    return { ok: true, parse: { value, ranges: p.ranges, ellipses: p.ellipses, cutTexts: p.cutTexts, calls: p.calls, classes: p.classes } };
  } catch (e) {
    if (!(e instanceof NotLiteral)) throw e;
    return { ok: false, offset: e.offset, expected: e.expected, cut: e.atEnd, pythonish: p.pythonic > 0 };
  }
}

function pythonLocator(ranges: Map<string, [number, number]>, lines: LineIndex, shift: number): Locator {
  return {
    rangeAt: (path) => {
      const r = ranges.get(JSON.stringify(path));
      return r ? lines.range(shift + r[0], shift + r[1]) : undefined;
    },
    describe: (path) => describePath(path),
  };
}

export interface PythonReadOptions {
  file?: string;
  overrides?: import('../types').PathOverrides;
  readers?: readonly import('./readerContract').JsonStackReader[];
  /** Line index of the whole document (selections: with its base), and where `text` starts in it. */
  lines?: LineIndex;
  shift?: number;
}

function classList(classes: Set<string>): string {
  const names = [...classes].slice(0, 4);
  return names.length === 0 ? '' : ` of ${names.join(', ')}${classes.size > 4 ? ', ...' : ''}`;
}

/**
 * Reads `text` as a Python repr when it is one. undefined: not a Python literal (the caller goes on);
 * a result otherwise, also when the paste is cut (then an error saying so).
 */
export function readPythonText(text: string, opts: PythonReadOptions = {}): ReadResult | undefined {
  if (!looksLikePythonValue(text)) return undefined;
  const lines = opts.lines ?? new LineIndex(text);
  const shift = opts.shift ?? 0;
  const out = parsePython(text);
  const file = opts.file;
  const name = file ?? 'The input';
  if (!out.ok) {
    if (out.cut && out.pythonish) {
      const at = lines.human(shift + Math.min(out.offset, text.length));
      return {
        sets: [],
        diagnostics: [{
          severity: 'error',
          message: `${name} reads like a printed Python value, but it ends at line ${at.line}, column ${at.column} before ${out.expected}: the paste looks cut.`,
          hint: 'Copy the whole output (a notebook may truncate long outputs: open it in a text editor), or save the results as JSON (json.dumps, model_dump(), to_dict()).',
          file, line: at.line, column: at.column,
        }],
      };
    }
    return undefined;
  }
  const parse = out.parse;
  const pre: Diagnostic[] = [];
  const what = parse.calls > 0 ? `a printed Python value (repr${classList(parse.classes)})` : 'a printed Python value (repr)';
  pre.push({
    severity: 'info',
    message: `Read ${file ?? 'the input'} as ${what}: literals only, nothing was run.`,
    hint: 'For exact texts and ids, save results as JSON (json.dumps, model_dump(), to_dict()) instead of printing them.',
    file,
  });
  if (parse.ellipses.length > 0) {
    const first = parse.ellipses[0];
    const at = lines.human(shift + first.offset);
    pre.push({
      severity: 'warning',
      message: `The paste is cut: ${parse.ellipses.length === 1 ? 'a list holds' : `${parse.ellipses.length} lists hold`} "..." for omitted items (first at line ${at.line}, column ${at.column}, in ${describePath(first.path.slice(0, -1))}); only the printed items are read.`,
      hint: 'IPython prints at most 1000 items of a list (and pprint/reprlib fewer): print the full list, or save it as JSON.',
      file, line: at.line, column: at.column,
    });
  }
  const locator = pythonLocator(parse.ranges, lines, shift);
  let outcome = readJsonValue(parse.value, locator, { file, overrides: opts.overrides, readers: opts.readers });
  if (outcome.sets.length === 0 && isPlainObject(parse.value) && CLASS_KEY in parse.value && !opts.overrides?.textPath) {
    // One object printed alone (a Document, a NodeWithScore): a list of one.
    const one = readJsonValue([parse.value], { rangeAt: (p) => locator.rangeAt(p.slice(1)), describe: (p) => describePath(p.slice(1)) }, { file, overrides: opts.overrides, readers: opts.readers });
    if (one.sets.length > 0) outcome = one;
  }
  if (parse.cutTexts.length > 0 && outcome.sets.length > 0) {
    const r = parse.ranges.get(JSON.stringify(parse.cutTexts[0]));
    const at = r ? lines.human(shift + r[0]) : undefined;
    pre.push({
      severity: 'warning',
      message: `${parse.cutTexts.length} text${parse.cutTexts.length === 1 ? ' is' : 's are'} cut at 100 characters ("..." at the end): Haystack's Document repr prints content[:100]; reranking scores the cut text${parse.cutTexts.length === 1 ? '' : 's'}, not the documents.`,
      hint: 'Save the documents with [d.to_dict() for d in docs] (json.dumps) to rerank their full texts.',
      file, line: at?.line, column: at?.column,
    });
  }
  // The paths index the parsed value, not a JSON document: a same-shape export has nothing to edit, so
  // the chunks go out as a JSON list (like split text).
  for (const s of outcome.sets) for (const c of s.chunks) delete c.origin;
  const result: ReadResult = { sets: outcome.sets, diagnostics: [...pre, ...outcome.diagnostics] };
  if (outcome.format) result.format = outcome.format;
  if (outcome.candidates && outcome.candidates.length > 0) result.candidates = outcome.candidates;
  if (outcome.sets.length === 0) result.diagnostics[0] = { ...pre[0], message: `${pre[0].message} No chunks were found in it.` };
  return result;
}
