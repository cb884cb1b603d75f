// The extension's one log: a LogOutputChannel ("Rerank Lens" in the Output view) so users can set the
// level and see model loads, timings and errors with their stack. Everything else logs through here.
import * as vscode from 'vscode';

export interface Log {
  readonly channel: vscode.LogOutputChannel;
  info(message: string): void;
  warn(message: string): void;
  /** Logs the message and, when given, the error's stack or detail text. */
  error(message: string, err?: unknown): void;
  debug(message: string): void;
  show(): void;
}

export function createLog(): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Rerank Lens', { log: true });
  return {
    channel,
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    debug: (m) => channel.debug(m),
    error: (m, err) => channel.error(err === undefined ? m : `${m}\n${describeError(err)}`),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

/** Stack when there is one, else the message, else the value as text. Also reads EngineError.detail. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const detail = (err as { error?: { detail?: unknown } }).error?.detail;
    const stack = err.stack ?? `${err.name}: ${err.message}`;
    return typeof detail === 'string' && detail.length > 0 ? `${stack}\n${detail}` : stack;
  }
  if (typeof err === 'object' && err !== null) {
    try {
      return JSON.stringify(err);
    } catch {
      return String(err);
    }
  }
  return String(err);
}
