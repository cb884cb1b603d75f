// The remote-scorer settings: `rerankLens.scorer` (a SPEC like the CLI's --scorer; empty = the local
// engine with rerankLens.model/dtype) and `rerankLens.compareScorers` (more SPECs offered by Compare
// Scorers). Read like src/host/settings.ts: a workspace value that points at a server or a folder is
// honoured only in a trusted workspace (package.json lists both in restrictedConfigurations), else the
// user's own value is used and the key is reported as ignored. No vscode import: readScorerSettings
// (src/host/progressScorer.ts) passes the configuration in, so unit tests run this resolution.
import { parseScorerSpec, ScorerSpecError, type ScorerSpec } from '../scorers/spec';

const SECTION = 'rerankLens';

export interface ScorerSettings {
  /** The SPEC the panel scores with; '' = the local engine from the model settings. */
  scorer: string;
  /** SPECs offered in Compare Scorers besides the local models. */
  compareScorers: string[];
  /** Settings whose workspace value was ignored (untrusted workspace). */
  ignoredUntrusted: string[];
}

/** What of vscode.WorkspaceConfiguration this needs (tests pass plain objects). */
export interface ScorerConfigSource {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): { defaultValue?: T; globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined;
}

export function resolveScorerSettings(cfg: ScorerConfigSource, trusted: boolean): ScorerSettings {
  const ignored: string[] = [];
  const pick = <T>(key: string): T | undefined => {
    const value = cfg.get<T>(key);
    if (trusted) return value;
    const info = cfg.inspect<T>(key);
    if (info?.workspaceValue === undefined && info?.workspaceFolderValue === undefined) return value;
    // A workspace (or folder) value in an untrusted workspace: the user's own, else the default.
    ignored.push(`${SECTION}.${key}`);
    return info.globalValue ?? info.defaultValue;
  };
  const scorer = pick<unknown>('scorer');
  const list = pick<unknown>('compareScorers');
  return {
    scorer: typeof scorer === 'string' ? scorer.trim() : '',
    compareScorers: Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [],
    ignoredUntrusted: ignored,
  };
}

/** The parsed SPEC, or the reason it cannot be used (message + hint naming the setting). */
export function parsedScorerSetting(spec: string, key = 'scorer'): ScorerSpec | ScorerSpecError {
  try {
    return parseScorerSpec(spec);
  } catch (e) {
    const err = e instanceof ScorerSpecError ? e : new ScorerSpecError(String(e));
    return new ScorerSpecError(`The ${SECTION}.${key} setting: ${err.message}`, err.hint);
  }
}
