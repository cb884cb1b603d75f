// Types for testSettings.mjs.
export const TINY_MODEL_DIR: string;
export function testSettings(extra?: Record<string, unknown>): Record<string, unknown>;
