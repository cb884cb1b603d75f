// JSON with locations. jsonc-parser gives every node its offset, so a stack reader's paths can be turned
// into editor ranges and messages can say "line 12, column 5". Deviations from strict JSON that are
// harmless (comments, trailing commas: JSONC, as in VS Code settings) are read with a warning; anything
// else is an error naming the file, line, column and what was expected. Nesting is checked with the
// (non-recursive) scanner before the (recursive) parser runs, so a hostile file cannot overflow the stack.
import { createScanner, findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic, SourceRange } from '../types';
import type { JsonContext, JsonPath } from './readerContract';
import { LineIndex } from './positions';
import { describePath } from './paths';

export const DEFAULT_MAX_DEPTH = 64;

// jsonc-parser declares SyntaxKind as a `const enum`, which esbuild/tsx cannot inline from a .d.ts:
// the token codes are spelled out here (values from jsonc-parser 3.x main.d.ts).
const T = {
  OpenBrace: 1, CloseBrace: 2, OpenBracket: 3, CloseBracket: 4, Comma: 5, Colon: 6, String: 10,
  LineComment: 12, BlockComment: 13, LineBreak: 14, Trivia: 15, EOF: 17,
} as const;

/** What each parse error means, phrased as what the parser expected there. */
const EXPECTED: Record<string, string> = {
  InvalidSymbol: 'a JSON value (string, number, object, array, true, false or null)',
  InvalidNumberFormat: 'a valid number',
  PropertyNameExpected: 'a property name in double quotes',
  ValueExpected: 'a value (string, number, object, array, true, false or null)',
  ColonExpected: 'a colon ":" after the property name',
  CommaExpected: 'a comma "," between items',
  CloseBraceExpected: 'a closing brace "}"',
  CloseBracketExpected: 'a closing bracket "]"',
  EndOfFileExpected: 'the end of the input after the first JSON value (one JSON value per line is JSONL: use a .jsonl file)',
  InvalidCommentToken: 'a valid comment',
  UnexpectedEndOfComment: 'the end of the block comment "*/"',
  UnexpectedEndOfString: 'a closing double quote for the string',
  UnexpectedEndOfNumber: 'digits after the sign, dot or exponent of the number',
  InvalidUnicode: 'a \\u escape with 4 hex digits',
  InvalidEscapeCharacter: 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
  InvalidCharacter: 'no raw control characters inside strings (write newlines and tabs as \\n and \\t)',
};

export interface JsonParseOptions {
  file?: string;
  maxDepth?: number;
  /** Line index of the whole document the text sits in (JSONL lines, selections). */
  lines?: LineIndex;
  /** Offset of `text` inside `lines.text`. */
  shift?: number;
  /** For messages: "line 4 of x.jsonl" reads better than a bare position for JSONL rows. */
  what?: string;
}

export type JsonParse =
  | { ok: true; value: unknown; tree: Node; warnings: Diagnostic[]; lines: LineIndex }
  | { ok: false; diagnostics: Diagnostic[] };

function inFile(file: string | undefined): string {
  return file ? ` in ${file}` : '';
}

function foundText(text: string, offset: number, length: number): string {
  if (offset >= text.length) return 'the end of the input';
  const tok = text.slice(offset, offset + Math.max(1, Math.min(length, 24))).split(/\r?\n/)[0];
  return tok.length === 0 ? 'a line break' : JSON.stringify(tok);
}

interface Frame {
  array: boolean;
  index: number;
  key?: string;
  expectKey: boolean;
}

function framePath(stack: Frame[]): JsonPath {
  return stack.map((f) => (f.array ? f.index : (f.key ?? '?')));
}

interface StructureScan {
  tooDeep?: { offset: number; path: JsonPath };
  firstComment?: number;
  comments: number;
  firstTrailingComma?: number;
}

/** One pass with the scanner: nesting depth (with the path where it is exceeded), comments, trailing commas. */
function scanStructure(text: string, maxDepth: number): StructureScan {
  const scanner = createScanner(text, false);
  const stack: Frame[] = [];
  const out: StructureScan = { comments: 0 };
  let pendingComma = -1;
  for (let tok = scanner.scan(); tok !== T.EOF; tok = scanner.scan()) {
    if (tok === T.LineComment || tok === T.BlockComment) {
      out.comments++;
      if (out.firstComment === undefined) out.firstComment = scanner.getTokenOffset();
      continue;
    }
    if (tok === T.LineBreak || tok === T.Trivia) continue;
    if (pendingComma >= 0 && (tok === T.CloseBrace || tok === T.CloseBracket) && out.firstTrailingComma === undefined) {
      out.firstTrailingComma = pendingComma;
    }
    pendingComma = -1;
    const top = stack[stack.length - 1];
    switch (tok) {
      case T.OpenBrace:
      case T.OpenBracket:
        if (stack.length >= maxDepth) {
          return { ...out, tooDeep: { offset: scanner.getTokenOffset(), path: framePath(stack) } };
        }
        stack.push({ array: tok === T.OpenBracket, index: 0, expectKey: tok === T.OpenBrace });
        break;
      case T.CloseBrace:
      case T.CloseBracket:
        stack.pop();
        break;
      case T.Comma:
        pendingComma = scanner.getTokenOffset();
        if (top) {
          if (top.array) top.index++;
          else top.expectKey = true;
        }
        break;
      case T.String:
        if (top && !top.array && top.expectKey) {
          top.key = scanner.getTokenValue();
          top.expectKey = false;
        }
        break;
      default:
        break;
    }
  }
  return out;
}

/** Plain value from the tree. Ordinary objects (not null-prototype) so readers can use them freely;
 *  a `__proto__` key becomes an own property instead of changing the prototype. */
export function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map(nodeValue);
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const key = String(k.value);
        if (key === '__proto__') Object.defineProperty(obj, key, { value: nodeValue(v), enumerable: true, writable: true, configurable: true });
        else obj[key] = nodeValue(v);
      }
      return obj;
    }
    default:
      return node.value;
  }
}

export function parseJson(text: string, opts: JsonParseOptions = {}): JsonParse {
  const lines = opts.lines ?? new LineIndex(text);
  const shift = opts.shift ?? 0;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const where = (offset: number) => lines.human(shift + offset);
  const scan = scanStructure(text, maxDepth);
  if (scan.tooDeep) {
    const at = where(scan.tooDeep.offset);
    const path = describePath(scan.tooDeep.path);
    return {
      ok: false,
      diagnostics: [{
        severity: 'error',
        message: `JSON${inFile(opts.file)} nests deeper than ${maxDepth} levels at line ${at.line}, column ${at.column} (inside ${path}).`,
        hint: `Retrieval results rarely nest this deep; if the file is right, raise the nesting limit (maxDepth, now ${maxDepth}).`,
        file: opts.file, line: at.line, column: at.column, path,
      }],
    };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    const e = errors[0] ?? { error: 4, offset: 0, length: 0 };
    const name = printParseErrorCode(e.error);
    const at = where(e.offset);
    const more = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''} after it)` : '';
    return {
      ok: false,
      diagnostics: [{
        severity: 'error',
        message: `Invalid JSON${inFile(opts.file)}${opts.what ? ` (${opts.what})` : ''} at line ${at.line}, column ${at.column}: expected ${EXPECTED[name] ?? name}, found ${foundText(text, e.offset, e.length)}${more}.`,
        hint: 'Fix the JSON at that position (a JSON validator or VS Code\'s JSON mode shows it too).',
        file: opts.file, line: at.line, column: at.column,
      }],
    };
  }
  const warnings: Diagnostic[] = [];
  if (scan.firstComment !== undefined) {
    const at = where(scan.firstComment);
    warnings.push({
      severity: 'warning',
      message: `${scan.comments} comment${scan.comments > 1 ? 's' : ''}${inFile(opts.file)} (first at line ${at.line}, column ${at.column}): comments are not JSON; read as JSONC and ignored.`,
      file: opts.file, line: at.line, column: at.column,
    });
  }
  if (scan.firstTrailingComma !== undefined) {
    const at = where(scan.firstTrailingComma);
    warnings.push({
      severity: 'warning',
      message: `Trailing comma${inFile(opts.file)} at line ${at.line}, column ${at.column}: not valid JSON; accepted as JSONC.`,
      file: opts.file, line: at.line, column: at.column,
    });
  }
  return { ok: true, value: nodeValue(tree), tree, warnings, lines };
}

/** Range of the node at `path` (string content without its quotes). */
export function nodeRange(tree: Node, path: JsonPath, lines: LineIndex, shift = 0): SourceRange | undefined {
  const node = path.length === 0 ? tree : findNodeAtLocation(tree, path);
  if (!node) return undefined;
  let start = node.offset;
  let end = node.offset + node.length;
  if (node.type === 'string' && node.length >= 2) {
    start++;
    end--;
  }
  return lines.range(shift + start, shift + end);
}

export interface Locator {
  rangeAt(path: JsonPath): SourceRange | undefined;
  describe(path: JsonPath): string;
}

/** A JsonContext that pushes into `sink`, filling file, line and column from the path. */
export function makeContext(file: string | undefined, locator: Locator, sink: Diagnostic[]): JsonContext {
  return {
    file,
    rangeAt: (path) => {
      try {
        return locator.rangeAt(path);
      } catch {
        return undefined;
      }
    },
    describe: (path) => locator.describe(path),
    report(d) {
      const { at, ...rest } = d;
      const out: Diagnostic = { ...rest, file: rest.file ?? file };
      if (at) {
        const r = locator.rangeAt(at);
        if (r && out.line === undefined) {
          out.line = r.startLine + 1;
          out.column = r.startColumn + 1;
        }
        out.path = out.path ?? locator.describe(at);
      }
      sink.push(out);
    },
  };
}

export function jsonLocator(tree: Node, lines: LineIndex, shift = 0): Locator {
  return {
    rangeAt: (path) => nodeRange(tree, path, lines, shift),
    describe: (path) => describePath(path),
  };
}
