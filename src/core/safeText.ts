// Text that came from outside (an input file, a model folder, a server, a setting) shown on a VS Code
// surface that interprets it. Notifications turn `[label](command:...)` into a link that runs the
// command on one click (a results file with such a chunk id could install an extension), and labels,
// notifications and status bar texts draw `$(name)` as an icon. Pure: the host calls it, tests check it.

const ZWSP = '\u200b';
/** C0/C1 controls except tab and newline, and the bidi overrides/isolates that can disguise a text. */
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MAX_LENGTH = 1000;

/**
 * Neutralises a text for a notification, quick pick, status bar item or hover: no link syntax
 * survives (`](` gets a zero-width space between the brackets, so VS Code's link parser never sees
 * `[..](..)`), no `$(icon)`, no control or bidi characters; long texts are cut with an ellipsis.
 * What the user reads stays the same characters.
 */
export function neutralize(text: string): string {
  let out = text.replace(UNSAFE_CHARS, '').replace(/\]\s*\(/g, (m) => `]${ZWSP}${m.slice(1)}`).replace(/\$\(/g, `$${ZWSP}(`);
  // A bare `command:` or `file:` URI is not linked by notifications today; break it anyway so a later
  // VS Code that auto-links URIs cannot turn it into a one-click command.
  out = out.replace(/\b(command|vscode|file):/gi, (m) => `${m.slice(0, -1)}${ZWSP}:`);
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH - 1)}…` : out;
}
