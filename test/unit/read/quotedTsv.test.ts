// Tab-separated files with quoted cells (Excel "Unicode Text" / "Text (Tab delimited)", LibreOffice,
// pandas to_csv(sep='\t')): a cell holding a tab, a line break or a quote is in double quotes with ""
// inside. Read through the front door from bytes (UTF-16 too), table-driven: texts, ids, scores and
// their kind, ranks, format, the note; and the negatives: COPY exports and plain TSVs keep their quotes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBytes, readText } from '../../../src/core/read/index';

const DIR = path.resolve(__dirname, '../../fixtures/formats/wild');
const S = 'similarity';
const U = 'unknown';

interface Case {
  file: string;
  format: string;
  query?: string;
  /** [id, whole text, score, kind, rank]. */
  chunks: [string, string, number | undefined, string, number][];
  /** Notes that must be there (any severity but error). */
  notes: RegExp[];
  /** Notes that must not be there. */
  absent?: RegExp[];
}

const QUOTED = /as tab-separated text with quoted cells, as Excel, LibreOffice and pandas to_csv\(sep='\\t'\) write it/;

const CASES: Case[] = [
  {
    file: 'pandas-to-csv-tab-multiline.tsv', format: 'tsv-header', query: 'how do I rotate an api key',
    chunks: [
      ['kb-204', 'Rotating a key:\n1. create a second key in Settings > API\n2. deploy it\n3. revoke the old one', 0.8412, S, 1],
      ['kb-031', 'Keys never expire on their own; the dashboard marks keys unused for 90 days as "stale".', 0.7925, S, 2],
      ['kb-118', 'Scopes:\tread\twrite\tadmin. A rotated key keeps the scopes of the key it replaces.', 0.6631, S, 3],
      ['kb-077', 'Webhooks are signed with a separate secret.', 0.5107, S, 4],
    ],
    notes: [new RegExp(`${QUOTED.source}: 2 quoted cells hold line breaks and tabs \\(first on line 2\\); read the 3 quoted cells without the outer quotes, "" as "\\. Split at every tab and line break, 5 lines would have the wrong number of columns\\.`)],
  },
  {
    file: 'excel-unicode-text-multiline.txt', format: 'tsv-header',
    chunks: [
      ['hr-7', 'Annual leave:\n25 days a year,\nplus public holidays.', 0.88, S, 1],
      ['hr-2', 'Call in before 9 and say "sick"; a note is needed after 3 days.', 0.74, S, 2],
      ['hr-9', 'Parental leave is 16 weeks at full pay.', 0.41, S, 3],
    ],
    notes: [/UTF-16LE \(byte order mark\); decoded it/, new RegExp(`${QUOTED.source}: 1 quoted cell holds line breaks \\(first on line 2\\); read the 2 quoted cells`)],
  },
  {
    file: 'excel-tab-utf8-multiline.txt', format: 'tsv-header',
    chunks: [
      ['p-15', 'Gewährleistung: zwei Jahre ab Kaufdatum.\nGarantie: ein Jahr, freiwillig.', 0.912, S, 1],
      ['p-03', 'Der Kassenbon gilt als "Nachweis"; ein Foto reicht.', 0.804, S, 2],
      ['p-22', 'Rücksendungen innerhalb von 30 Tagen sind kostenlos.', 0.551, S, 3],
    ],
    notes: [/UTF-8 byte order mark; ignored it/, QUOTED],
  },
  {
    // Single-line cells quoted only for their quotes (the cell rule of round 3 still applies).
    file: 'excel-unicode-text.txt', format: 'tsv-header',
    chunks: [
      ['k-1', 'Käse and Brötchen are served from seven; the café closes at noon.', 0.91, S, 1],
      ['k-2', 'The sign says "no dogs", but guide dogs are welcome.', 0.52, S, 2],
      ['k-3', 'Breakfast ends at 10:30 on weekends.', 0.33, S, 3],
    ],
    notes: [/1 cell of excel-unicode-text\.txt is quoted with doubled inner quotes/],
    absent: [QUOTED],
  },
  {
    // Negative: COPY text format never quotes; "" stays, \n is decoded inside the literal quotes.
    file: 'psql-copy-quotes.tsv', format: 'tsv-header',
    chunks: [
      ['11', '"Quoted ""twice"" stays exactly as written"', undefined, U, 1],
      ['12', '"Two lines:\nthe first, then the second"', undefined, U, 2],
      ['13', 'The word "draft" is in quotes.', undefined, U, 3],
    ],
    notes: [/as a PostgreSQL COPY text export/, /A cell on line 2 of psql-copy-quotes\.tsv is in double quotes with doubled quotes inside, as Excel quotes cells, but the file is a PostgreSQL COPY text export, which never quotes: kept the quotes as text/],
    absent: [QUOTED, /quoted with doubled inner quotes/],
  },
  {
    // Negative: texts that start with a quote that is never closed in the cell.
    file: 'tsv-quote-start-unquoted.tsv', format: 'tsv-header',
    chunks: [
      ['a-1', '"Start here, the guide says, and read on.', 0.9, S, 1],
      ['a-2', '"Hello," she said, and the meeting began.', 0.8, S, 2],
      ['a-3', 'The last step is marked "done', 0.7, S, 3],
    ],
    notes: [],
    absent: [QUOTED, /quoted/],
  },
  {
    file: 'tsv-embedded-quotes.tsv', format: 'tsv-header',
    chunks: [
      ['q-1', 'The manual calls it the "reset" button, though it only reboots.', 0.81, S, 1],
      ['q-2', '"Factory reset" erases every setting, including the Wi-Fi password.', 0.77, S, 2],
      ['q-3', 'Hold it 30" (thirty seconds, not inches) for a full reset.', 0.42, S, 3],
    ],
    notes: [],
    absent: [QUOTED, /quoted/],
  },
];

describe('read/tsv: quoted cells (Excel, LibreOffice, pandas) and the files that must keep their quotes', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.format}, texts, ids, scores and their kind, ranks, the note`, () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, c.file)));
      for (const [how, r] of [['file', readBytes(bytes, { file: c.file })], ['stdin', readBytes(bytes)]] as const) {
        const messages = r.diagnostics.map((d) => d.message);
        assert.equal(r.format, c.format, `${how}: ${JSON.stringify(messages)}`);
        assert.deepEqual(r.diagnostics.filter((d) => d.severity !== 'info'), [], how);
        assert.equal(r.sets.length, 1);
        assert.equal(r.sets[0].query, c.query);
        assert.equal(r.sets[0].format, c.format);
        assert.deepEqual(r.sets[0].chunks.map((ch) => [ch.id, ch.text, ch.retrieverScore, ch.scoreKind, ch.originalRank]), c.chunks, how);
        // Notes name the file; from stdin (no name) the same notes say "the input".
        const named = how === 'file' ? messages : messages.map((m) => m.replace(/\b(the|The) input\b/g, c.file).replace(/^A cell on line (\d+)/, `A cell on line $1 of ${c.file}`));
        for (const n of c.notes) assert.ok(named.some((m) => n.test(m)), `${how}: no note ${n} in ${JSON.stringify(messages)}`);
        for (const n of c.absent ?? []) assert.ok(!messages.some((m) => n.test(m)), `${how}: unexpected ${n} in ${JSON.stringify(messages)}`);
      }
    });
  }

  it('rows spanning lines keep tsv-* format ids; the note says the cells were quoted and how the export writes them', () => {
    const r = readText('query\ttext\nq\t"two\nlines"\nq\t"one\ttab"\n', { file: 'm.tsv' });
    assert.equal(r.format, 'tsv-header');
    assert.deepEqual(r.sets.map((s) => s.format), ['tsv-header']);
    const note = r.diagnostics.find((d) => QUOTED.test(d.message));
    assert.ok(note, JSON.stringify(r.diagnostics));
    assert.equal(note.hint, '1 row spans several lines; a same-shape export writes each row whole from its cells, quoted the same way, so it reads back with quoted cells too (tools that read a TSV line by line would not).');
  });

  it('a quoted text points at its characters inside the quotes', () => {
    const text = fs.readFileSync(path.join(DIR, 'pandas-to-csv-tab-multiline.tsv'), 'utf8');
    const ch = readText(text, { file: 'p.tsv' }).sets[0].chunks[0];
    assert.equal(text.slice(ch.source!.offset, ch.source!.offset + ch.source!.length), ch.text);
    assert.equal(ch.source!.startLine, 1);
  });

  it('a row spanning lines is reported by the line it starts on', () => {
    const r = readText('id\ttext\tscore\n1\t"two\nlines"\t0.5\n2\tone line\t0.4\n3\tbroken\n', { file: 'b.tsv' });
    assert.equal(r.format, 'tsv-header');
    // Split at every line break the rows do not line up either way (row 3 is short): the plain reading
    // stands and says which lines are broken.
    assert.ok(r.diagnostics.some((d) => d.severity === 'error' && /Skipped line 2 of b\.tsv/.test(d.message)), JSON.stringify(r.diagnostics));
  });

  it('when both readings line up, the quotes are text, and a note says which reading was taken', () => {
    // The quote opened on line 2 would close on line 4 after a tab-free stretch: as quoting it swallows
    // two lines into one cell and still gives three columns, but as written every line has three.
    const text = 'id\ttext\tscore\na-1\t"Start here, says the guide.\t0.9\na-2\tThe middle step.\t0.8\na-3\tmarked done"\t0.7\n';
    const r = readText(text, { file: 'both.tsv' });
    assert.equal(r.format, 'tsv-header');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text]), [['a-1', '"Start here, says the guide.'], ['a-2', 'The middle step.'], ['a-3', 'marked done"']]);
    assert.ok(r.diagnostics.some((d) => /both\.tsv could be read with quoted cells \(a cell on line 2 would run in quotes over line breaks and tabs\), but every line has the same number of tab-separated columns as written: read the double quotes as text/.test(d.message)), JSON.stringify(r.diagnostics));
  });

  it('a quoted cell holding a tab on one line is read whole, and the format stays tsv-*', () => {
    const r = readText('query\ttext\nq\t"a\ttab inside"\nq\tplain text here\n', { file: 't.tsv' });
    assert.equal(r.format, 'tsv-header');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.text), ['a\ttab inside', 'plain text here']);
    assert.ok(r.diagnostics.some((d) => /1 quoted cell holds tabs \(first on line 2\)/.test(d.message)));
  });

  it('a pandas file longer than the sniffing window of plain TSV detection is still a table from stdin', () => {
    const rows = ['query\ttext\tscore', ...Array.from({ length: 10 }, (_, i) => `q\t"Paragraph ${i}:\nline one\nline two\nline three"\t0.${9 - i}`)];
    const r = readText(`${rows.join('\n')}\n`);
    assert.equal(r.format, 'tsv-header');
    assert.equal(r.sets[0].chunks.length, 10);
    assert.equal(r.sets[0].chunks[3].text, 'Paragraph 3:\nline one\nline two\nline three');
  });
});
