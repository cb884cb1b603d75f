import { strict as assert } from 'node:assert';
import { decodeBytes, firstInvalidUtf8 } from '../../../src/core/read/bytes';
import { readBytes, readText } from '../../../src/core/read/index';

const enc = (s: string) => new TextEncoder().encode(s);
const doc = '["first retrieved chunk text", "second retrieved chunk text"]';

function utf16(s: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + 2 * i] = bigEndian ? c >> 8 : c & 0xff;
    out[3 + 2 * i] = bigEndian ? c & 0xff : c >> 8;
  }
  return out;
}

describe('read/bytes', () => {
  it('a UTF-8 BOM is dropped with a note, positions count from after it', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('{"a": }')]);
    const r = readBytes(bytes, { file: 'bom.json' });
    assert.ok(r.diagnostics.some((d) => d.severity === 'info' && /UTF-8 byte order mark/.test(d.message) && d.file === 'bom.json'));
    const err = r.diagnostics.find((d) => d.severity === 'error')!;
    assert.equal(err.line, 1);
    assert.equal(err.column, 7);
  });

  it('a BOM inside a string given to readText is dropped too', () => {
    const r = readText('\ufeff' + doc, { file: 'b.json' });
    assert.ok(r.diagnostics.some((d) => /byte order mark/.test(d.message)));
    assert.equal(r.sets[0]?.chunks.length, 2);
  });

  for (const be of [false, true]) {
    it(`UTF-16 ${be ? 'BE' : 'LE'} with BOM is decoded`, () => {
      const d = decodeBytes(utf16(doc, be), { file: 'w.json' });
      assert.ok(d.ok);
      if (d.ok) assert.equal(d.text, doc);
      const r = readBytes(utf16(doc, be), { file: 'w.json' });
      assert.deepEqual(r.sets[0]?.chunks.map((c) => c.text), ['first retrieved chunk text', 'second retrieved chunk text']);
    });
  }

  it('binary content: NUL byte offset, line and column', () => {
    const bytes = new Uint8Array([...enc('ab\ncd'), 0, 1, 2]);
    const r = readBytes(bytes, { file: 'img.png' });
    assert.equal(r.sets.length, 0);
    const d = r.diagnostics[0];
    assert.equal(d.severity, 'error');
    assert.match(d.message, /img\.png looks binary: NUL byte at byte offset 5 \(line 2, column 3\)/);
    assert.equal(d.line, 2);
  });

  it('invalid UTF-8: names the byte, its offset, line and column', () => {
    const bytes = new Uint8Array([...enc('["ok",\n "caf'), 0xe9, ...enc('"]')]); // Latin-1 é
    const r = readBytes(bytes, { file: 'latin1.json' });
    const d = r.diagnostics[0];
    assert.equal(d.severity, 'error');
    assert.match(d.message, /latin1\.json is not valid UTF-8: byte 0xE9 at byte offset 12 \(line 2, column 6\)/);
    assert.match(d.hint ?? '', /Latin-1/);
    assert.equal(d.line, 2);
    assert.equal(d.column, 6);
  });

  it('firstInvalidUtf8 finds overlongs, surrogates and truncated sequences', () => {
    assert.equal(firstInvalidUtf8(enc('héllo 😀')), -1);
    assert.equal(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80])), 1); // overlong
    assert.equal(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xed, 0xa0, 0x80])), 2); // surrogate
    assert.equal(firstInvalidUtf8(new Uint8Array([0x41, 0xf0, 0x9f])), 1); // truncated
  });

  it('over the size limit: says the size, the limit and how to raise it, without decoding', () => {
    const r = readBytes(new Uint8Array(3 * 1024 * 1024), { file: 'big.json', maxBytes: 2 * 1024 * 1024 });
    const d = r.diagnostics[0];
    assert.equal(d.severity, 'error');
    assert.match(d.message, /big\.json is 3\.0 MB, over the 2\.0 MB size limit/);
    assert.match(d.hint ?? '', /Raise the size limit .*maxFileSizeMB/);
  });

  it('readText applies the limit to the UTF-8 size', () => {
    const r = readText('"é"'.repeat(10), { file: 's.json', maxBytes: 35 });
    assert.match(r.diagnostics[0].message, /s\.json is 40 bytes, over the 35 bytes size limit/);
  });

  it('UTF-32 is refused with a message', () => {
    const r = readBytes(new Uint8Array([0xff, 0xfe, 0, 0, 0x5b, 0, 0, 0]), { file: 'u32.json' });
    assert.match(r.diagnostics[0].message, /UTF-32/);
  });

  it('empty input: a clear error', () => {
    for (const t of ['', '  \n\t ']) {
      const r = readText(t, { file: 'empty.json' });
      assert.equal(r.sets.length, 0);
      assert.equal(r.diagnostics[0].message, 'empty.json is empty.');
    }
  });
});
