// The provider registry and URL -> endpoint resolution.
import { COHERE, INFINITY, JINA } from './cohereCompatible';
import { MIXEDBREAD } from './mixedbread';
import { TEI } from './tei';
import type { Endpoint, Provider, ProviderId } from './types';
import { VLLM } from './vllm';
import { VOYAGE } from './voyage';

export * from './types';

export const PROVIDERS: Record<ProviderId, Provider> = {
  cohere: COHERE,
  jina: JINA,
  voyage: VOYAGE,
  mixedbread: MIXEDBREAD,
  tei: TEI,
  infinity: INFINITY,
  vllm: VLLM,
};

/**
 * The endpoint a base URL names and the full URL to call: a base URL that already ends in one of the
 * provider's paths keeps it (`http://gpu:8000/score` picks vLLM's score API); otherwise the provider's
 * default path is appended to the base (keeping a path prefix such as a reverse proxy's `/tei`).
 */
export function resolveEndpoint(provider: Provider, base: URL): { endpoint: Endpoint; url: URL } {
  const path = base.pathname.replace(/\/+$/, '');
  for (const e of provider.endpoints) {
    if (path === e.path || path.endsWith(e.path)) return { endpoint: e, url: new URL(base.origin + path) };
  }
  const endpoint = provider.endpoints[0];
  return { endpoint, url: new URL(base.origin + path + endpoint.path) };
}
