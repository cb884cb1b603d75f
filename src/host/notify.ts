// The only place the extension shows notifications. Every message goes through neutralize(): our own
// wording is fixed, but messages quote ids, paths, queries, model names and server errors, and
// VS Code renders `[x](command:...)` in a notification as a link that runs a command. Action buttons
// are our own constant labels. A test checks that no other file calls vscode.window.show*Message.
import * as vscode from 'vscode';
import { neutralize } from '../core/safeText';

type Show = (message: string, ...items: string[]) => Thenable<string | undefined>;

function show<A extends string>(fn: Show, message: string, actions: readonly A[], modal?: { detail?: string }): Thenable<A | undefined> {
  const text = neutralize(message);
  if (modal) {
    const opts: vscode.MessageOptions = { modal: true, ...(modal.detail ? { detail: neutralize(modal.detail) } : {}) };
    return (fn as unknown as (m: string, o: vscode.MessageOptions, ...i: string[]) => Thenable<A | undefined>)(text, opts, ...actions);
  }
  return fn(text, ...actions) as Thenable<A | undefined>;
}

export const notify = {
  info: <A extends string>(message: string, ...actions: A[]) => show(vscode.window.showInformationMessage, message, actions),
  warn: <A extends string>(message: string, ...actions: A[]) => show(vscode.window.showWarningMessage, message, actions),
  error: <A extends string>(message: string, ...actions: A[]) => show(vscode.window.showErrorMessage, message, actions),
  /** A modal question (the user must answer before going on). */
  ask: <A extends string>(message: string, detail: string | undefined, ...actions: A[]) =>
    show(vscode.window.showWarningMessage, message, actions, { detail }),
};

/** Neutralised text for quick pick labels/descriptions and status bar texts (they draw `$(icon)`). */
export const safeLabel = neutralize;
