// The scorer SPEC of the CLI and of settings: `local:MODEL[@fp32|@q8]` or `PROVIDER:URL[#MODEL]`.
//   local:cross-encoder/ms-marco-MiniLM-L-6-v2        local:./models/tiny-bert@q8
//   tei:http://gpu-box:8080                            vllm:http://gpu-box:8000#BAAI/bge-reranker-v2-m3
//   vllm:http://gpu-box:8000/score#Qwen/Qwen3-Reranker-0.6B   (a URL ending in a known path picks that endpoint)
//   cohere:#rerank-v3.5   (empty URL: the provider's public API)   jina:https://api.jina.ai#jina-reranker-v2-base-multilingual
// Pure: no file system (resolving a local folder is fromSpec.ts's job).
import { PROVIDERS, PROVIDER_IDS, type ProviderId } from './providers/index';

export type ScorerSpec =
  | { kind: 'local'; model: string; dtype: 'fp32' | 'q8' }
  | { kind: 'remote'; provider: ProviderId; baseUrl: string; model?: string };

/** A SPEC that cannot be used: message + hint, like every error in Rerank Lens. */
export class ScorerSpecError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** The SPEC is fine but its provider needs an API key and none is set (a key fixes it). */
    readonly missingKey = false,
  ) {
    super(message);
    this.name = 'ScorerSpecError';
  }
}

export const SPEC_SYNTAX = `local:MODEL[@fp32|@q8] or PROVIDER:URL[#MODEL] with PROVIDER one of ${PROVIDER_IDS.join(', ')}`;

export function parseScorerSpec(text: string): ScorerSpec {
  const spec = text.trim();
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new ScorerSpecError(`"${spec}" is not a scorer SPEC.`, `Write ${SPEC_SYNTAX}.`);
  const kind = spec.slice(0, colon).toLowerCase();
  const rest = spec.slice(colon + 1);
  if (kind === 'local') {
    const m = /^(.*)@(fp32|q8)$/i.exec(rest);
    const model = (m ? m[1] : rest).trim();
    if (!model) throw new ScorerSpecError(`"${spec}" names no model.`, 'Write local:MODEL, e.g. local:cross-encoder/ms-marco-MiniLM-L-6-v2@q8 or local:./my-model.');
    return { kind: 'local', model, dtype: m ? (m[2].toLowerCase() as 'fp32' | 'q8') : 'fp32' };
  }
  if (!(PROVIDER_IDS as readonly string[]).includes(kind)) {
    throw new ScorerSpecError(`Unknown scorer kind "${spec.slice(0, colon)}" in "${spec}".`, `Write ${SPEC_SYNTAX}.`);
  }
  const provider = PROVIDERS[kind as ProviderId];
  const hash = rest.indexOf('#');
  const urlPart = (hash >= 0 ? rest.slice(0, hash) : rest).trim();
  const model = hash >= 0 ? rest.slice(hash + 1).trim() : '';
  let baseUrl = urlPart;
  if (!baseUrl) {
    if (!provider.defaultBaseUrl) throw new ScorerSpecError(`"${spec}" names no server URL.`, `A self-hosted ${kind} server needs its base URL, e.g. ${kind}:http://localhost:8080.`);
    baseUrl = provider.defaultBaseUrl;
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ScorerSpecError(`"${baseUrl}" in "${spec}" is not a URL.`, 'Give the base URL with its scheme, e.g. http://localhost:8080.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ScorerSpecError(`The URL in "${spec}" must start with http:// or https://.`);
  if (url.username || url.password || url.search) {
    // Keys never travel in URLs: they would end up in identities, labels and logs.
    throw new ScorerSpecError(`The URL in the ${kind} SPEC carries credentials or a query string.`, 'Give the bare base URL and put the key in RERANK_LENS_API_KEY (or the provider\'s variable).');
  }
  if (provider.modelRequired && !model) throw new ScorerSpecError(`${kind} needs a model: "${spec}" names none.`, `Add #MODEL, e.g. ${kind}:${urlPart}#${kind === 'cohere' ? 'rerank-v3.5' : 'rerank-2'}.`);
  return { kind: 'remote', provider: kind as ProviderId, baseUrl: url.href.replace(/\/+$/, ''), ...(model ? { model } : {}) };
}
