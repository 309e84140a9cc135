/**
 * Making text from outside (file names, flag values, script lines, server messages) safe to print: control
 * characters are shown as escapes instead of reaching the terminal, so a file name cannot split a line or
 * send an ANSI sequence that recolours, moves the cursor or retitles the window.
 */

// C0 controls, DEL, C1 controls, and the Unicode bidirectional overrides that can reorder what is shown.
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control or bidi-override character replaced by a visible escape (`\n`, `\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
