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

/**
 * Removes anything that looks like an API key from a text, so that no error or log line can carry one.
 * Keys are `sk-…`, `ek_…` or whatever the caller passed; the caller's key is removed verbatim first.
 */
export function redactSecrets(text: string, knownKey?: string): string {
  let out = text;
  if (knownKey && knownKey.length >= 4)
    out = out.split(knownKey).join('[redacted]');
  return out.replace(
    /\b(sk-[A-Za-z0-9_-]{6,}|ek_[A-Za-z0-9_-]{6,})/g,
    '[redacted]',
  );
}
