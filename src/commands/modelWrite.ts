// Which settings Select Model writes, decided without VS Code so the rule is unit-tested: only the
// scope the user chose is written (this workspace or the user settings), and a local folder set in the
// OTHER scope is never removed; the caller tells the user when it still wins there.
export type Scope = 'workspace' | 'user';

export type ModelChoice = { kind: 'hub'; id: string } | { kind: 'folder'; path: string };

/** What each scope holds now (undefined: not set there). */
export interface ModelSettingsNow {
  workspace: { model?: string; localModelPath?: string };
  user: { model?: string; localModelPath?: string };
}

export interface SettingWrite {
  key: 'model' | 'localModelPath';
  /** undefined removes the key from that scope. */
  value: string | undefined;
  scope: Scope;
}

export interface ModelWritePlan {
  writes: SettingWrite[];
  /** A setting in the other scope that keeps the choice from applying here (shown to the user). */
  stillWins?: { key: 'model' | 'localModelPath'; value: string; scope: Scope };
}

export function planModelWrite(choice: ModelChoice, scope: Scope, now: ModelSettingsNow): ModelWritePlan {
  const writes: SettingWrite[] = [];
  if (choice.kind === 'folder') {
    writes.push({ key: 'localModelPath', value: choice.path, scope });
  } else {
    writes.push({ key: 'model', value: choice.id, scope });
    // A folder in the same scope would win over the hub id: the user chose this scope, so it goes.
    if (now[scope].localModelPath) writes.push({ key: 'localModelPath', value: undefined, scope });
  }
  // The workspace wins over the user settings: a workspace folder (or, for a folder choice, nothing
  // that a folder loses to) keeps the user choice from applying in this workspace.
  let stillWins: ModelWritePlan['stillWins'];
  if (scope === 'user' && now.workspace.localModelPath) stillWins = { key: 'localModelPath', value: now.workspace.localModelPath, scope: 'workspace' };
  else if (scope === 'user' && choice.kind === 'hub' && now.workspace.model && now.workspace.model !== choice.id) stillWins = { key: 'model', value: now.workspace.model, scope: 'workspace' };
  return stillWins ? { writes, stillWins } : { writes };
}
