// The extension under test, as every integration suite reaches it: its id, the loaded extension (a
// clear failure when it is not), and the test API activate() returns (src/testApi.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RerankLensTestApi } from '../../src/extension';

export const EXT_ID = 'rerank-lens.rerank-lens';

export function ext(): vscode.Extension<RerankLensTestApi> {
  const e = vscode.extensions.getExtension<RerankLensTestApi>(EXT_ID);
  assert.ok(e, `${EXT_ID} is not loaded`);
  return e;
}

export const api = (): Thenable<RerankLensTestApi> => ext().activate();
