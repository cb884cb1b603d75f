// Set API Key: picks a provider and stores its key in SecretStorage (src/host/secrets.ts). The input box
// masks the key; an empty answer removes the stored key. Only the provider's name is logged or shown.
import * as vscode from 'vscode';
import { notify } from '../host/notify';
import { apiKeys } from '../host/secrets';
import type { Services } from '../host/services';
import { PROVIDERS, PROVIDER_IDS, type ProviderId } from '../scorers/providers/index';

/** `args.provider` preselects the provider (a command link, tests); the key itself is always typed. */
export async function setApiKey(svc: Services, args?: unknown): Promise<boolean> {
  const keys = apiKeys(svc.context.secrets);
  const stored = new Set(await keys.stored());
  const given = typeof args === 'object' && args !== null ? (args as { provider?: unknown }).provider : undefined;
  let provider: ProviderId | undefined = (PROVIDER_IDS as readonly unknown[]).includes(given) ? (given as ProviderId) : undefined;
  if (!provider) {
    const picked = await vscode.window.showQuickPick(
      PROVIDER_IDS.map((id) => ({
        label: id,
        description: stored.has(id) ? 'key stored' : PROVIDERS[id].keyRequired ? 'needs a key' : 'key optional (self-hosted)',
        detail: `Instead of a stored key: ${['RERANK_LENS_API_KEY', ...PROVIDERS[id].keyEnv].join(' or ')} in the environment`,
        id,
      })),
      { title: 'Rerank Lens: Set API Key', placeHolder: 'The rerank provider this key is for' },
    );
    provider = picked?.id;
  }
  if (!provider) return false;
  const key = await vscode.window.showInputBox({
    title: `Rerank Lens: API key for ${provider}`,
    prompt: stored.has(provider) ? 'A key is stored. Type a new one, or leave empty to remove it.' : 'Stored in VS Code\'s secret storage, never in settings.',
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return false;
  await keys.set(provider, key);
  const removed = key.trim() === '';
  svc.log.info(removed ? `API key for ${provider} removed` : `API key for ${provider} stored`);
  void notify.info(removed ? `Rerank Lens: the ${provider} API key was removed.` : `Rerank Lens: the ${provider} API key is stored.`);
  return true;
}
