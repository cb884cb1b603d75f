// Where the CLI writes and reads, as a value so main() can run in-process (tests share one engine and
// capture the output) as well as from dist/cli.js.
//
// Every text the CLI writes passes through `terminalSafe` (safeIo wraps both streams), because ids,
// queries, file names, model and server messages are data from someone else: a chunk id holding
// `ESC ] 0 ; title BEL`, a screen clear or an OSC 52 clipboard write must reach the terminal as text,
// never as a command. Control characters other than newline and tab become a visible `\uXXXX`. That is
// also exactly how JSON escapes them, so JSON output stays valid and means the same (JSON.stringify
// leaves C1 controls such as U+009B, a one-byte CSI, raw inside strings; they come out escaped).

export interface CliWriter {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  /** Standard input, at most `limit` + 1 bytes (one more than allowed says "too big" without reading it all). */
  readStdin(limit: number): Promise<Uint8Array>;
}

// C0 controls except \t and \n, DEL, and C1 controls (U+0080..U+009F: CSI, OSC, DCS... in one byte).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text with every terminal control character written as `\uXXXX`. A carriage return at the very start
 * of a write is kept: it is how the CLI's own progress line redraws itself, and it cannot start an
 * escape sequence.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c: string, at: number) => (at === 0 && c === '\r' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

const SAFE = Symbol('terminalSafe');

function safeWriter(w: CliWriter): CliWriter {
  if ((w as { [SAFE]?: true })[SAFE]) return w;
  return {
    [SAFE]: true,
    write: (text: string) => w.write(terminalSafe(String(text))),
    get isTTY() {
      return w.isTTY;
    },
    get columns() {
      return w.columns;
    },
  } as CliWriter;
}

/** The same io with both streams cleaned by terminalSafe (wrapping twice is a no-op). */
export function safeIo(io: CliIo): CliIo {
  return { ...io, stdout: safeWriter(io.stdout), stderr: safeWriter(io.stderr) };
}

async function readProcessStdin(limit: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    parts.push(b);
    total += b.length;
    if (total > limit) {
      process.stdin.destroy();
      break;
    }
  }
  const all = Buffer.concat(parts);
  return new Uint8Array(all.buffer, all.byteOffset, Math.min(all.byteLength, limit + 1));
}

export const processIo: CliIo = safeIo({
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: readProcessStdin,
});

/** The one error format of every command: `rerank-lens[ COMMAND]: error: what` and the hint under it. */
export function printError(io: Pick<CliIo, 'stderr'>, error: { message: string; hint?: string }, command?: string): void {
  io.stderr.write(`rerank-lens${command ? ` ${command}` : ''}: error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
}
