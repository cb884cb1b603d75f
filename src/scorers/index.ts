// Scorers beyond the session's interface: remote rerank servers and building any scorer from a SPEC.
//
// For the VS Code side (host/panel):
//   parseScorerSpec(text) -> ScorerSpec | throws ScorerSpecError{message, hint}
//   scorerFromSpec(spec, env, { engine, apiKey, remote: { confirmSend, log, concurrency, ... } }) -> Scorer
//     - pass the key from SecretStorage as `apiKey` (it wins over env); it never appears in info(),
//       identity, label, log lines or error texts.
//     - `remote.confirmSend(info)` is awaited once per scorer before chunk text first goes to a server
//       that is not this machine (isLoopbackUrl); resolve false to cancel (ScorerFailure 'cancelled').
//       info.url is the exact endpoint to show in the prompt; remember the answer per URL yourself.
//   new RemoteScorer({ provider, baseUrl, model, apiKey, ... }) when the parts come from settings.
//   ScorerInfo.meaning ('logit' | 'probability' | 'relevance') says what a number means: only compare
//   thresholds between scorers of one meaning (core/compare translates between any two by share/recall).
//   PROVIDERS[id].limits / .keyEnv / .endpoints[*].meaning for settings UIs and docs.
//   mapLimited(items, parallelFor(scorer), fn): a few queries in flight for a server, one for the engine.
//   Progress: onBatch per answered batch; onProgress({message}) while a retry waits (429, 5xx, timeout).
//   Failures: ScorerFailure{code, message naming the server, hint, partial: scores already received}.
// Local scorers: src/session/localScorer.ts (LocalScorer over the EngineClient).
// The compare view: src/core/compare (compareScorers(sets, names, opts) from each scorer's numbers).
export { apiKeyFromEnv, scorerFromParsed, scorerFromSpec, type EnvVars, type ScorerFromSpecOptions } from './fromSpec';
export { PROVIDERS, PROVIDER_IDS, resolveEndpoint, type Provider, type ProviderId } from './providers/index';
export { isLoopbackUrl, RemoteScorer, type RemoteLog, type RemoteScorerConfig } from './remote';
export { mapLimited, parallelFor } from './pool';
export { redact } from './redact';
export { parseScorerSpec, ScorerSpecError, SPEC_SYNTAX, type ScorerSpec } from './spec';
