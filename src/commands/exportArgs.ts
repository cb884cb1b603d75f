// What Export Reranked Results accepts from command arguments. Kept apart from the command (no vscode
// import) so the rule is unit-tested: a command link can choose the style, never where to write.
export type ExportStyle = 'same' | 'cohere';

export function parseExportArgs(args: unknown): { style?: ExportStyle } {
  const style = typeof args === 'object' && args !== null ? (args as { style?: unknown }).style : undefined;
  return style === 'same' || style === 'cohere' ? { style } : {};
}
