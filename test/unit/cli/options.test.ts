// The CLI's option parsing and input-choosing helpers, without an engine.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { candidateSuggestions, chooseSets, describeDiagnostic, loadInput, readOptionsOf, shellQuote, type LoadedInput } from '../../../src/cli/load';
import { parseOptions, UsageError, type CliOptions } from '../../../src/cli/options';
import { oneLine } from '../../../src/cli/output';
import type { RetrievalSet } from '../../../src/core/types';
import { TINY_MODEL_DIR } from '../../support/paths';

function parse(args: string[]): CliOptions {
  const o = parseOptions(['rerank', 'in.json', '--model', TINY_MODEL_DIR, ...args]);
  assert.notEqual(o, 'help');
  return o as CliOptions;
}

function usageError(args: string[], message: RegExp): void {
  assert.throws(() => parse(args), (e: unknown) => e instanceof UsageError && message.test(e.message));
}

describe('cli options', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rl-cli-opts-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--backslashes copy|literal sets the TSV backslash rule (default: decided from the file), and loading passes it to the reader', () => {
    assert.equal(parse([]).backslashes, undefined);
    assert.equal(parse(['--backslashes', 'copy']).backslashes, 'copy');
    assert.equal(parse(['--backslashes', 'literal']).backslashes, 'literal');
    usageError(['--backslashes', 'decode'], /--backslashes must be one of copy, literal \(got "decode"\)/);
    usageError(['--backslashes'], /backslashes/);
    assert.deepEqual(readOptionsOf(parse(['--backslashes', 'copy', '--text-path', '$[*].t'])), { overrides: { textPath: '$[*].t' }, backslashes: 'copy' });
    assert.deepEqual(readOptionsOf(parse([])), {});
    const help = execFileSync(process.execPath, ['--import', 'tsx', '-e', "process.stdout.write(require('./src/cli/options').USAGE)"], { encoding: 'utf8' });
    assert.match(help, /--backslashes copy\|literal\n\s+backslashes in TSV: copy = decode PostgreSQL COPY text escapes \(\\n, \\t, \\\\,/);
  });

  it('--backslashes reaches the TSV reader through loadInput', async () => {
    const file = join(dir, 'unmarked.tsv');
    writeFileSync(file, 'id\ttext\nk-1\tFirst line\\nsecond line of the note.\n');
    const io = { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as Parameters<typeof loadInput>[1];
    const literal = await loadInput({ ...parse([]), file }, io);
    assert.equal(literal.result.sets[0].chunks[0].text, 'First line\\nsecond line of the note.');
    const copy = await loadInput({ ...parse(['--backslashes', 'copy']), file }, io);
    assert.equal(copy.result.sets[0].chunks[0].text, 'First line\nsecond line of the note.');
  });

  it('maps the path options to reader overrides and the size limit to bytes', () => {
    const o = parse(['--text-path', '$.hits[*].body', '--query-path', '$.q', '--id-path', '$.hits[*].key', '--score-path', '$.hits[*].s', '--max-file-size-mb', '2.5', '--query-index', '0']);
    assert.deepEqual(o.overrides, { textPath: '$.hits[*].body', queryPath: '$.q', idPath: '$.hits[*].key', scorePath: '$.hits[*].s' });
    assert.equal(o.maxBytes, Math.round(2.5 * 1024 * 1024));
    assert.equal(o.queryIndex, 0);
    assert.equal(parse([]).overrides, undefined);
    assert.equal(parse([]).maxBytes, undefined);
    assert.equal(parse([]).queryIndex, undefined);
  });

  it('refuses bad values with a message naming the option', () => {
    usageError(['--query-index=-1'], /--query-index must be a whole number of at least 0/);
    usageError(['--query-index', '1.5'], /--query-index/);
    usageError(['--max-file-size-mb', '0'], /--max-file-size-mb must be a positive number/);
    usageError(['--max-file-size-mb', 'lots'], /--max-file-size-mb/);
    usageError(['--text-path', ' '], /--text-path is empty/);
    usageError(['--query', ''], /--query is empty/);
    usageError(['--export-style', 'cohere'], /--export-style needs --export PATH/);
    usageError(['--export', join(dir, 'x.json'), '--export-style', 'trec'], /--export-style must be one of same, cohere/);
    usageError(['--export', 'in.json'], /would overwrite the input file/);
    usageError(['--export', dir], /it is a folder/);
    usageError(['--nope'], /Unknown option '--nope'/);
  });

  it('--export defaults to the same style and resolves the path', () => {
    const o = parse(['--export', join(dir, 'out.json')]);
    assert.deepEqual(o.export, { path: join(dir, 'out.json'), style: 'same' });
    assert.equal(parse(['--export', join(dir, 'o.json'), '--export-style', 'cohere']).export?.style, 'cohere');
  });

  it('shellQuote survives the shell for any path', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }).filter((s) => !s.includes('\u0000')), (s) => {
        assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' }), s);
      }),
      { numRuns: 40 },
    );
  });

  it('candidate suggestions are ready-to-paste options with untrusted examples flattened', () => {
    const text = candidateSuggestions([{ path: "$.a['it''s'][*].t", count: 2, averageLength: 40, example: 'line one\u001b[31m\nline two' }]);
    assert.match(text, /^Chunk texts may be at one of these paths/);
    assert.ok(!text.includes('\u001b'));
    const pasted = /--text-path ('.*?')\s+#/.exec(text)![1];
    assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${pasted}`], { encoding: 'utf8' }), "$.a['it''s'][*].t");
  });

  it('describeDiagnostic names file, line, column and path unless the message does', () => {
    assert.equal(describeDiagnostic({ severity: 'error', message: 'Bad value.', file: 'f.json', line: 3, column: 7, path: '$.x' }), 'f.json, line 3, column 7, $.x: Bad value.');
    assert.equal(describeDiagnostic({ severity: 'error', message: 'Invalid JSON in f.json at line 3, column 7.', file: 'f.json', line: 3, column: 7 }), 'Invalid JSON in f.json at line 3, column 7.');
    assert.equal(describeDiagnostic({ severity: 'warning', message: 'Odd.' }, '<stdin>'), '<stdin>: Odd.');
  });

  it('oneLine keeps terminal control characters out and cuts to width', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 50 }), (s, w) => {
        const out = oneLine(s, w);
        // eslint-disable-next-line no-control-regex
        assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(out));
        assert.ok(Array.from(out).length <= w);
      }),
    );
  });
});

describe('cli choosing query sets', () => {
  const chunk = { id: '#1', text: 't', originalRank: 1, scoreKind: 'unknown' as const, metadata: {} };
  const set = (query?: string, queryId?: string): RetrievalSet => ({ chunks: [chunk], format: 'f', ...(query ? { query } : {}), ...(queryId ? { queryId } : {}) });
  const loaded = (...sets: RetrievalSet[]): LoadedInput => ({ label: 'in.json', text: '', result: { sets, diagnostics: [], format: 'f' } });
  const opts = (o: Partial<CliOptions> = {}): CliOptions => ({ ...(parseOptions(['rerank', 'in.json', '--model', TINY_MODEL_DIR]) as CliOptions), ...o });

  it('all sets by default, one with --query-index, --query replacing every query', () => {
    const l = loaded(set('a'), set('b', 'q2'), set('c'));
    assert.deepEqual(chooseSets(l, opts()).map((c) => [c.index, c.set.query]), [[0, 'a'], [1, 'b'], [2, 'c']]);
    assert.deepEqual(chooseSets(l, opts({ queryIndex: 1 })).map((c) => [c.index, c.set.query, c.set.queryId]), [[1, 'b', 'q2']]);
    const over = chooseSets(l, opts({ query: 'z' }));
    assert.deepEqual(over.map((c) => c.set.query), ['z', 'z', 'z']);
    assert.equal(over[0].original, l.result.sets[0], 'the set as read is kept for export');
    assert.equal(over[0].set.chunks, l.result.sets[0].chunks);
  });

  it('says how many queries there are when --query-index is out of range, and which sets lack a query', () => {
    assert.throws(() => chooseSets(loaded(set('a'), set('b')), opts({ queryIndex: 2 })), /--query-index 2 is out of range: in\.json holds 2 queries \(indexes 0 to 1\)/);
    assert.throws(() => chooseSets(loaded(set('a')), opts({ queryIndex: 1 })), /holds 1 query \(indexes 0 to 0\)/);
    assert.throws(() => chooseSets(loaded(set('a'), set(undefined, 'q9'), set()), opts()), (e: unknown) => e instanceof UsageError && /2 of the 3 query sets of in\.json \(f\) have no query text \(index 1 \(id q9\); 2\)/.test(e.message) && /--query-index N/.test(e.hint!));
    assert.throws(() => chooseSets(loaded(set(), set()), opts()), /The 2 query sets of in\.json \(f\) hold no query text/);
    assert.throws(() => chooseSets(loaded(set('a'), set()), opts({ queryIndex: 1 })), /Query set 1 of in\.json \(f\) has no query text/);
    assert.equal(chooseSets(loaded(set('a'), set()), opts({ queryIndex: 0 })).length, 1, 'a set with a query can be picked alone');
  });
});
