import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readSelection } from '../../../src/core/read/index';
import { splitText } from '../../../src/core/read/split';
import type { ReadResult, SourceRange } from '../../../src/core/types';

// ---------- property tests: render generated chunks in each style, split, compare ----------

const word = fc.stringMatching(/^[a-z]{1,8}$/);
/** Chunk text: words separated by spaces or single line breaks (never a blank line, never a marker). */
const chunkText = (nl: string) =>
  fc.array(fc.tuple(word, fc.constantFrom(' ', ' ', nl)), { minLength: 1, maxLength: 8 }).map((parts) =>
    parts.map(([w, sep], i) => (i === parts.length - 1 ? w : w + sep)).join(''),
  );

type Style = 'dot' | 'paren' | 'bracket' | 'header' | 'headerNextLine' | 'boldHeader' | 'dash' | 'star' | 'separator' | 'paragraph';
const STYLES: Style[] = ['dot', 'paren', 'bracket', 'header', 'headerNextLine', 'boldHeader', 'dash', 'star', 'separator', 'paragraph'];
const EXPECTED_STYLE: Record<Style, string> = {
  dot: 'numbered', paren: 'numbered', bracket: 'numbered', header: 'headers', headerNextLine: 'headers', boldHeader: 'headers',
  dash: 'bullets', star: 'bullets', separator: 'separators', paragraph: 'paragraphs',
};

function render(style: Style, chunks: string[], nl: string, loose: boolean, start: number): string {
  const gap = loose ? nl + nl : nl;
  switch (style) {
    case 'dot': return chunks.map((c, i) => `${start + i}. ${c}`).join(gap);
    case 'paren': return chunks.map((c, i) => `${start + i}) ${c}`).join(gap);
    case 'bracket': return chunks.map((c, i) => `[${start + i}] ${c}`).join(gap);
    case 'header': return chunks.map((c, i) => `Document ${start + i}: ${c}`).join(gap);
    case 'headerNextLine': return chunks.map((c, i) => `Chunk ${start + i}:${nl}${c}`).join(gap);
    case 'boldHeader': return chunks.map((c, i) => `**Passage ${start + i}:** ${c}`).join(gap);
    case 'dash': return chunks.map((c) => `- ${c}`).join(gap);
    case 'star': return chunks.map((c) => `* ${c}`).join(gap);
    case 'separator': return chunks.join(`${loose ? nl : ''}${nl}---${nl}${loose ? nl : ''}`);
    case 'paragraph': return chunks.join(loose ? `${nl}  ${nl}${nl}` : nl + nl);
  }
}

/** Independent position check: line/column of an offset by splitting the document. */
function positionOf(doc: string, offset: number): { line: number; column: number } {
  const before = doc.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, column: before[before.length - 1].length };
}

function assertExactRange(doc: string, range: SourceRange | undefined, text: string): void {
  assert.ok(range);
  assert.equal(doc.slice(range.offset, range.offset + range.length), text);
  assert.deepEqual({ line: range.startLine, column: range.startColumn }, positionOf(doc, range.offset));
  assert.deepEqual({ line: range.endLine, column: range.endColumn }, positionOf(doc, range.offset + range.length));
}

describe('read/selection: property-based splitting', () => {
  it('recovers exactly the chunks of every style, with exact document ranges', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STYLES),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' ')), { nil: undefined }),
        fc.array(word, { maxLength: 4 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(chunkText('\n'), { minLength: 2, maxLength: 7 }),
        (style, nl, loose, start, query, prefixWords, indent, rawChunks) => {
          const chunks = rawChunks.map((c) => c.replace(/\n/g, nl));
          const body = render(style, chunks, nl, loose, start);
          const selection = (query !== undefined ? `Query: ${query}${nl}${loose ? nl : ''}` : '') + body;
          // The selection sits inside a document: some lines before, and it may start mid-line.
          const before = prefixWords.map((w) => `${w}${nl}`).join('') + ' '.repeat(indent);
          const doc = `${before}${selection}${nl}trailing text`;
          const startPos = positionOf(doc, before.length);
          const r = readSelection(selection, { file: 'notes.md', startLine: startPos.line, startColumn: startPos.column, startOffset: before.length });
          assert.equal(r.sets.length, 1, JSON.stringify(r.diagnostics));
          const set = r.sets[0];
          assert.equal(set.format, `selection-${EXPECTED_STYLE[style]}`, selection);
          assert.deepEqual(set.chunks.map((c) => c.text), chunks);
          set.chunks.forEach((c, i) => {
            assertExactRange(doc, c.source, c.text);
            assert.equal(c.originalRank, i + 1);
          });
          if (query !== undefined) {
            assert.equal(set.query, query);
            assertExactRange(doc, set.querySource, query);
          } else assert.equal(set.query, undefined);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('ranges stay exact for arbitrary text (whatever split is chosen)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 0, max: 5 }), (text, col) => {
        const r = readSelection(text, { startLine: 2, startColumn: col, startOffset: 6 + col });
        if (text.trim() === '') {
          assert.equal(r.sets.length, 0);
          return;
        }
        const doc = `ab\ncd\n${' '.repeat(col)}${text}`;
        for (const s of r.sets) {
          for (const c of s.chunks) if (s.format.startsWith('selection-')) assertExactRange(doc, c.source, c.text);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------- examples ----------

function sel(text: string, startLine = 0, startColumn = 0): ReadResult {
  return readSelection(text, { file: 'a.md', startLine, startColumn, startOffset: 0 });
}
const texts = (r: ReadResult) => r.sets[0]?.chunks.map((c) => c.text);

describe('read/selection: examples', () => {
  it('an empty selection is an error naming the file and position', () => {
    const r = readSelection('  \n ', { file: 'a.md', startLine: 4, startColumn: 2 });
    assert.equal(r.sets.length, 0);
    assert.equal(r.diagnostics[0].severity, 'error');
    assert.equal(r.diagnostics[0].message, 'The selection in a.md is empty.');
    assert.equal(r.diagnostics[0].line, 5);
    assert.equal(r.diagnostics[0].column, 3);
  });

  it('a query line with nothing after it is an error', () => {
    const r = sel('Q: what is reranking\n\n');
    assert.match(r.diagnostics[0].message, /No chunk text after the query line/);
  });

  it('numbered items continue over lines that merely start with a number', () => {
    const r = sel('1. The war ended in\n1945. It was a long war.\n2. Second item');
    assert.equal(r.sets[0].format, 'selection-numbered');
    assert.deepEqual(texts(r), ['The war ended in\n1945. It was a long war.', 'Second item']);
  });

  it('paragraphs that do not start with a bullet win over a stray bullet list', () => {
    const r = sel('- first point\n- second point\n\nA paragraph of plain text\nthat continues.');
    assert.equal(r.sets[0].format, 'selection-paragraphs');
    assert.deepEqual(texts(r), ['- first point\n- second point', 'A paragraph of plain text\nthat continues.']);
  });

  it('indented continuation paragraphs stay in their numbered item', () => {
    const r = sel('1. First item\n\n   more of the first item\n\n2. Second item');
    assert.deepEqual(texts(r), ['First item\n\n   more of the first item', 'Second item']);
  });

  it('headers with --- between them drop the separators', () => {
    const r = sel('Document 1: alpha text\n---\nDocument 2: beta text\n---\n');
    assert.deepEqual(texts(r), ['alpha text', 'beta text']);
  });

  it('markdown headings as chunk headers', () => {
    const r = sel('## Context 1\nalpha\n\n## Context 2\nbeta');
    assert.equal(r.sets[0].format, 'selection-headers');
    assert.deepEqual(texts(r), ['alpha', 'beta']);
  });

  it('one block of text is one chunk, with a note saying how to separate chunks', () => {
    const r = sel('just one chunk\nover two lines');
    assert.deepEqual(texts(r), ['just one chunk\nover two lines']);
    assert.equal(r.sets[0].format, 'selection-single');
    assert.match(r.diagnostics[0].message, /one chunk/);
  });

  it('a JSON array after a Query: line is read like a file, the query applied, ranges in the document', () => {
    const text = 'Query: how do birds navigate\n["Birds use the stars.", "Birds sense the magnetic field."]';
    const r = readSelection(text, { file: 'a.md', startLine: 10, startColumn: 4, startOffset: 200 });
    assert.equal(r.sets[0].query, 'how do birds navigate');
    assert.deepEqual(texts(r), ['Birds use the stars.', 'Birds sense the magnetic field.']);
    const s = r.sets[0].chunks[1].source!;
    assert.deepEqual([s.startLine, s.startColumn, s.offset], [11, 26, 200 + text.indexOf('Birds sense')]);
    assert.deepEqual([r.sets[0].querySource!.startLine, r.sets[0].querySource!.startColumn], [10, 11]);
  });

  it('invalid JSON in a selection reports document positions', () => {
    const r = readSelection('{\n  "query": "q",\n  "documents": ["a" "b"]\n}', { file: 'a.md', startLine: 20, startColumn: 0 });
    assert.equal(r.sets.length, 0);
    assert.equal(r.diagnostics[0].line, 23);
    assert.equal(r.diagnostics[0].column, 21);
    assert.match(r.diagnostics[0].message, /expected a comma/);
  });

  it('JSONL in a selection, with a broken line reported at its document line', () => {
    const r = readSelection('{"query": "q1", "documents": ["alpha text", "beta text"]}\n{"query": oops}\n{"query": "q2", "documents": ["gamma text"]}', { file: 'a.md', startLine: 7, startColumn: 0 });
    assert.deepEqual(r.sets.map((s) => s.query), ['q1', 'q2']);
    assert.ok(r.diagnostics.some((d) => d.line === 9 && /Skipped line 9/.test(d.message)), JSON.stringify(r.diagnostics));
  });

  it('long numbered lists keep counting past 9999', () => {
    const items = Array.from({ length: 12000 }, (_, i) => `item text ${String.fromCharCode(97 + (i % 26))}`);
    const r = sel(items.map((t, i) => `${i + 1}. ${t}`).join('\n'));
    assert.equal(r.sets[0].chunks.length, 12000);
    assert.equal(r.sets[0].chunks[11999].text, items[11999]);
  });

  it('[1] style lists are not mistaken for JSON', () => {
    const r = sel('[1] first passage\n[2] second passage');
    assert.deepEqual(texts(r), ['first passage', 'second passage']);
  });

  it('splitText exposes the body start after the query line', () => {
    const s = splitText('Question: why\n\n- a\n- b');
    assert.equal(s.query?.text, 'why');
    assert.equal(s.style, 'bullets');
    assert.equal(s.bodyStart, 'Question: why'.length);
  });

  it('a whole-file selection skips a title and notes above the Query: line and the numbered list', () => {
    const doc = '# Incident notes\n\nSelect the chunks below, then rerank.\n\nQuery: why do connections run out\n\n1. Pool of 20 per pod.\n2. Dashboards are grouped by team.\n3. Long transactions hold connections.\n';
    const r = readSelection(doc, { file: 'notes.md', startLine: 10, startColumn: 0, startOffset: 500 });
    assert.equal(r.format, 'selection-numbered');
    assert.equal(r.sets[0].query, 'why do connections run out');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.text), ['Pool of 20 per pod.', 'Dashboards are grouped by team.', 'Long transactions hold connections.']);
    // Ranges are document positions: the first chunk sits on line 6 of the selection (0-based), after "1. ".
    assert.deepEqual([r.sets[0].chunks[0].source?.startLine, r.sets[0].chunks[0].source?.startColumn], [16, 3]);
    assert.equal(r.sets[0].querySource?.startLine, 14);
    const note = r.diagnostics.find((d) => d.severity === 'info');
    assert.match(note?.message ?? '', /Skipped the text above the numbered list \(lines 11-14\)/);
  });

  it('plain paragraphs are not mistaken for notes above a list (a list of 2 is not enough)', () => {
    const s = splitText('First paragraph about pools.\n\nSecond paragraph.\n\n- one\n- two\n');
    assert.equal(s.style, 'paragraphs');
    assert.equal(s.skipped, undefined);
  });
});


describe('read/selection: selected tables', () => {
  it('psql output selected under a Query: line reads as a table, positions in the document', () => {
    const text = 'Query: why is the pool exhausted\nid\tcontent\tdistance\np1\tThe pool is exhausted when all are out.\t0.1\np2\tRetries back off.\t0.5\n(2 rows)\n';
    const r = readSelection(text, { file: 'notes.md', startLine: 10, startColumn: 0, startOffset: 500 });
    assert.equal(r.format, 'tsv-header');
    assert.equal(r.sets[0].query, 'why is the pool exhausted');
    const [a, b] = r.sets[0].chunks;
    assert.deepEqual([a.id, a.scoreKind, b.id], ['p1', 'distance', 'p2']);
    assert.equal(a.source!.startLine, 12);
    assert.equal(a.source!.offset, 500 + text.indexOf('The pool'));
    assert.deepEqual(a.origin, { line: 2 });
  });

  it('a tab-indented numbered list is still a list, not a table', () => {
    const r = readSelection('1.\tThe first chunk of text.\n2.\tThe second chunk of text.\n', { file: 'n.md', startLine: 0, startColumn: 0 });
    assert.notEqual(r.format, 'tsv-id-passage');
    assert.equal(r.sets[0].chunks.length, 2);
  });
});
