/**
 * Every error this package creates carries a stable `code`, so applications can branch on the code
 * rather than on message text. Messages name the option or value at fault.
 */

/** Stable error codes. Listed in the README; add, never rename. */
export type TranscriptionErrorCode =
  /** An option passed to the constructor or `connect()` is invalid. Thrown before any I/O. */
  | 'INVALID_OPTION'
  /** No API key was given, or the key function returned nothing usable. */
  | 'MISSING_API_KEY'
  /** A browser was handed a key that is not an ephemeral `ek_` key, without `useInsecureApiKey`. */
  | 'INSECURE_API_KEY'
  /** The requested settings contradict each other or the model (e.g. `prompt` with `gpt-realtime-whisper`). */
  | 'CONFIG_CONFLICT'
  /** The call is not something a transcription session can take (text messages, responses, tools). */
  | 'UNSUPPORTED_OPERATION'
  /** Audio was sent while the transport is not connected. */
  | 'NOT_CONNECTED'
  /** The socket could not be opened or closed before the session was ready. */
  | 'CONNECT_FAILED'
  /** The server did not send `session.created` / `session.updated` in time. */
  | 'CONNECT_TIMEOUT'
  /** The server refused the transcription `session.update`; the update was discarded whole. */
  | 'SESSION_UPDATE_REJECTED'
  /** The server closed with code 3000: the API key was missing, wrong or expired. Not retried. */
  | 'AUTH_FAILED'
  /** The server closed with code 4000: the request itself was refused (URL, model, beta shape). Not retried. */
  | 'REQUEST_REJECTED'
  /** The socket closed unexpectedly. */
  | 'CONNECTION_LOST'
  /** The server sent an `error` event. The session goes on. */
  | 'SERVER_ERROR'
  /** The transcription of one item failed (`…input_audio_transcription.failed`). The session goes on. */
  | 'TRANSCRIPTION_FAILED'
  /** No final transcript arrived for an item within `transcriptTimeoutMs`; the item was marked `incomplete`. */
  | 'TRANSCRIPTION_TIMEOUT'
  /**
   * `sendAudio()` refused a chunk: the socket is not draining (`bufferedAmount` over the high-water mark)
   * and the audio queued behind it reached `backpressure.maxQueuedMs`. Nothing was queued; retry later or
   * drop audio.
   */
  | 'AUDIO_BACKPRESSURE';

/** The server's own error object, as sent in an `error` event. */
export interface ServerErrorDetail {
  type?: string;
  code?: string | null;
  message?: string;
  param?: string | null;
  event_id?: string | null;
}

/** Base class of every error this package throws or emits. */
export class TranscriptionTransportError extends Error {
  /** A stable code, see {@link TranscriptionErrorCode}. */
  readonly code: TranscriptionErrorCode;
  /** The server's error object, when the error came from the server. */
  readonly serverError: ServerErrorDetail | undefined;

  constructor(
    code: TranscriptionErrorCode,
    message: string,
    options: { cause?: unknown; serverError?: ServerErrorDetail } = {},
  ) {
    super(
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.serverError = options.serverError;
  }
}

/** Thrown for audio that is not whole samples of the session's format, or too large for one append. */
export class InvalidAudioError extends TypeError {
  readonly code = 'INVALID_AUDIO' as const;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Thrown for an audio chunk over the 15 MiB the server takes in one append. */
export class AudioTooLargeError extends RangeError {
  readonly code = 'AUDIO_TOO_LARGE' as const;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The characters of a key after its prefix. */
const KEY_CHAR = '[A-Za-z0-9_-]';
/** How servers mask the middle of a key they echo: asterisks (any number), `…`, or `...`. */
const MASK = '(?:\\*+|\u2026|\\.{3})';
/**
 * A key-like token: `sk-` or `ek_`, then either six or more key characters (a whole key), or key
 * characters around at least one mask (a masked echo such as `sk-proj-ab*****yz` or the capture's
 * `sk-proj-***…AAAA`, whose visible part alone is too short to look like a key). Masks and the tail after
 * them are part of the token; a `.` that is not an ellipsis, a space or other punctuation ends it. The
 * masks and key characters are disjoint, so the match never backtracks more than the token's length.
 */
const SECRET_PATTERN = new RegExp(
  `\\b(?:sk-|ek_)(?:${KEY_CHAR}{6,}(?:${MASK}${KEY_CHAR}*)*|${KEY_CHAR}*(?:${MASK}${KEY_CHAR}*)+)`,
  'g',
);
const REDACTED = '[redacted]';

/** Replaces key-like tokens; the `includes` tests first, as most texts hold no key and the regex is the cost. */
function redactKeyLike(text: string): string {
  if (!text.includes('sk-') && !text.includes('ek_')) return text;
  return text.replace(SECRET_PATTERN, REDACTED);
}

/**
 * Removes anything that looks like an API key from a text, so that no error or log line can carry one.
 * Keys are `sk-…`, `ek_…` or whatever the caller passed; the caller's key is removed verbatim first.
 * Never throws: a value that is not a string (a server may send `{}` where a message belongs) is first
 * turned into text, so a malformed frame cannot turn into an exception inside a socket listener.
 */
export function redactSecrets(text: unknown, knownKey?: unknown): string {
  let out = typeof text === 'string' ? text : printable(text);
  if (typeof knownKey === 'string' && knownKey.length >= 4)
    out = out.split(knownKey).join(REDACTED);
  return redactKeyLike(out);
}

/** Text for any value, without throwing (`Object.create(null)`, symbols, bigints, cycles). */
function printable(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string') return json;
  } catch {
    // a cycle or a bigint: fall through to String()
  }
  try {
    return String(value);
  } catch {
    return `[${typeof value}]`;
  }
}

/** Subtrees nested deeper than this are replaced by {@link TOO_DEEP} when a parsed value is redacted. */
export const MAX_REDACT_DEPTH = 64;
/** What stands in for a subtree too deep, too large or cyclic to check for keys. */
export const TOO_DEEP = '[omitted: nested too deep to check for secrets]';
/** At most this many values are visited per redaction; the rest is replaced by {@link TOO_DEEP}. */
const MAX_REDACT_NODES = 1_000_000;

/**
 * Redacts every string of a parsed JSON value, object keys included, as {@link redactSecrets} does.
 * Runs on parsed values rather than frame text, so a key the server JSON-escaped (`\u0073k-…`) is caught.
 * Returns `value` itself when nothing had to change (no copy on the hot path); otherwise a copy with only
 * the changed branches copied. Depth and size are bounded (which also cuts cycles), so it never
 * overflows the stack and never throws.
 */
export function redactParsed<T>(value: T, knownKey?: string): T {
  const walk: Walk = {
    key: typeof knownKey === 'string' && knownKey.length >= 4 ? knownKey : '',
    budget: MAX_REDACT_NODES,
  };
  return redactValue(value, walk, 0) as T;
}

interface Walk {
  key: string;
  /** Values still to visit: bounds the work even for a (non-JSON) value that shares or cycles. */
  budget: number;
}

function redactString(text: string, walk: Walk): string {
  if (walk.key && text.includes(walk.key))
    text = text.split(walk.key).join(REDACTED);
  return redactKeyLike(text);
}

function redactValue(value: unknown, walk: Walk, depth: number): unknown {
  if (typeof value === 'string') return redactString(value, walk);
  if (typeof value !== 'object' || value === null) return value;
  // The depth bound also cuts cycles, which JSON.parse cannot make but a caller's value could.
  if (--walk.budget < 0 || depth >= MAX_REDACT_DEPTH) return TOO_DEEP;
  return Array.isArray(value)
    ? redactArray(value, walk, depth + 1)
    : redactObject(value as Record<string, unknown>, walk, depth + 1);
}

function redactArray(array: unknown[], walk: Walk, depth: number): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const clean = redactValue(item, walk, depth);
    if (clean !== item) (out ??= array.slice())[i] = clean;
  }
  return out ?? array;
}

function redactObject(
  object: Record<string, unknown>,
  walk: Walk,
  depth: number,
): Record<string, unknown> {
  const keys = Object.keys(object);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = object[key];
    const cleanKey = redactString(key, walk);
    const clean = redactValue(item, walk, depth);
    if (!out && (clean !== item || cleanKey !== key)) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j]!, object[keys[j]!]);
    }
    if (out) setOwn(out, cleanKey, clean);
  }
  return out ?? object;
}

/** Assigns an own property, even `__proto__` (which JSON.parse creates as an ordinary own key). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
