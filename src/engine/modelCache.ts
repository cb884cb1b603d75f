// Deleting downloaded models. The cache folder is owned by Rerank Lens (the extension's global storage
// or the CLI's cache dir), laid out as transformers.js writes it: <cacheDir>/<owner>/<name>/<file>.

import { promises as fsp } from 'node:fs';
import { isAbsolute, join, parse, resolve } from 'node:path';

/** Deletes every downloaded model under `cacheDir` (the folder itself stays). Refuses unsafe paths. */
export async function clearModelCache(cacheDir: string): Promise<void> {
  if (!cacheDir || !isAbsolute(cacheDir)) throw new Error(`Refusing to clear the model cache: "${cacheDir}" is not an absolute path.`);
  const dir = resolve(cacheDir);
  if (dir === parse(dir).root) throw new Error(`Refusing to clear the model cache at the file-system root (${dir}).`);
  let entries: string[];
  try {
    entries = await fsp.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const name of entries) await fsp.rm(join(dir, name), { recursive: true, force: true });
}

/** Bytes used by the cache (for a "Clear model cache (N MB)" label). */
export async function modelCacheSize(cacheDir: string): Promise<number> {
  let total = 0;
  const walk = async (d: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else total += (await fsp.stat(p).catch(() => ({ size: 0 }))).size;
    }
  };
  await walk(cacheDir);
  return total;
}
