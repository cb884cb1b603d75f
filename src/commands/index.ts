// Registers every command. Each handler catches its own failures: a command never throws into VS Code
// (an unexpected error is logged with its stack and shown with a Show Log action).
import * as vscode from 'vscode';
import { clearModelCache } from './clearModelCache';
import { notifyError, toUserError } from '../host/errors';
import { exportResults } from './exportResults';
import { exportLabels } from './exportLabels';
import { attachLabels, openLabelledSet } from './labelledSet';
import { rerankAgain, rerankFile, rerankFolder, rerankSelection } from './rerank';
import { selectModel } from './selectModel';
import { setApiKey } from './setApiKey';
import { compareScorersCommand } from './compare';
import { COMMANDS } from '../host/commandIds';
import type { Services } from '../host/services';

export { COMMANDS };

export function registerCommands(svc: Services): vscode.Disposable[] {
  const guarded =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await fn(...args);
      } catch (e) {
        svc.log.error(`Command ${name} failed`, e);
        void notifyError(svc.log, toUserError(e));
        return undefined;
      }
    };
  const reg = <A extends unknown[], R>(id: string, fn: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(id, guarded(id, fn) as (...args: unknown[]) => unknown);
  return [
    reg(COMMANDS.rerankSelection, (args?: unknown) => rerankSelection(svc, args)),
    reg(COMMANDS.rerankFile, (uri?: unknown, args?: unknown) => rerankFile(svc, uri, args)),
    reg(COMMANDS.rerankFolder, (uri?: unknown, args?: unknown) => rerankFolder(svc, uri, args)),
    reg(COMMANDS.rerankAgain, (args?: unknown) => rerankAgain(svc, args)),
    reg(COMMANDS.selectModel, () => selectModel(svc)),
    reg(COMMANDS.exportResults, (args?: unknown) => exportResults(svc, args)),
    reg(COMMANDS.clearModelCache, () => clearModelCache(svc)),
    reg(COMMANDS.showLog, async () => svc.log.show()),
    reg(COMMANDS.openLabelledSet, (uri?: unknown) => openLabelledSet(svc, uri)),
    reg(COMMANDS.attachLabels, (uri?: unknown) => attachLabels(svc, uri)),
    reg(COMMANDS.exportLabels, () => exportLabels(svc)),
    reg(COMMANDS.setApiKey, (args?: unknown) => setApiKey(svc, args)),
    reg(COMMANDS.compareScorers, (args?: unknown) => compareScorersCommand(svc, args)),
  ];
}
