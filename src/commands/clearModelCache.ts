// Clear Model Cache: stops the engine (it may hold model files open) and deletes the downloaded
// models under the extension's global storage. Local model folders are never touched.
// The command always asks; the test API calls deleteModelCache directly (src/testApi.ts).
import { clearModelCache as deleteDownloadedModels } from '../engine/modelCache';
import type { Services } from '../host/services';
import { notify } from '../host/notify';

/** The command: always asks first. Arguments are ignored, so a command link cannot skip the question. */
export async function clearModelCache(svc: Services): Promise<boolean> {
  const answer = await notify.ask(
    'Delete all models Rerank Lens downloaded, and the scores it stored?',
    `${svc.modelCacheDir}\nThey will be downloaded again the next time they are used.`,
    'Delete',
  );
  if (answer !== 'Delete') return false;
  return deleteModelCache(svc);
}

/** Deletes without asking: for the command after its question, and the test API. */
export async function deleteModelCache(svc: Services): Promise<boolean> {
  svc.disposeEngine();
  try {
    await deleteDownloadedModels(svc.modelCacheDir);
    // Scores depend on the model files: a cleared model cache clears the stored scores too.
    await (await svc.scoreStore()).clear();
    svc.log.info(`Deleted the model cache ${svc.modelCacheDir}`);
    svc.statusBar.set({ kind: 'not-loaded' });
    void notify.info('Rerank Lens: model cache cleared.');
    return true;
  } catch (e) {
    svc.log.error(`Could not delete ${svc.modelCacheDir}`, e);
    void notify.error(`Rerank Lens: could not delete the model cache: ${e instanceof Error ? e.message : String(e)}`, 'Show Log').then((a) => {
      if (a) svc.log.show();
    });
    return false;
  }
}
