// Bytes -> text, refusing what is not text: over the size limit (checked first, so a huge file is never
// decoded), binary (NUL bytes), invalid UTF-8 (with the byte offset and line of the first bad byte).
// Byte order marks are understood: UTF-8's is dropped, UTF-16 LE/BE texts are decoded.
import type { Diagnostic } from '../types';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export type Decoded = { ok: true; text: string; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function sizeLimitDiagnostic(size: number, maxBytes: number, file?: string): Diagnostic {
  return {
    severity: 'error',
    message: `${file ?? 'The input'} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} size limit; not read.`,
    hint: 'Raise the size limit (VS Code setting rerankLens.maxFileSizeMB; the reader option maxBytes) or read a smaller slice of the file.',
    file,
  };
}

/** 1-based line and column of a byte offset, counting \n bytes before it. */
function lineOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that breaks UTF-8, or -1. Only run after the fast decoder has failed. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeBytes(bytes: Uint8Array, opts: { file?: string; maxBytes?: number } = {}): Decoded {
  const file = opts.file;
  const name = file ?? 'The input';
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) return { ok: false, diagnostics: [sizeLimitDiagnostic(bytes.length, maxBytes, file)] };
  const diagnostics: Diagnostic[] = [];
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (bytes.length >= 4 && ((b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff))) {
    return {
      ok: false,
      diagnostics: [{ severity: 'error', message: `${name} is UTF-32 text (byte order mark); only UTF-8 and UTF-16 are read.`, hint: 'Save the file as UTF-8.', file, line: 1, column: 1 }],
    };
  }
  if (bytes.length >= 2 && ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))) {
    const enc = b0 === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      const text = new TextDecoder(enc, { fatal: true, ignoreBOM: false }).decode(bytes);
      diagnostics.push({ severity: 'info', message: `${name} is ${enc.toUpperCase()} (byte order mark); decoded it.`, file });
      return { ok: true, text, diagnostics };
    } catch {
      return {
        ok: false,
        diagnostics: [{ severity: 'error', message: `${name} starts with a ${enc.toUpperCase()} byte order mark but is not valid ${enc.toUpperCase()}.`, hint: 'Save the file as UTF-8.', file }],
      };
    }
  }
  let body = bytes;
  if (bytes.length >= 3 && b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    diagnostics.push({ severity: 'info', message: `${name} starts with a UTF-8 byte order mark; ignored it.`, file, line: 1, column: 1 });
  }
  const nul = body.indexOf(0);
  if (nul >= 0) {
    const at = lineOfByte(body, nul);
    return {
      ok: false,
      diagnostics: [{
        severity: 'error',
        message: `${name} looks binary: NUL byte at byte offset ${nul + (body === bytes ? 0 : 3)} (line ${at.line}, column ${at.column}); expected UTF-8 text.`,
        hint: 'Point Rerank Lens at a JSON, JSONL, TSV or TREC text file (UTF-16 files need a byte order mark).',
        file, line: at.line, column: at.column,
      }],
    };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), diagnostics };
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(body));
    const at = lineOfByte(body, bad);
    const shown = `0x${body[bad]?.toString(16).toUpperCase().padStart(2, '0') ?? '??'}`;
    return {
      ok: false,
      diagnostics: [{
        severity: 'error',
        message: `${name} is not valid UTF-8: byte ${shown} at byte offset ${bad + (body === bytes ? 0 : 3)} (line ${at.line}, column ${at.column}).`,
        hint: 'Save the file as UTF-8 (it may be Latin-1 or Windows-1252).',
        file, line: at.line, column: at.column,
      }],
    };
  }
}
