import { strict as assert } from 'node:assert';
import { readText } from '../../../src/core/read/index';
import { MIN_CONFIDENCE, rankReaders } from '../../../src/core/read/detect';
import type { JsonStackReader } from '../../../src/core/read/readerContract';
import type { RetrievalSet } from '../../../src/core/types';

// Local readers so these tests exercise detection itself, not the stack readers.
function stringsReader(id: string, confidence: number): JsonStackReader {
  return {
    id,
    label: `reader ${id}`,
    detect: (root) => (Array.isArray(root) && root.every((x) => typeof x === 'string') ? confidence : 0),
    read: (root, ctx): RetrievalSet[] => [{
      format: id,
      chunks: (root as string[]).map((t, i) => ({ id: `#${i + 1}`, text: t, originalRank: i + 1, scoreKind: 'unknown', metadata: {}, source: ctx.rangeAt([i]) })),
    }],
  };
}

const queryDocs: JsonStackReader = {
  id: 'query-docs',
  label: 'query with documents',
  detect: (root) => (typeof root === 'object' && root !== null && 'documents' in root ? 0.8 : 0),
  read(root, ctx) {
    const r = root as { query: string; documents: { id: string; text: string }[] };
    return [{
      query: r.query,
      format: 'query-docs',
      chunks: r.documents.map((d, i) => ({ id: d.id, text: d.text, originalRank: i + 1, scoreKind: 'unknown', metadata: {}, source: ctx.rangeAt(['documents', i, 'text']) })),
    }];
  },
};

const strings = '["the first chunk of text", "the second chunk of text"]';

describe('read/detect', () => {
  it('the most confident reader wins', () => {
    const r = readText(strings, { file: 's.json', readers: [stringsReader('weak', 0.3), stringsReader('strong', 0.9)] });
    assert.equal(r.format, 'strong');
    assert.equal(r.sets[0].format, 'strong');
    assert.equal(r.candidates, undefined);
  });

  it('a tie keeps list order, says so, and offers candidates', () => {
    const r = readText(strings, { file: 's.json', readers: [stringsReader('a', 0.5), stringsReader('b', 0.5)] });
    assert.equal(r.format, 'a');
    assert.ok(r.diagnostics.some((d) => d.severity === 'info' && /also fits reader b/.test(d.message)));
    assert.equal(r.candidates?.[0].path, '$[*]');
  });

  it('below the confidence floor nothing is guessed: candidates and "pick a text path"', () => {
    const r = readText(strings, { file: 's.json', readers: [stringsReader('faint', MIN_CONFIDENCE / 2)] });
    assert.equal(r.sets.length, 0);
    assert.equal(r.format, undefined);
    assert.equal(r.candidates?.[0].path, '$[*]');
    assert.match(r.diagnostics[0].message, /Unrecognised format of s\.json: pick a text path/);
    assert.match(r.diagnostics[0].hint ?? '', /--text-path '\$\[\*\]'/);
  });

  it('a reader that throws or finds nothing yields to the next one', () => {
    const throwing: JsonStackReader = { ...stringsReader('boom', 0.95), read: () => { throw new Error('kaput'); } };
    const empty: JsonStackReader = { ...stringsReader('empty', 0.9), read: () => [{ format: 'empty', chunks: [] }] };
    const r = readText(strings, { file: 's.json', readers: [throwing, empty, stringsReader('ok', 0.4)] });
    assert.equal(r.format, 'ok');
    assert.equal(r.sets[0].chunks.length, 2);
  });

  it('a detect() that throws counts as 0', () => {
    const bad: JsonStackReader = { ...stringsReader('bad', 1), detect: () => { throw new Error('x'); } };
    assert.deepEqual(rankReaders([], [bad]).map((r) => r.confidence), [0]);
  });

  it('duplicate ids: a warning naming both positions, the second renamed id#2, nothing lost', () => {
    const text = JSON.stringify({ query: 'q', documents: [{ id: 'd1', text: 'aaa' }, { id: 'd2', text: 'bbb' }, { id: 'd1', text: 'ccc' }, { id: 'd1#2', text: 'ddd' }] }, null, 1);
    const r = readText(text, { file: 'dup.json', readers: [queryDocs] });
    assert.deepEqual(r.sets[0].chunks.map((c) => c.id), ['d1', 'd2', 'd1#3', 'd1#2']);
    const w = r.diagnostics.find((d) => /Duplicate chunk id "d1"/.test(d.message))!;
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /chunk 1 \(line 6\) and chunk 3 \(line 14\); the second is now "d1#3"/);
    assert.equal(w.file, 'dup.json');
    assert.equal(w.line, 14);
  });

  it('a file with no text fields: an error listing what was found', () => {
    const r = readText('{"took": 3, "count": 0, "ids": [1, 2, 3]}', { file: 'none.json', readers: [queryDocs] });
    assert.equal(r.sets.length, 0);
    assert.equal(r.candidates, undefined);
    assert.match(r.diagnostics[0].message, /No text fields found in none\.json: found an object with keys took, count, ids/);
    const arr = readText('[1, 2, 3]', { file: 'n.json', readers: [] });
    assert.match(arr.diagnostics[0].message, /found an array of 3 items \(number\)/);
  });

  it('a recognised shape with no chunks read says what it looked like', () => {
    const r = readText('{"query": "q", "documents": []}', { file: 'e.json', readers: [queryDocs] });
    assert.equal(r.sets.length, 0);
    assert.match(r.diagnostics.at(-1)!.message, /Looked like query with documents, but no chunks were read/);
  });

  it('the default reader list is the stack readers (plain shapes are recognised)', () => {
    const r = readText(JSON.stringify({ query: 'what is a cross encoder', documents: ['a model that reads both texts', 'a bi-encoder embeds texts apart'] }), { file: 'p.json' });
    assert.equal(r.sets[0].query, 'what is a cross encoder');
    assert.equal(r.sets[0].chunks.length, 2);
  });
});

describe('read/detect: a reader that throws', () => {
  it('its warning reaches the result when the next reader reads the input', () => {
    const boom: JsonStackReader = { id: 'boom', label: 'Boom', detect: () => 0.9, read: () => { throw new Error('kaput'); } };
    const ok: JsonStackReader = {
      id: 'ok', label: 'OK', detect: () => 0.5,
      read: () => [{ format: 'ok', chunks: [{ id: 'a', text: 'A chunk.', originalRank: 1, scoreKind: 'unknown', metadata: {} }] }],
    };
    const r = readText('["x"]', { file: 'f.json', readers: [boom, ok] });
    assert.equal(r.format, 'ok');
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /The Boom reader failed \(kaput\); tried the next format/.test(d.message)), JSON.stringify(r.diagnostics));
    const none = readText('["x"]', { file: 'f.json', readers: [boom] });
    assert.ok(none.diagnostics.some((d) => /The Boom reader failed/.test(d.message)));
  });
});
