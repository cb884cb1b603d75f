// The token badge of a row: what the model saw for this (query, chunk) pair, as `rerank-lens tokenize`
// prints it (input ids, token type ids when the tokenizer has them, the tokens, where truncation cut
// each side), opened as a read-only text document beside the panel. It runs the CLI command in process
// on the pair (as a Cohere-style request on its standard input), so both show exactly the same thing;
// it needs only the model's tokenizer files.
import * as vscode from 'vscode';
import { tokenizeCommand } from '../cli/commands/tokenize';
import { notify } from '../host/notify';
import type { Services } from '../host/services';
import { modelKey, type Settings } from '../host/settings';

export async function showTokens(svc: Services, settings: Settings, query: string, chunk: { id: string; text: string }): Promise<void> {
  const input = new TextEncoder().encode(JSON.stringify({ query, documents: [chunk.text] }));
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    readStdin: async () => input,
  };
  const argv = ['-', '--model', modelKey(settings), '--max-length', String(settings.maxLength), '--cache-dir', svc.modelCacheDir];
  if (!settings.allowDownloads) argv.push('--offline');
  if (settings.hubUrl) argv.push('--hub-url', settings.hubUrl);
  const code = await tokenizeCommand.run(argv, { io });
  if (code !== 0) {
    svc.log.error(`tokenize failed for chunk ${chunk.id}: ${err}`);
    void notify.error(`Rerank Lens: could not show the tokens: ${err.replace(/^rerank-lens tokenize: error: /, '').trim()}`, 'Show Log').then((a) => a && svc.log.show());
    return;
  }
  const header = `Tokens the model saw for chunk ${chunk.id} (same as: rerank-lens tokenize FILE --model ${modelKey(settings)} --max-length ${settings.maxLength})\n\n`;
  const doc = await vscode.workspace.openTextDocument({ content: header + out, language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
