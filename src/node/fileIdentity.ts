// Whether two paths name the same file on disk. Comparing path strings misses a symlink to the file, a
// hard link (a second name for the same inode), `..` detours and case-insensitive file systems; an export
// once overwrote its own input through a symlink that way. Node-only (no vscode), shared by the CLI and
// the extension's export command.

import { realpathSync, statSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

function sameInode(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.ino !== 0;
}

/** True when `a` and `b` are the same file (same real path, or same device and inode). A path that does
 *  not exist is no file, so it is never the same as another. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  if (!sa || !sb) return false;
  if (sameInode(sa, sb)) return true;
  const [ra, rb] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  return ra === rb;
}

export function sameFileSync(a: string, b: string): boolean {
  let sa: Stats, sb: Stats;
  try {
    sa = statSync(a);
    sb = statSync(b);
  } catch {
    return false;
  }
  if (sameInode(sa, sb)) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** True when `target` (existing or not) would land inside folder `dir`, following symlinks of what exists. */
export function insideFolderSync(target: string, dir: string): boolean {
  let realDir: string;
  let realParent: string;
  try {
    realDir = realpathSync(dir);
    realParent = realpathSync(dirname(target));
  } catch {
    return false;
  }
  const rel = relative(realDir, realParent);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** True when writing `target` would replace the input `input`: the same file by any name, or an
 *  existing file inside an input folder (a BEIR dataset's corpus.jsonl, its qrels). */
export function exportWouldOverwriteInput(target: string, input: string): boolean {
  if (resolve(target) === resolve(input) || sameFileSync(target, input)) return true;
  let inputIsFolder: boolean;
  try {
    inputIsFolder = statSync(input).isDirectory();
    statSync(target);
  } catch {
    return false; // no input folder, or the target does not exist yet
  }
  return inputIsFolder && insideFolderSync(target, input);
}
