// Loading one input file from disk, refusing what is not a regular file. A device or FIFO reports size
// 0 and passed the size check before (/dev/zero, or a BEIR corpus.jsonl symlinked to it, read 1.5 GB
// in 5 s; a FIFO blocked forever), so: stat through symlinks and refuse anything but a regular file,
// open without blocking (a FIFO swapped in after the stat cannot hang the open), check the opened
// handle again, and read at most maxBytes + 1 bytes whatever the size says.
import { constants, promises as fs, type Stats } from 'node:fs';
import type { Diagnostic } from '../../core/types';
import { decodeBytes, sizeLimitDiagnostic } from '../../core/read/bytes';

export type Loaded = { ok: true; text: string; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };
export type LoadedBytes = { ok: true; bytes: Uint8Array } | { ok: false; diagnostics: Diagnostic[] };

const READ_CHUNK = 1024 * 1024;

/** What a non-regular file is, for the message; undefined for a regular file. */
export function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

export function errorText(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return e instanceof Error ? e.message : String(e);
}

function refusal(label: string, what: string, viaLink: string | undefined): Diagnostic {
  return {
    severity: 'error',
    message: `${label} is ${what}${viaLink ? ` (through the symbolic link to ${viaLink})` : ''}, not a regular file; not read.`,
    hint: 'Rerank Lens reads regular files only: point it at the results file itself (or a BEIR folder).',
    file: label,
  };
}

async function linkTarget(file: string): Promise<string | undefined> {
  try {
    return (await fs.lstat(file)).isSymbolicLink() ? await fs.realpath(file).catch(() => fs.readlink(file)) : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes of a regular file, at most maxBytes (more is an error); never blocks on a FIFO or device.
 *  With `prefix`, reads only the first maxBytes and ignores the rest (for sniffing a file's kind). */
export async function loadRegularBytes(file: string, maxBytes: number, label = file, prefix = false): Promise<LoadedBytes> {
  let st: Stats;
  try {
    st = await fs.stat(file);
  } catch (e) {
    return { ok: false, diagnostics: [{ severity: 'error', message: `Cannot read ${label}: ${errorText(e)}.`, file: label }] };
  }
  const what = notRegular(st);
  if (what) return { ok: false, diagnostics: [refusal(label, what, await linkTarget(file))] };
  if (st.size > maxBytes && !prefix) return { ok: false, diagnostics: [sizeLimitDiagnostic(st.size, maxBytes, label)] };
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const again = notRegular(await fh.stat());
    if (again) return { ok: false, diagnostics: [refusal(label, again, await linkTarget(file))] };
    // Never trust the size: read in chunks up to one byte past the limit.
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(READ_CHUNK, maxBytes + (prefix ? 0 : 1) - total);
      if (want <= 0) break;
      const buf = new Uint8Array(want);
      const { bytesRead } = await fh.read(buf, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes) return { ok: false, diagnostics: [sizeLimitDiagnostic(total, maxBytes, label)] };
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return { ok: true, bytes };
  } catch (e) {
    return { ok: false, diagnostics: [{ severity: 'error', message: `Cannot read ${label}: ${errorText(e)}.`, file: label }] };
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** A regular file's text (BOM dropped, UTF-16 decoded), or the diagnostics saying why not. */
export async function loadRegularText(file: string, maxBytes: number, label = file): Promise<Loaded> {
  const loaded = await loadRegularBytes(file, maxBytes, label);
  if (!loaded.ok) return loaded;
  return decodeBytes(loaded.bytes, { file: label, maxBytes });
}
