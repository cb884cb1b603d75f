// API keys of rerank providers, one per provider, in VS Code's SecretStorage (the OS keychain). Never in
// settings, logs, webview state, exports or error texts: the key goes from here to RemoteScorer's
// constructor (scorers/fromSpec.ts `apiKey`), which puts it in the Authorization header and nowhere else.
import type * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../scorers/providers/index';

const PREFIX = 'rerankLens.apiKey.';

export interface ApiKeys {
  get(provider: ProviderId): Promise<string | undefined>;
  /** An empty key deletes the stored one. */
  set(provider: ProviderId, key: string): Promise<void>;
  /** Providers that have a key stored (names only, for the Set API Key picker). */
  stored(): Promise<ProviderId[]>;
}

/** The subset of vscode.SecretStorage used here (tests pass an in-memory one). */
export type SecretStore = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete'>;

export function apiKeys(secrets: SecretStore): ApiKeys {
  const get = async (provider: ProviderId): Promise<string | undefined> => {
    const k = (await secrets.get(PREFIX + provider))?.trim();
    return k ? k : undefined;
  };
  return {
    get,
    async set(provider, key) {
      const k = key.trim();
      if (k) await secrets.store(PREFIX + provider, k);
      else await secrets.delete(PREFIX + provider);
    },
    async stored() {
      const out: ProviderId[] = [];
      for (const p of PROVIDER_IDS) if (await get(p)) out.push(p);
      return out;
    },
  };
}
