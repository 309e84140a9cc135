import { describe, expect, it } from 'vitest';
import { printable } from '../src/printable.js';

describe('printable', () => {
  it('shows newlines, ANSI escapes, bells and DEL as visible escapes', () => {
    expect(printable('a\nb\r\tc\u001b[2J\u0007\u007f')).toBe(
      'a\\nb\\r\\tc\\x1b[2J\\x07\\x7f',
    );
  });

  it('escapes C1 controls and bidi overrides that could reorder a line', () => {
    expect(printable('x\u009by \u202eevil\u2066')).toBe(
      'x\\x9by \\u202eevil\\u2066',
    );
  });

  it('leaves ordinary text, accents and emoji alone', () => {
    const text = 'Grüße · 東京 · 🎙️ [00:01.0] “quoted”';
    expect(printable(text)).toBe(text);
  });
});
