// The CLI's one input step: text in, ReadResult out (the same shape src/core/read produces, so this
// function can be swapped for the full reader, `readText`, without touching the rest of the CLI).
// For now it understands the two shapes issue 2 names:
//   ["chunk one", "chunk two", ...]                  (documents only; the query comes from --query)
//   { "query": "...", "documents": ["...", ...] }   (documents may also be objects with "text" and "id")

import type { Chunk, Diagnostic, ReadResult, RetrievalSet } from '../core/types';
import { firstJsonErrorOffset } from './jsonError';

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

function error(file: string, message: string, hint: string, where: Partial<Diagnostic> = {}): ReadResult {
  return { sets: [], diagnostics: [{ severity: 'error', message, hint, file, ...where }] };
}

function chunkFrom(item: unknown, i: number, file: string, diagnostics: Diagnostic[]): Chunk | null {
  const base = { originalRank: i + 1, scoreKind: 'unknown' as const, metadata: {} };
  if (typeof item === 'string') return { id: `#${i + 1}`, text: item, ...base };
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    const text = o.text ?? o.content ?? o.page_content;
    if (typeof text === 'string') {
      const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : `#${i + 1}`;
      const metadata = Object.fromEntries(Object.entries(o).filter(([k]) => !['text', 'content', 'page_content', 'id'].includes(k)));
      return { ...base, id, text, metadata };
    }
  }
  diagnostics.push({
    severity: 'error',
    message: `Document ${i} is neither text nor an object with a "text" field.`,
    hint: 'Make every document a string, or an object like {"id": "...", "text": "..."}.',
    file,
    path: `$.documents[${i}]`,
  });
  return null;
}

/** Parses the CLI input file. `file` is only used in messages ('-' for stdin). */
export function readInput(text: string, file: string): ReadResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim()) return error(file, 'The input is empty.', 'Give a JSON array of texts, or {"query": ..., "documents": [...]}.');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const found = firstJsonErrorOffset(body);
    const where = found ? position(body, found.offset) : {};
    const what = found?.problem ?? (e as Error).message;
    return error(file, `The input is not valid JSON (${what}).`, 'Give a JSON array of texts, or {"query": ..., "documents": [...]}.', where);
  }

  const diagnostics: Diagnostic[] = [];
  let query: string | undefined;
  let docs: unknown[];
  let format: string;
  if (Array.isArray(data)) {
    docs = data;
    format = 'text-array';
  } else if (typeof data === 'object' && data !== null && Array.isArray((data as Record<string, unknown>).documents)) {
    const o = data as Record<string, unknown>;
    docs = o.documents as unknown[];
    format = 'query-documents';
    if (o.query !== undefined && typeof o.query !== 'string') {
      return error(file, 'The "query" field is not text.', 'Make "query" a string, or leave it out and pass --query.', { path: '$.query' });
    }
    query = o.query as string | undefined;
  } else {
    return error(file, 'The input is JSON, but neither an array of texts nor an object with a "documents" list.', 'Give a JSON array of texts, or {"query": ..., "documents": [...]}.');
  }
  const chunks = docs.map((d, i) => chunkFrom(d, i, file, diagnostics)).filter((c): c is Chunk => c !== null);
  if (docs.length === 0) diagnostics.push({ severity: 'error', message: 'There are no documents to rerank.', hint: 'Add at least one document.', file });
  const set: RetrievalSet = { chunks, format, ...(query !== undefined ? { query } : {}) };
  return { sets: diagnostics.some((d) => d.severity === 'error') ? [] : [set], diagnostics, format };
}
