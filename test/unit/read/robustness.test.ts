import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readBytes, readSelection, readText } from '../../../src/core/read/index';
import type { ReadResult } from '../../../src/core/types';

/** Every outcome is either usable (sets with chunks) or says why not with an error message. */
function assertClear(r: ReadResult): void {
  assert.ok(Array.isArray(r.sets) && Array.isArray(r.diagnostics));
  for (const d of r.diagnostics) assert.ok(typeof d.message === 'string' && d.message.length > 0);
  const usable = r.sets.some((s) => s.chunks.length > 0);
  if (!usable) assert.ok(r.diagnostics.some((d) => d.severity === 'error'), JSON.stringify(r));
  for (const s of r.sets) for (const c of s.chunks) assert.equal(typeof c.text, 'string');
}

const FILES = ['x.json', 'x.jsonl', 'x.tsv', 'x.txt', undefined];

describe('read: never throws, always explains (fuzz)', () => {
  it('arbitrary JSON values', () => {
    fc.assert(fc.property(fc.json(), fc.constantFrom(...FILES), (json, file) => assertClear(readText(json, { file }))), { numRuns: 400 });
  });

  it('arbitrary text, as files and as selections', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(...FILES), (text, file) => {
        assertClear(readText(text, { file }));
        assertClear(readSelection(text, { file, startLine: 3, startColumn: 1 }));
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...FILES), (bytes, file) => assertClear(readBytes(bytes, { file }))), { numRuns: 400 });
  });

  it('JSON cut at any point (truncated downloads)', () => {
    const doc = JSON.stringify({ query: 'how do birds navigate', documents: [{ id: 'a', text: 'Birds use the stars to navigate.' }, { id: 'b', text: 'Some follow coastlines.' }] }, null, 2);
    for (let cut = 0; cut < doc.length; cut++) assertClear(readText(doc.slice(0, cut), { file: 'cut.json' }));
  });
});
