// One line for a reader's Diagnostic, for the CLI's stderr and the extension's error messages alike.
import type { Diagnostic } from './types';

/** "file, line 3, column 5, $.a[1]: message", leaving out what the message already says. */
export function describeDiagnostic(d: Diagnostic, fallbackFile?: string): string {
  const parts: string[] = [];
  const file = d.file ?? fallbackFile;
  if (file && !d.message.includes(file)) parts.push(file);
  if (d.line !== undefined && !d.message.includes(`line ${d.line}`)) parts.push(`line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ''}`);
  if (d.path && !d.message.includes(d.path)) parts.push(d.path);
  return parts.length > 0 ? `${parts.join(', ')}: ${d.message}` : d.message;
}
