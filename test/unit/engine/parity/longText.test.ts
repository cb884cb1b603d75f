// The engine's own encoding path (pairStream.ts, inline when there is no tokenizer worker) must cut long
// texts before tokenizing them (issue 12: one 10 MB chunk took 17.5 s and 1.4 GB when tokenized whole).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { encodedPairs } from '../../../../src/engine/pairStream';
import type { LoadedModel } from '../../../../src/engine/model';
import { exactPairTokenizer, readTokenizerFiles } from '../../../../src/engine/tokenizer';
import { TOKENIZER_FIXTURES } from './sources';

describe('engine/pairStream: long texts are cut before tokenizing', () => {
  it('a 5 MB chunk and a 1 MB query: a few KB tokenized, counts flagged as lower bounds', async () => {
    const files = readTokenizerFiles(join(TOKENIZER_FIXTURES, 'bert-base-uncased'));
    const tok = exactPairTokenizer(files.json, files.config);
    const seen: number[] = [];
    const counting = { ...tok, encodeNoSpecial: (t: string) => (seen.push(t.length), tok.encodeNoSpecial(t)) };
    const model = { tokenizer: counting } as unknown as LoadedModel;
    const unit = 'The river bank flooded in spring, and the museum in Berlin closed for a week. ';
    const chunk = unit.repeat(Math.ceil(5_000_000 / unit.length));
    const query = 'how do rivers flood '.repeat(50_000);
    const pairs = [];
    for await (const p of encodedPairs(model, [query], () => 0, [chunk, 'short chunk'], 512, () => false)) pairs.push(p);
    assert.equal(pairs.length, 2);
    assert.ok(Math.max(...seen) < 50_000, `tokenized texts of ${seen.join(', ')} chars`);
    assert.equal(pairs[0].inputIds.length, 512);
    assert.equal(pairs[0].chunkTokensIsLowerBound, true);
    assert.equal(pairs[0].queryTokensIsLowerBound, true);
    assert.equal(pairs[1].chunkTokensIsLowerBound, false);
    assert.equal(pairs[1].chunkTokens, 2);
  });
});
