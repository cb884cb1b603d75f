import { strict as assert } from 'node:assert';
import { parseJson, jsonLocator, makeContext } from '../../../src/core/read/json';
import { readText } from '../../../src/core/read/index';
import { LineIndex } from '../../../src/core/read/positions';
import type { Diagnostic } from '../../../src/core/types';

function error(text: string, file = 'bad.json', maxDepth?: number): Diagnostic {
  const r = parseJson(text, { file, maxDepth });
  assert.equal(r.ok, false, 'expected a parse failure');
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.diagnostics.length, 1);
  return r.diagnostics[0];
}

describe('read/json: invalid JSON names file, line, column and what was expected', () => {
  it('missing comma between array items', () => {
    const d = error('[\n  "a"\n  "b"\n]');
    assert.equal(d.severity, 'error');
    assert.equal(d.file, 'bad.json');
    assert.equal(d.line, 3);
    assert.equal(d.column, 3);
    assert.match(d.message, /bad\.json/);
    assert.match(d.message, /line 3, column 3/);
    assert.match(d.message, /expected a comma "," between items/);
    assert.match(d.message, /found "\\"b\\""/);
  });

  it('unterminated object at end of input', () => {
    const d = error('{"query": "x",\n "documents": ["a"]');
    assert.equal(d.line, 2);
    assert.match(d.message, /expected a closing brace "}"/);
    assert.match(d.message, /found the end of the input/);
  });

  it('single-quoted property name', () => {
    const d = error("{'query': 1}");
    assert.equal(d.line, 1);
    assert.equal(d.column, 2);
    assert.match(d.message, /expected a property name in double quotes|expected a JSON value/);
  });

  it('missing colon', () => {
    const d = error('{"a" 1}');
    assert.match(d.message, /expected a colon ":" after the property name/);
    assert.equal(d.column, 6);
  });

  it('two top-level values point at JSONL', () => {
    const d = error('{"a": 1}\n{"a": 2}\n');
    assert.equal(d.line, 2);
    assert.match(d.message, /end of the input after the first JSON value/);
    assert.match(d.message, /jsonl/i);
  });

  it('columns count UTF-16 units after astral characters', () => {
    const d = error('["😀" "x"]');
    // "😀" is 2 UTF-16 units: [ " 😀 " space -> the second string starts at column 7.
    assert.equal(d.column, 7);
  });

  it('counts more problems after the first', () => {
    const d = error('[1 2 3 4]');
    assert.match(d.message, /more problems after it/);
  });

  it('readText on invalid JSON returns the diagnostic and no sets, never throws', () => {
    const r = readText('{"query": "q", "documents": ["a", }', { file: 'in.json' });
    assert.equal(r.sets.length, 0);
    assert.equal(r.diagnostics[0].severity, 'error');
    assert.equal(r.diagnostics[0].file, 'in.json');
    assert.equal(r.diagnostics[0].line, 1);
    assert.match(r.diagnostics[0].message, /expected a value/);
  });
});

describe('read/json: a broken .json file that also fails as JSONL', () => {
  it('reports the JSON error with its line and column, not a JSONL complaint', () => {
    const text = '[\n  {"id": "a", "text": "first chunk"},\n  {"id": "b", "text": "second ch';
    const r = readText(text, { file: 'broken.json' });
    assert.equal(r.sets.length, 0);
    const err = r.diagnostics.find((d) => d.severity === 'error');
    assert.ok(err, 'an error diagnostic');
    assert.equal(err.file, 'broken.json');
    assert.equal(err.line, 3);
    assert.ok(!/JSONL/.test(err.message + (err.hint ?? '')), `message talks about JSONL: ${err.message}`);
  });
});

describe('read/json: JSONC is read with warnings', () => {
  it('comments and trailing commas give warnings with positions, value intact', () => {
    const r = parseJson('{\n  // the query\n  "query": "q",\n  "documents": ["a", "b",],\n}', { file: 'c.json' });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.value, { query: 'q', documents: ['a', 'b'] });
    const comment = r.warnings.find((w) => /comment/.test(w.message));
    assert.ok(comment);
    assert.equal(comment.line, 2);
    assert.equal(comment.column, 3);
    const comma = r.warnings.find((w) => /Trailing comma/.test(w.message));
    assert.ok(comma);
    assert.equal(comma.line, 4);
    assert.equal(comma.column, 25);
  });
});

describe('read/json: nesting too deep', () => {
  it('reports the path and position instead of overflowing the stack', () => {
    const deep = '{"a": ['.repeat(5) + '1' + ']}'.repeat(5);
    const d = error(deep, 'deep.json', 6);
    assert.match(d.message, /deeper than 6 levels/);
    assert.equal(d.path, '$.a[0].a[0].a[0]');
    assert.equal(d.line, 1);
    assert.equal(d.column, 22);
    assert.match(d.hint ?? '', /maxDepth/);
  });

  it('survives 200 000 nested arrays (default limit 64)', () => {
    const n = 200_000;
    const r = readText('['.repeat(n) + ']'.repeat(n), { file: 'bomb.json' });
    assert.equal(r.sets.length, 0);
    assert.match(r.diagnostics[0].message, /deeper than 64 levels/);
    assert.equal(r.diagnostics[0].path, `$${'[0]'.repeat(64)}`);
  });

  it('accepts exactly the limit', () => {
    const ok = parseJson('['.repeat(64) + ']'.repeat(64));
    assert.equal(ok.ok, true);
  });
});

describe('read/json: locations', () => {
  const text = '{\n  "hits": [\n    {"text": "alpha beta", "n": 12},\n    {"text": "caf\\u00e9", "n": null}\n  ]\n}';
  const r = parseJson(text);
  assert.ok(r.ok);
  if (!r.ok) throw new Error('parse failed');
  const loc = jsonLocator(r.tree, r.lines);

  it('string ranges cover the content inside the quotes', () => {
    const range = loc.rangeAt(['hits', 0, 'text'])!;
    assert.equal(text.slice(range.offset, range.offset + range.length), 'alpha beta');
    assert.deepEqual([range.startLine, range.startColumn, range.endLine, range.endColumn], [2, 14, 2, 24]);
  });

  it('escaped strings map to their raw source', () => {
    const range = loc.rangeAt(['hits', 1, 'text'])!;
    assert.equal(text.slice(range.offset, range.offset + range.length), 'caf\\u00e9');
  });

  it('other values and missing paths', () => {
    const n = loc.rangeAt(['hits', 0, 'n'])!;
    assert.equal(text.slice(n.offset, n.offset + n.length), '12');
    assert.equal(loc.rangeAt(['hits', 5]), undefined);
    assert.equal(loc.describe(['hits', 3, 'odd key', 'text']), '$.hits[3]["odd key"].text');
  });

  it('report() fills file, line, column and path from `at`', () => {
    const sink: Diagnostic[] = [];
    const ctx = makeContext('x.json', loc, sink);
    ctx.report({ severity: 'warning', message: 'm', at: ['hits', 1, 'n'] });
    assert.deepEqual(sink[0], { severity: 'warning', message: 'm', file: 'x.json', line: 4, column: 32, path: '$.hits[1].n' });
  });

  it('selection base shifts lines, first-line columns and offsets', () => {
    const lines = new LineIndex('ab\ncd', { line: 10, column: 4, offset: 100 });
    assert.deepEqual(lines.range(1, 4), { startLine: 10, startColumn: 5, endLine: 11, endColumn: 1, offset: 101, length: 3 });
  });

  it('\\r\\n and lone \\r are line breaks, as in VS Code', () => {
    const lines = new LineIndex('a\r\nb\rc\nd');
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.position(7), { line: 3, column: 0, offset: 7 });
  });

  it('a __proto__ key is data, not a prototype', () => {
    const p = parseJson('{"__proto__": {"polluted": true}, "a": 1}');
    assert.ok(p.ok);
    if (!p.ok) return;
    const v = p.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__', 'a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
