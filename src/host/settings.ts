// Every `rerankLens.*` setting is read here, once per use, into a plain object that the rest of the
// extension passes around (no getConfiguration calls scattered through the code).
//
// Workspace trust: a workspace's .vscode/settings.json must not be able to point the extension at
// files on disk or at another model server (a cloned repo could otherwise make us load an arbitrary
// ONNX file or fetch from anywhere). In an untrusted workspace `localModelPath` and `hubUrl` (and a
// `model` that is a path) are read only from user/global scope via `inspect()`; package.json declares
// them in `capabilities.untrustedWorkspaces.restrictedConfigurations`.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MODEL } from '../engine/defaults';
import type { Dtype, ModelSpec, RunOptions } from '../engine/protocol';
import type { ThresholdSetting } from '../core/types';
import { DEFAULT_SPACE_SETTING, placeholderSpace, spaceSetting, type SpaceSetting } from './spaceSetting';

export const SECTION = 'rerankLens';

export interface Settings {
  /** Hub id from the `model` setting (ignored when localModelPath is set). */
  model: string;
  /** Absolute folder in hub layout, or '' for none. */
  localModelPath: string;
  /** Hub base URL ('' = the engine's default, huggingface.co). */
  hubUrl: string;
  allowDownloads: boolean;
  dtype: Dtype;
  maxLength: number;
  batchSize: number;
  /** 0 = number of cores. */
  threads: number;
  /** Which score the panel shows first; 'model' = what CrossEncoder.predict returns for the model. */
  scoreDisplay: SpaceSetting;
  /** The default threshold; with defaultThresholdSpace 'model' its space is a placeholder (the logit)
   *  until a run reports the model's activation (panel/modelSpace.ts). */
  defaultThreshold: ThresholdSetting;
  defaultThresholdSpace: SpaceSetting;
  defaultTopK: number | null;
  maxFileSizeMB: number;
  /** TSV backslashes: undefined = the reader's rule (COPY escapes only in files marked as COPY output). */
  tsvBackslashes?: 'copy' | 'literal';
  /** Above this many pairs in one run, show the estimate and ask first (0: never). */
  confirmAbovePairs: number;
  /** True when some workspace value was ignored because the workspace is not trusted. */
  ignoredUntrusted: string[];
}

/** The minimum of vscode.WorkspaceConfiguration we use; lets the resolution run on any source. */
export interface ConfigSource {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): { defaultValue?: T; globalValue?: T } | undefined;
}

export const RESTRICTED_KEYS = ['localModelPath', 'hubUrl', 'model'] as const;

export function readSettings(): Settings {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return resolveSettings(vscode.workspace.getConfiguration(SECTION), workspaceTrusted(), folder?.scheme === 'file' ? folder.fsPath : undefined);
}

/** Whether workspace values of restricted settings apply. With workspace trust switched off
 *  (`security.workspace.trust.enabled: false`) every workspace is trusted, whatever `isTrusted` says
 *  while the trust service starts (seen right after a window reload in code-server). */
export function workspaceTrusted(): boolean {
  return vscode.workspace.isTrusted || vscode.workspace.getConfiguration('security.workspace.trust').get<boolean>('enabled') === false;
}

export function resolveSettings(cfg: ConfigSource, trusted: boolean, workspaceRoot?: string): Settings {
  const ignored: string[] = [];
  /** Value for a key that may point at disk: only user/global scope when the workspace is untrusted. */
  const restricted = (key: string, isDangerous: (v: string) => boolean): string => {
    const value = cfg.get<string>(key);
    if (trusted || typeof value !== 'string' || !isDangerous(value)) return typeof value === 'string' ? value : '';
    const info = cfg.inspect<string>(key);
    const safe = info?.globalValue ?? info?.defaultValue ?? '';
    if (safe !== value) ignored.push(`${SECTION}.${key}`);
    return safe;
  };
  const localRaw = restricted('localModelPath', (v) => v.trim() !== '').trim();
  const hubUrl = restricted('hubUrl', (v) => v.trim() !== '').trim();
  let model = restricted('model', looksLikePath).trim() || DEFAULT_MODEL;
  let localModelPath = localRaw ? absolutePath(localRaw, workspaceRoot) : '';
  if (!localModelPath && looksLikePath(model)) {
    // A folder in the model setting works like localModelPath.
    localModelPath = absolutePath(model, workspaceRoot);
    model = DEFAULT_MODEL;
  }
  const int = (v: unknown, fallback: number, lo: number, hi: number): number =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : fallback;
  const thresholdValue = cfg.get<number | null>('defaultThreshold');
  const scoreDisplay = spaceSetting(cfg.get('scoreDisplay'), DEFAULT_SPACE_SETTING);
  const defaultThresholdSpace = spaceSetting(cfg.get('defaultThresholdSpace'), scoreDisplay);
  const topK = cfg.get<number | null>('defaultTopK');
  return {
    model,
    localModelPath,
    hubUrl,
    allowDownloads: cfg.get<boolean>('allowDownloads') !== false,
    dtype: cfg.get<string>('dtype') === 'q8' ? 'q8' : 'fp32',
    // Up to the schema's 8,192 (bge-reranker-v2-m3, gte-reranker-modernbert); the engine still caps
    // it at the model's own limit, so 512-token models stay at 512.
    maxLength: int(cfg.get('maxLength'), 512, 8, 8192),
    batchSize: int(cfg.get('batchSize'), 16, 1, 512),
    threads: int(cfg.get('threads'), 0, 0, 256),
    scoreDisplay,
    defaultThreshold: {
      space: placeholderSpace(defaultThresholdSpace),
      value: typeof thresholdValue === 'number' && Number.isFinite(thresholdValue) ? thresholdValue : null,
    },
    defaultThresholdSpace,
    defaultTopK: typeof topK === 'number' && Number.isInteger(topK) && topK > 0 ? topK : null,
    maxFileSizeMB: typeof cfg.get('maxFileSizeMB') === 'number' && (cfg.get<number>('maxFileSizeMB') as number) > 0 ? (cfg.get<number>('maxFileSizeMB') as number) : 50,
    ...(cfg.get('tsvBackslashes') === 'copy' || cfg.get('tsvBackslashes') === 'literal' ? { tsvBackslashes: cfg.get<'copy' | 'literal'>('tsvBackslashes') } : {}),
    confirmAbovePairs: Number.isInteger(cfg.get('confirmAbovePairs')) && (cfg.get<number>('confirmAbovePairs') as number) >= 0 ? (cfg.get<number>('confirmAbovePairs') as number) : 5000,
    ignoredUntrusted: ignored,
  };
}

/** What the user sees as the model's name and what thresholds are remembered by. */
export function modelKey(s: Settings): string {
  return s.localModelPath || s.model;
}

export function modelSpec(s: Settings, cacheDir: string): ModelSpec {
  return {
    model: modelKey(s),
    dtype: s.dtype,
    maxLength: s.maxLength,
    cacheDir,
    hubUrl: s.hubUrl || undefined,
    offline: !s.allowDownloads,
  };
}

export function runOptions(s: Settings): RunOptions {
  return { batchSize: s.batchSize, threads: s.threads };
}

/** Short model name for the status bar and titles: the hub id's name or the folder's base name. */
export function shortModelName(key: string): string {
  const parts = key.split(/[\\/]/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? key;
}

function looksLikePath(v: string): boolean {
  const t = v.trim();
  return t.startsWith('/') || t.startsWith('~') || t.startsWith('.') || /^[a-zA-Z]:[\\/]/.test(t) || t.startsWith('\\\\');
}

function absolutePath(p: string, root?: string): string {
  const expanded = p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
  if (path.isAbsolute(expanded)) return path.normalize(expanded);
  return root ? path.resolve(root, expanded) : path.resolve(expanded);
}

/** Where a setting write should go: the workspace when it already overrides the key, else the user. */
export function writeTarget(key: string): vscode.ConfigurationTarget {
  const info = vscode.workspace.getConfiguration(SECTION).inspect(key);
  if (info?.workspaceValue !== undefined && vscode.workspace.isTrusted) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

/**
 * Where the model comes from, for a failed load: "rerankLens.localModelPath is set in the workspace
 * settings (/path)." A folder that does not exist is often a workspace value the user forgot about,
 * or a user value that a remote window (SSH, WSL, code-server) does not apply to its machine.
 */
export function modelSettingNote(): string | undefined {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  for (const key of ['localModelPath', 'model']) {
    const i = cfg.inspect<string>(key);
    const value = (cfg.get<string>(key) ?? '').trim();
    if (!i || !value) continue;
    const where = i.workspaceFolderValue !== undefined ? 'the workspace folder settings' : i.workspaceValue !== undefined ? 'the workspace settings' : i.globalValue !== undefined ? 'the user (or remote) settings' : undefined;
    if (where) return `${SECTION}.${key} is set in ${where} (${value}).`;
  }
  return undefined;
}

