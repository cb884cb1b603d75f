// Writing reranked results back out, one writer per output format:
//   'same'    the input's own shape: JSON/JSONL with a `rerank` field per chunk (json.ts), TSV and CSV
//             rows with six rerank columns (tsv.ts, csv.ts; TSVs with quoted cells written from their
//             cells, quoted the same way), TREC runs and BEIR folders as a TREC run (trecRun.ts), split
//             text as a JSON list of chunks (loose.ts);
//   'cohere'  Cohere's rerank response shape (cohere.ts).
// Rows and array elements are refilled in reranked order (scored chunks by rank, then unscored ones in
// their old order); see each writer for its details. Never throws: failures are diagnostics.
// The export is text, and both callers (the CLI's --export, the Export command) write it as UTF-8: an
// input decoded from UTF-16 (Excel's "Unicode Text") gets a note saying so. UTF-16 is not written back:
// the writers see only the decoded text (the byte order mark's note is the one trace of the encoding)
// and ExportOutput carries no encoding for the callers to honour; UTF-8 is what the reader, pandas,
// DuckDB and most tools read by default, and Excel reads it through Data > From Text/CSV.
import type { Diagnostic, ReadResult } from '../types';
import { exportCohere } from './cohere';
import { exportCsv } from './csv';
import { exportJson, parseForExport } from './json';
import { exportLoose } from './loose';
import { resolveSets } from './resolve';
import { exportTrecRun } from './trecRun';
import { exportTsv } from './tsv';
import type { ExportOutput, ExportSet, ExportStyle } from './types';

export type { ExportOutput, ExportRankedChunk, ExportSet, ExportStyle, RerankField } from './types';

export function exportReranked(input: { text: string; result: ReadResult }, ranked: readonly ExportSet[], style: ExportStyle): ExportOutput {
  const out = exportIn(input, ranked, style);
  const utf16 = decodedFrom(input.result);
  if (utf16 && out.text !== '') {
    out.diagnostics.push({
      severity: 'info',
      message: `The input was ${utf16} text (byte order mark); the export is UTF-8, without a byte order mark.`,
      hint: out.fileExtension === 'tsv' || out.fileExtension === 'csv' ? 'Excel opens it through Data > From Text/CSV with File origin 65001: Unicode (UTF-8); a double click reads it in the system code page.' : undefined,
    });
  }
  return out;
}

/** 'UTF-16LE' / 'UTF-16BE' when the reader decoded the input from UTF-16 (core/read/bytes.ts says so in a note). */
function decodedFrom(result: ReadResult): string | undefined {
  for (const d of result.diagnostics) {
    const m = /\bis (UTF-16(?:LE|BE)) \(byte order mark\); decoded it\b/.exec(d.message);
    if (m) return m[1];
  }
  return undefined;
}

function exportIn(input: { text: string; result: ReadResult }, ranked: readonly ExportSet[], style: ExportStyle): ExportOutput {
  const diagnostics: Diagnostic[] = [];
  try {
    const sets = resolveSets(input.result, ranked, diagnostics);
    if (style === 'cohere') return { text: exportCohere(sets), fileExtension: 'json', diagnostics };
    const format = input.result.format ?? sets[0]?.set.format ?? '';
    if (format === 'trec-run' || format === 'beir' || format === 'beir-bm25') return { text: exportTrecRun(sets, diagnostics), fileExtension: 'txt', diagnostics };
    if (format === 'msmarco-tsv' || format.startsWith('tsv-')) return { text: exportTsv(input.text, sets, format === 'tsv-header'), fileExtension: 'tsv', diagnostics };
    if (format.startsWith('csv-')) {
      const csv = exportCsv(input.text, sets, format === 'csv-header');
      if (csv !== undefined) return { text: csv, fileExtension: 'csv', diagnostics };
      diagnostics.push({ severity: 'warning', message: 'The original text no longer parses as CSV; exported the chunks as a JSON list instead.' });
      return { text: exportLoose(sets), fileExtension: 'json', diagnostics };
    }
    const hasOrigins = sets.some((s) => s.set.chunks.some((c) => c.origin?.itemPath || c.origin?.columnPath));
    if (hasOrigins && input.text.trim() !== '') {
      const rowPaths = sets.some((s) => s.set.chunks.some((c) => typeof (c.origin?.itemPath ?? c.origin?.columnPath)?.[0] === 'number'));
      const doc = parseForExport(input.text, rowPaths);
      if (doc) return { text: exportJson(doc, sets, diagnostics), fileExtension: doc.kind, diagnostics };
      diagnostics.push({ severity: 'warning', message: 'The original text no longer parses as JSON or JSONL; exported the chunks as a JSON list instead.' });
    }
    return { text: exportLoose(sets), fileExtension: 'json', diagnostics };
  } catch (e) {
    diagnostics.push({ severity: 'error', message: `Export failed: ${e instanceof Error ? e.message : String(e)}`, hint: 'Please report this with the input that caused it.' });
    return { text: '', fileExtension: 'json', diagnostics };
  }
}
