// What every CLI command besides `rerank` is: a file in this folder exporting a Subcommand. The
// registry (../subcommands.ts) imports the commands; the commands import only this file, never the
// registry, so the two never form a circle.
import type { CliIo } from '../io';
import type { CliEngine } from '../score';

export interface SubcommandDeps {
  io: CliIo;
  /** An engine to use instead of forking a new one (tests share one; not disposed by the command). */
  engine?: CliEngine;
}

export interface Subcommand {
  /** One line for `rerank-lens --help`. */
  summary: string;
  run(argv: string[], deps: SubcommandDeps): Promise<number>;
}
