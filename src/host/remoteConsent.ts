// Before chunk text first goes to a rerank server that is not on this machine, the user is asked once
// per endpoint URL; the answer "Send" is remembered in globalState (a refusal is not: it is asked
// again next time). RemoteScorer calls this through `confirmSend` only for non-loopback URLs.
import type * as vscode from 'vscode';
import type { ScorerInfo } from '../session/scorer';

const KEY = 'rerankLens.remoteConsent';

export type Ask = (info: ScorerInfo) => Promise<boolean>;

const askModal: Ask = async (info) => {
  // Loaded here, not at the top: the once-per-URL logic below runs in unit tests without VS Code.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { notify } = require('./notify') as typeof import('./notify');
  const send = 'Send to This Server';
  const a = await notify.ask(
    `Rerank Lens: send the query and chunk texts to ${info.url ?? info.label}?`,
    `Scoring with ${info.label} sends every (query, chunk) pair to this server${unencrypted(info.url) ? ', unencrypted (http://): anyone on the network path can read them' : ''}. You are asked once per server URL.`,
    send,
  );
  return a === send;
};

/** True for a plain-http URL (RemoteScorer asks only for servers not on this machine). */
export function unencrypted(url: string | undefined): boolean {
  return url !== undefined && /^http:\/\//i.test(url);
}

/** confirmSend for RemoteScorer: asks once per URL, remembering consent in `state`. */
export function confirmSendOnce(state: vscode.Memento, ask: Ask = askModal): (info: ScorerInfo) => Promise<boolean> {
  return async (info) => {
    const url = info.url ?? info.identity;
    const agreed = state.get<string[]>(KEY, []);
    if (agreed.includes(url)) return true;
    if (!(await ask(info))) return false;
    await state.update(KEY, [...new Set([...state.get<string[]>(KEY, []), url])]);
    return true;
  };
}
