// Types for codeServer.mjs, so the TypeScript e2e tests can import it under `tsc --strict`.
export const REPO_ROOT: string;
export const CODE_SERVER_BIN: string;
export const BASE_SETTINGS: Record<string, unknown>;
export function codeServerInstalled(): boolean;
export function freePort(): Promise<number>;
export interface CodeServer {
  url: string;
  port: number;
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
  workbenchUrl(o?: { folder?: string; payload?: [string, string][] }): string;
  stop(): Promise<void>;
  output(): string;
}
export function startCodeServer(opts?: {
  folder?: string;
  settings?: Record<string, unknown>;
  extensionsDir?: string;
  env?: Record<string, string>;
  baseDir?: string;
  port?: number;
  keep?: boolean;
  log?: (line: string) => void;
}): Promise<CodeServer>;
export function devPayload(extensionPath: string, extensionTestsPath?: string): [string, string][];
export function codeServerCli(args: string[], opts?: { env?: NodeJS.ProcessEnv; extensionsDir?: string; userDataDir?: string }): Promise<{ code: number; output: string }>;
