// Subcommands that extend `rerank` (compare, explain) take their own flags out of argv and hand the
// rest to the rerank parser (options.ts), so input, query and model options mean the same everywhere.
// One splitter keeps the rules the same too: `--flag VALUE` or `--flag=VALUE`, a following option is
// not a value (an id that starts with -- goes as --flag=--id), `--` ends the options, and a rerank
// option the subcommand cannot honour is refused with why, never silently ignored.
import { UsageError } from './options';

export interface OwnFlagsSpec {
  command: string;
  /** Flags that take a value (may repeat: every value is kept, in order). */
  values: readonly string[];
  /** Flags without a value. */
  bools?: readonly string[];
  /** Rerank flags this subcommand refuses: flag -> why (shown after "does not take --flag: "). */
  refused?: Readonly<Record<string, string>>;
}

export interface OwnFlags {
  values: Record<string, string[]>;
  bools: Set<string>;
  /** Everything else, for the rerank parser. */
  rest: string[];
}

export function splitOwnFlags(argv: readonly string[], spec: OwnFlagsSpec): OwnFlags | 'help' {
  const out: OwnFlags = { values: {}, bools: new Set(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.rest.push(...argv.slice(i));
      break;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = m?.[1];
    if (name && spec.values.includes(name)) {
      const v = m[2] ?? (argv[i + 1]?.startsWith('--') ? undefined : argv[++i]);
      if (v === undefined) throw new UsageError(`--${name} needs a value.`, `Give it as --${name} VALUE or --${name}=VALUE; see rerank-lens ${spec.command} --help.`);
      (out.values[name] ??= []).push(v);
    } else if (name && spec.bools?.includes(name) && m[2] === undefined) {
      out.bools.add(name);
    } else if (name && spec.refused?.[name] !== undefined) {
      throw new UsageError(`${spec.command} does not take --${name}: ${spec.refused[name]}.`, `Leave it out; see rerank-lens ${spec.command} --help.`);
    } else out.rest.push(arg);
  }
  return out;
}

/** The one value of a flag that may be given once; undefined when absent. */
export function onceOf(own: OwnFlags, flag: string): string | undefined {
  const v = own.values[flag];
  if (v && v.length > 1) throw new UsageError(`--${flag} is given ${v.length} times.`);
  return v?.[0];
}
