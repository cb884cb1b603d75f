// The splitter compare and explain share: their own flags out, the rest to the rerank parser, the same
// rules for both (a following option is not a value, `--` ends options, refused rerank flags say why).
import { strict as assert } from 'node:assert';
import { onceOf, splitOwnFlags, type OwnFlagsSpec } from '../../../src/cli/ownFlags';
import { UsageError } from '../../../src/cli/options';

const spec: OwnFlagsSpec = { command: 'demo', values: ['scorer', 'k'], bools: ['basic'], refused: { export: 'demo writes no export' } };

describe('cli: subcommand flags split from the rerank options', () => {
  it('keeps every value of a repeated flag in order, both spellings, and passes the rest on', () => {
    const own = splitOwnFlags(['in.json', '--scorer', 'local:a', '--query', 'q', '--scorer=tei:http://x', '--basic', '--k=3'], spec);
    assert.notEqual(own, 'help');
    if (own === 'help') return;
    assert.deepEqual(own.values, { scorer: ['local:a', 'tei:http://x'], k: ['3'] });
    assert.deepEqual([...own.bools], ['basic']);
    assert.deepEqual(own.rest, ['in.json', '--query', 'q']);
  });

  it('a following option is not a value; --flag=--id is', () => {
    assert.throws(() => splitOwnFlags(['--scorer', '--k', '2'], spec), (e: unknown) => e instanceof UsageError && /--scorer needs a value/.test(e.message) && /--scorer=VALUE/.test(e.hint ?? ''));
    const own = splitOwnFlags(['--scorer=--odd'], spec);
    assert.ok(own !== 'help' && own.values.scorer[0] === '--odd');
  });

  it('-- ends the options: what follows goes to the rerank parser untouched', () => {
    const own = splitOwnFlags(['--k', '2', '--', '--scorer', 'x'], spec);
    assert.ok(own !== 'help');
    assert.deepEqual(own.rest, ['--', '--scorer', 'x']);
    assert.deepEqual(own.values, { k: ['2'] });
  });

  it('refuses a rerank flag the subcommand cannot honour, saying why; --help wins', () => {
    assert.throws(() => splitOwnFlags(['--export', 'out.csv'], spec), /demo does not take --export: demo writes no export\./);
    assert.equal(splitOwnFlags(['--k', '2', '-h'], spec), 'help');
    // A bool flag given a value is not taken as the bool (the rerank parser then names it).
    const own = splitOwnFlags(['--basic=yes'], spec);
    assert.ok(own !== 'help' && own.rest[0] === '--basic=yes' && own.bools.size === 0);
  });

  it('onceOf refuses a flag given twice', () => {
    const own = splitOwnFlags(['--k', '1', '--k', '2'], spec);
    assert.ok(own !== 'help');
    assert.throws(() => onceOf(own, 'k'), /--k is given 2 times/);
    assert.equal(onceOf(own, 'scorer'), undefined);
  });
});
