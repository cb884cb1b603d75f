// Writing a file so that it is either the old file or the complete new one, never a mix: the bytes go
// to a temporary file in the same folder (so the rename stays on one file system), are flushed to disk
// (fsync), and only then renamed over the target. If anything fails, the temporary file is removed and
// the old file is untouched (a full disk once left 64 KB of truncated JSON in place of a good export).
// Writing through a symlink replaces the file it points to and keeps the link; an existing file keeps
// its permission bits. Node-only (no vscode), shared by the CLI and the extension's export command.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** How the bytes reach the temporary file (tests inject a writer that fails half-way). */
  write?: (file: FileHandle, data: Uint8Array) => Promise<void>;
}

async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += (await file.write(data, off, data.length - off)).bytesWritten;
}

/** The file a write to `path` should replace: the target of a symlink, else `path` itself. */
async function destinationOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path; // does not exist yet (or a dangling link, which a plain write would not follow either)
  }
}

export async function writeFileAtomic(path: string, content: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const target = await destinationOf(path);
  const dir = dirname(target);
  const mode = (await stat(target).catch(() => null))?.mode;
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let file: FileHandle | undefined;
  try {
    file = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode !== undefined ? mode & 0o7777 : 0o666);
    await (opts.write ?? writeAll)(file, data);
    await file.sync();
    await file.close();
    file = undefined;
    await rename(tmp, target);
  } catch (e) {
    await file?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  // Make the rename itself durable; folders cannot be opened for sync everywhere (Windows), which is fine.
  const d = await open(dir, 'r').catch(() => undefined);
  await d?.sync().catch(() => undefined);
  await d?.close().catch(() => undefined);
}
