// Turning failures into what the user sees: a message, a hint, and a notification whose buttons take
// them to the fix (Select Model, Open Settings, Show Log). Failures are logged with their detail.
import * as vscode from 'vscode';
import type { EngineError, EngineErrorCode } from '../engine/protocol';
import type { Log } from './log';
import { notify } from './notify';
import { COMMANDS } from './commandIds';
import { modelSettingNote } from './settings';

export interface UserError {
  message: string;
  hint?: string;
  /** Engine error code, when the engine reported it. */
  code?: EngineErrorCode | 'input';
}

/** Reads an EngineFailure (or anything thrown) as a user error. */
export function toUserError(err: unknown): UserError {
  const engineError = (err as { error?: EngineError } | undefined)?.error;
  if (engineError && typeof engineError.message === 'string') {
    return { message: engineError.message, hint: engineError.hint, code: engineError.code };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message: message || 'Unexpected error', hint: 'See the Rerank Lens log for details.', code: 'internal' };
}

export function isCancelled(err: unknown): boolean {
  return (err as { error?: EngineError } | undefined)?.error?.code === 'cancelled';
}

type Action = 'Select Model' | 'Open Settings' | 'Show Log' | 'Go to Error';

/** Engine codes of a model that cannot be loaded from what the settings name. */
const MODEL_SOURCE_CODES = new Set<UserError['code']>(['model-not-found', 'bad-model-folder', 'not-sequence-classification', 'corrupt-onnx', 'offline-not-cached']);

/** For a model that cannot load, the hint also says which setting (and settings file) named it. */
export function withModelSource(err: UserError): UserError {
  const where = MODEL_SOURCE_CODES.has(err.code) ? modelSettingNote() : undefined;
  return where ? { ...err, hint: [err.hint, where].filter(Boolean).join(' ') } : err;
}

function actionsFor(code: UserError['code']): Action[] {
  switch (code) {
    case 'model-not-found':
    case 'bad-model-folder':
    case 'not-sequence-classification':
    case 'corrupt-onnx':
    // A model whose tokenizer hangs the engine (it was restarted): choosing another model is the fix.
    case 'engine-unresponsive':
      return ['Select Model', 'Show Log'];
    case 'offline-not-cached':
    case 'network':
    case 'download-interrupted':
    // A file over its size cap: usually a wrong hub URL (a mirror serving something else).
    case 'download-too-large':
      return ['Open Settings', 'Show Log'];
    default:
      return ['Show Log'];
  }
}

/** Shows the error as a notification with the actions that fix it; never throws. */
export async function notifyError(log: Log, err: UserError, opts: { goTo?: () => unknown } = {}): Promise<void> {
  const actions: Action[] = [...(opts.goTo ? (['Go to Error'] as Action[]) : []), ...actionsFor(err.code)];
  const text = err.hint ? `${err.message} ${err.hint}` : err.message;
  try {
    const picked = await notify.error(`Rerank Lens: ${text}`, ...actions);
    switch (picked) {
      case 'Select Model':
        await vscode.commands.executeCommand(COMMANDS.selectModel);
        break;
      case 'Open Settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'rerankLens');
        break;
      case 'Show Log':
        log.show();
        break;
      case 'Go to Error':
        await opts.goTo?.();
        break;
    }
  } catch (e) {
    log.error('Could not show an error notification', e);
  }
}
