// CSV in, CSV out: five rerank columns, records reordered, quoted fields (commas, quotes, line breaks)
// written back quoted, and the export reads again as the same chunks.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportReranked, type ExportSet } from '../../../src/core/export/index';
import { readText } from '../../../src/core/read/index';
import type { ReadResult } from '../../../src/core/types';

/** Reverses the order: the last chunk gets rank 1. */
function reverse(result: ReadResult): ExportSet[] {
  return result.sets.map((set) => {
    const n = set.chunks.length;
    const ranked = set.chunks.map((chunk, i) => ({ index: i, score: { score: i, probability: i / n }, rank: n - i, chunk }));
    return { set, ranked, kept: ranked.map((r) => r.rank <= 2) };
  });
}

describe('export/csv', () => {
  it('psql csv export: header and rows gain the rerank columns, rows in reranked order, quotes kept', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../fixtures/formats/real/psql-copy.csv'), 'utf8');
    const result = readText(text, { file: 'psql-copy.csv' });
    const out = exportReranked({ text, result }, reverse(result), 'same');
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.fileExtension, 'csv');
    const lines = out.text.trimEnd().split('\n');
    assert.equal(lines[0], 'id,title,content,distance,rerank_score,rerank_probability,rerank_logit,rerank_rank,original_rank,kept');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['index-1', 'retry-1', 'pool-1', 'pool-2']);
    assert.match(lines[1], /^index-1,Indexes,"A missing index turns a lookup into a full scan, and slow queries hold their connections longer\.",0\.7275258084208664,3,0\.75,3,1,4,true$/);
    const again = readText(out.text, { file: 'again.csv' });
    assert.deepEqual(again.sets[0].chunks.map((c) => [c.id, c.text]), [...result.sets[0].chunks].reverse().map((c) => [c.id, c.text]));
  });

  it('fields with quotes and line breaks survive the round trip', () => {
    const text = 'id,content\na,"Say ""hi"", then wait.\nNext line."\nb,plain text here\n';
    const result = readText(text, { file: 'q.csv' });
    const out = exportReranked({ text, result }, reverse(result), 'same');
    const again = readText(out.text, { file: 'q2.csv' });
    assert.deepEqual(again.sets[0].chunks.map((c) => c.text), ['plain text here', 'Say "hi", then wait.\nNext line.']);
  });

  it('a semicolon CSV (DBeaver / Excel in decimal-comma locales) is written back with semicolons and decimal commas, and reads again the same', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../fixtures/formats/wild/dbeaver-semicolon.csv'), 'utf8');
    const result = readText(text, { file: 'dbeaver.csv' });
    const out = exportReranked({ text, result }, reverse(result), 'same');
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.fileExtension, 'csv');
    const lines = out.text.trimEnd().split('\n');
    assert.equal(lines[0], 'id;content;distance;rerank_score;rerank_probability;rerank_logit;rerank_rank;original_rank;kept');
    // The text with a semicolon in it stays quoted; the rerank numbers use the file's decimal comma.
    const pool2 = lines.find((l) => l.startsWith('pool-2;'))!;
    assert.match(pool2, /^pool-2;"[^"]*;[^"]*";0,1351;/);
    assert.match(lines[1], /;0,\d+;/);
    const again = readText(out.text, { file: 'again.csv' });
    assert.deepEqual(again.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore]), [...result.sets[0].chunks].reverse().map((c) => [c.id, c.text, c.retrieverScore]));
  });
});
