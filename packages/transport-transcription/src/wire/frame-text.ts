/**
 * A server frame before it is parsed: its text (a string as is, bytes as UTF-8), the size past which it is
 * not read, and the cheap test that tells whether its parsed strings must be walked for keys. Pure; no I/O.
 */

/** Frames longer than this (characters, or bytes for a binary frame) are not parsed. */
export const MAX_FRAME_CHARS = 4 * 1024 * 1024;

const decoder = new TextDecoder();

/**
 * The text of a frame: a string as is, bytes as UTF-8; the byte count of bytes too many to decode;
 * `undefined` for anything else (a `Blob`).
 */
export function frameText(data: unknown): string | number | undefined {
  if (typeof data === 'string') return data;
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : Object.prototype.toString.call(data) === '[object ArrayBuffer]'
      ? new Uint8Array(data as ArrayBuffer)
      : undefined;
  if (!bytes) return undefined;
  // Decoding megabytes only to refuse them is wasted work: too many bytes are too many characters.
  if (bytes.byteLength > MAX_FRAME_CHARS) return bytes.byteLength;
  return decoder.decode(bytes);
}

/**
 * Whether the parsed strings may hold a key, so that they must be walked. Only escapes can make a parsed
 * string differ from the frame text: a `\uXXXX` can spell any character, the short escapes (`\"`, `\\`,
 * `\/`, `\n`…) only quotes, slashes and control characters, which no `sk-`/`ek_` key holds (the caller's
 * key might). Without such an escape, the parsed strings are substrings of the text: a text without a key
 * holds none, and most frames skip the walk.
 */
export function mayHoldSecret(
  text: string,
  apiKey: string | undefined,
): boolean {
  // One regex pass: three `includes` cost twice as much on the hot path (every delta).
  if (MAY_HIDE_KEY.test(text)) return true;
  // A key that starts like a secret is caught by the pass above wherever it appears.
  if (
    apiKey === undefined ||
    apiKey.length < 4 ||
    apiKey.startsWith('sk-') ||
    apiKey.startsWith('ek_')
  )
    return false;
  return (
    text.includes(apiKey) || (ESCAPABLE.test(apiKey) && text.includes('\\'))
  );
}

/** Key prefixes, and the escape that can spell anything. */
const MAY_HIDE_KEY = /sk-|ek_|\\u/;
/** Characters JSON may spell with a short escape. */
// eslint-disable-next-line no-control-regex -- the control characters are the point
const ESCAPABLE = /["\\/\u0000-\u001f]/;
