// A Scorer from a SPEC string: what `rerank --scorer`, `eval --scorer` and `compare --scorer` call.
// Keys: an explicit `apiKey` (the extension's SecretStorage) wins; otherwise RERANK_LENS_API_KEY, then
// the provider's usual variable (COHERE_API_KEY, JINA_API_KEY, VOYAGE_API_KEY, MXBAI_API_KEY). A hosted
// provider without a key is refused here, before any chunk text is sent.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { EngineClient } from '../engine/client';
import { defaultCacheDir } from '../engine/defaults';
import { LocalScorer, type LocalEngine } from '../session/localScorer';
import type { Scorer } from '../session/scorer';
import { PROVIDERS, type ProviderId } from './providers/index';
import { RemoteScorer, type RemoteScorerConfig } from './remote';
import { parseScorerSpec, ScorerSpecError, type ScorerSpec } from './spec';

export type EnvVars = Readonly<Record<string, string | undefined>>;

export interface ScorerFromSpecOptions {
  /** Engine for local scorers (shared, not disposed by them). Without one each local scorer starts its own. */
  engine?: LocalEngine;
  /** Builds an engine when none is given (default: a new EngineClient, owned and stopped by the scorer). */
  newEngine?: () => LocalEngine;
  cacheDir?: string;
  offline?: boolean;
  hubUrl?: string;
  maxLength?: number;
  batchSize?: number;
  threads?: number;
  /** A key that wins over the environment (VS Code's SecretStorage). */
  apiKey?: string;
  /** Client settings for remote scorers (timeouts, concurrency, consent, log). */
  remote?: Omit<Partial<RemoteScorerConfig>, 'provider' | 'baseUrl' | 'model' | 'apiKey'>;
  /** Where relative local model folders resolve (default: the working directory). */
  cwd?: string;
}

/** The key for a provider from the environment, and the variable it came from (never the key in text). */
export function apiKeyFromEnv(provider: ProviderId, env: EnvVars): { key?: string; variable?: string } {
  for (const v of ['RERANK_LENS_API_KEY', ...PROVIDERS[provider].keyEnv]) {
    const k = env[v]?.trim();
    if (k) return { key: k, variable: v };
  }
  return {};
}

function localModel(model: string, cwd: string): string {
  const looksLikePath = model.startsWith('.') || model.startsWith('~') || isAbsolute(model) || model.includes('\\') || model.split('/').length > 2;
  const candidate = resolve(cwd, model.startsWith('~') ? model.replace(/^~/, process.env.HOME ?? '~') : model);
  if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
  if (looksLikePath) throw new ScorerSpecError(`Model folder ${candidate} does not exist.`, 'Give an existing folder in hub layout, or a hub id like cross-encoder/ms-marco-MiniLM-L-6-v2.');
  return model;
}

export function scorerFromParsed(spec: ScorerSpec, env: EnvVars, opts: ScorerFromSpecOptions = {}): Scorer {
  if (spec.kind === 'local') {
    // Without a shared engine the scorer starts (and on dispose stops) its own engine process.
    const engine = opts.engine ?? (opts.newEngine ?? (() => new EngineClient()))();
    return new LocalScorer(
      engine,
      {
        model: localModel(spec.model, opts.cwd ?? process.cwd()),
        dtype: spec.dtype,
        cacheDir: opts.cacheDir ?? defaultCacheDir(),
        offline: opts.offline ?? false,
        ...(opts.maxLength !== undefined ? { maxLength: opts.maxLength } : {}),
        ...(opts.hubUrl !== undefined ? { hubUrl: opts.hubUrl } : {}),
      },
      { batchSize: opts.batchSize ?? 16, threads: opts.threads ?? 0 },
      !opts.engine,
    );
  }
  const provider = PROVIDERS[spec.provider];
  const key = opts.apiKey ?? apiKeyFromEnv(spec.provider, env).key;
  if (!key && provider.keyRequired) {
    const vars = ['RERANK_LENS_API_KEY', ...provider.keyEnv].join(' or ');
    throw new ScorerSpecError(`No API key for ${spec.provider}.`, `Set ${vars} in the environment (in VS Code: Rerank Lens: Set API Key).`, true);
  }
  // The same environment names the proxy (HTTPS_PROXY, NO_PROXY) as the key.
  return new RemoteScorer({ env, ...opts.remote, provider: spec.provider, baseUrl: spec.baseUrl, ...(spec.model ? { model: spec.model } : {}), ...(key ? { apiKey: key } : {}) });
}

/** parseScorerSpec + scorerFromParsed. Throws ScorerSpecError (message + hint) for a SPEC that cannot be used. */
export function scorerFromSpec(spec: string, env: EnvVars, opts: ScorerFromSpecOptions = {}): Scorer {
  return scorerFromParsed(parseScorerSpec(spec), env, opts);
}
