// Clear Model Cache: stops the engine (it may hold model files open) and deletes the downloaded
// models under the extension's global storage. Local model folders are never touched.
// Test form: rerankLens.clearModelCache({ confirm: false }) skips the confirmation.
import * as vscode from 'vscode';
import { clearModelCache as deleteDownloadedModels } from '../engine/modelCache';
import type { Services } from '../host/services';

export async function clearModelCache(svc: Services, args?: unknown): Promise<boolean> {
  const skipConfirm = typeof args === 'object' && args !== null && (args as { confirm?: unknown }).confirm === false;
  if (!skipConfirm) {
    const answer = await vscode.window.showWarningMessage(
      'Delete all models Rerank Lens downloaded?',
      { modal: true, detail: `${svc.modelCacheDir}\nThey will be downloaded again the next time they are used.` },
      'Delete',
    );
    if (answer !== 'Delete') return false;
  }
  svc.disposeEngine();
  try {
    await deleteDownloadedModels(svc.modelCacheDir);
    svc.log.info(`Deleted the model cache ${svc.modelCacheDir}`);
    svc.statusBar.set({ kind: 'not-loaded' });
    void vscode.window.showInformationMessage('Rerank Lens: model cache cleared.');
    return true;
  } catch (e) {
    svc.log.error(`Could not delete ${svc.modelCacheDir}`, e);
    void vscode.window.showErrorMessage(`Rerank Lens: could not delete the model cache: ${e instanceof Error ? e.message : String(e)}`, 'Show Log').then((a) => {
      if (a) svc.log.show();
    });
    return false;
  }
}
