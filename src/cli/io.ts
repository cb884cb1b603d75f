// Where the CLI writes and reads, as a value so main() can run in-process (tests share one engine and
// capture the output) as well as from dist/cli.js.

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

export const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: readProcessStdin,
};
