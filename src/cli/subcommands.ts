// The CLI's commands besides `rerank` (which lives in main.ts). Each is a file in src/cli/commands/
// exporting `run(argv, deps)`: argv is what follows the command name; the result is the exit code
// (0 done, 1 scoring or writing failed, 2 bad usage or input). Adding a command = one file + one line here.
import type { Subcommand } from './commands/subcommand';

export type { Subcommand, SubcommandDeps } from './commands/subcommand';

/** name -> lazily loaded command, so `rerank-lens rerank` never pays for the others' imports. */
export const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  // require, not import(): under mocha's tsx/cjs hook a dynamic import() takes Node's ESM resolver, which finds no .ts file.
  compare: async () => (require('./commands/compare') as typeof import('./commands/compare')).compareCommand,
  eval: async () => (require('./commands/eval') as typeof import('./commands/eval')).evalCommand,
  explain: async () => (require('./commands/explain') as typeof import('./commands/explain')).explainCommand,
  tokenize: async () => (require('./commands/tokenize') as typeof import('./commands/tokenize')).tokenizeCommand,
};
