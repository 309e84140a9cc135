/**
 * The simulator's error texts, in one place so that every message can be checked against protocol.md §7.3.
 *
 * Texts marked VERIFIED were read in a live capture or a verbatim public report; texts marked INFERRED are our
 * best guess where no capture exists (they follow OpenAI's usual wording so that clients matching on `code`
 * keep working, but a client must not match on their `message`).
 */

/** The `error` object of a server `error` event. */
export interface WireError {
  type: string;
  code: string | null;
  message: string;
  param: string | null;
}

/** Event types the real GA server's parser accepts (VERIFIED, [CAP-0918] probe 8, in the server's order). */
export const GA_CLIENT_EVENT_TYPES = [
  'session.update',
  'session.close',
  'input_audio_buffer.append',
  'session.input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'conversation.item.create',
  'conversation.item.truncate',
  'conversation.item.delete',
  'conversation.item.retrieve',
  'response.create',
  'response.cancel',
] as const;

/** Azure-like servers also accept the legacy update (INFERRED position in the list, [CAP-AZ-0924]). */
export const LEGACY_CLIENT_EVENT_TYPES = [
  ...GA_CLIENT_EVENT_TYPES.slice(0, 1),
  'transcription_session.update',
  ...GA_CLIENT_EVENT_TYPES.slice(1),
] as const;

const invalidRequest = (
  code: string | null,
  message: string,
  param: string | null = null,
): WireError => ({
  type: 'invalid_request_error',
  code,
  message,
  param,
});

/** `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: the server's way of listing supported values. */
export function quoteList(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  if (quoted.length <= 2) return quoted.join(' and ');
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

/** Masks a key like the real server: first 8 and last 4 characters, stars between (VERIFIED shape, probe 10). */
export function maskApiKey(key: string): string {
  // INFERRED for short keys: show nothing of a key too short to hide 12 characters of it.
  if (key.length < 16) return '*'.repeat(key.length);
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** Handshake failures, sent as the first frame before the server closes the socket. */
export const handshakeErrors = {
  /** VERIFIED [CAP-0918] probe 10b; `code` is null, the close reason is just the type. */
  missingKey: () =>
    invalidRequest(null, 'Missing bearer or basic authentication in header'),
  /** VERIFIED [CAP-0918] probe 10 (the key itself is masked, never echoed). */
  invalidKey: (key: string) =>
    invalidRequest(
      'invalid_api_key',
      `Incorrect API key provided: ${maskApiKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    ),
  /** VERIFIED [CAP-0918] probe 7c; glass#220. */
  betaShape: () =>
    invalidRequest(
      'beta_api_shape_disabled',
      'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.',
    ),
  /** VERIFIED openai-python#2805 / #2652. */
  modelWithTranscription: () =>
    invalidRequest(
      'invalid_model',
      'You must not provide a model parameter for transcription sessions.',
    ),
  /**
   * VERIFIED capture 08 (2026-06-11, `?intent=transcription&model=…`, close 4000); the reporter trimmed
   * `param`, which is INFERRED null here.
   */
  modelInTranscriptionMode: (model: string) =>
    invalidRequest(
      'invalid_model',
      `Model "${model}" is not supported in transcription mode.`,
    ),
  /** VERIFIED [CAP-0918] probe 11b. */
  missingModel: () =>
    invalidRequest(
      'missing_model',
      'You must provide a model parameter, for example wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5',
    ),
};

/** Errors for client events; all non-fatal (the session goes on). */
export const eventErrors = {
  /** VERIFIED prefix [CAP-0918] probe 8; the source elided the rest, so the tail is INFERRED. */
  invalidJson: (detail: string) =>
    invalidRequest(
      'invalid_json',
      `Invalid event: failed to parse JSON value. ${detail}`,
    ),
  /** VERIFIED [CAP-0918] probe 8. */
  binaryFrame: () =>
    invalidRequest(
      'invalid_event',
      'Expected a text WebSocket message; binary frames are not supported.',
    ),
  /** VERIFIED [CAP-0918] probe 8 (list), probe 7b (legacy update on a transcription session). */
  invalidValue: (value: string, supported: readonly string[], param: string) =>
    invalidRequest(
      'invalid_value',
      `Invalid value: '${value}'. Supported values are: ${quoteList(supported)}.`,
      param,
    ),
  /** VERIFIED [CAP-0918] probe 8. */
  unknownParameter: (param: string) =>
    invalidRequest(
      'unknown_parameter',
      `Unknown parameter: '${param}'.`,
      param,
    ),
  /** VERIFIED [CAP-AZ-0924] finding 2. */
  missingParameter: (param: string) =>
    invalidRequest(
      'missing_required_parameter',
      `Missing required parameter: '${param}'.`,
      param,
    ),
  /** VERIFIED [SEED], [CAP-DE-1205]; note `param` is the empty string, not null. */
  realtimeUpdate: () =>
    invalidRequest(
      'invalid_parameter',
      'Passing a realtime session update event to a transcription session is not allowed.',
      '',
    ),
  /** "Expected a value >= 24000" VERIFIED [CAP-0918] 7d; the surrounding wording is OpenAI's usual one (INFERRED). */
  belowMin: (param: string, min: number, got: number) =>
    invalidRequest(
      'integer_below_min_value',
      `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${got} instead.`,
      param,
    ),
  /** INFERRED: OpenAI's usual wording for the upper bound. */
  aboveMax: (param: string, max: number, got: number) =>
    invalidRequest(
      'integer_above_max_value',
      `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${got} instead.`,
      param,
    ),
  /** INFERRED: OpenAI's usual wording for numbers outside a range (e.g. `threshold`). */
  numberOutOfRange: (param: string, min: number, max: number, got: number) =>
    invalidRequest(
      'decimal_out_of_range',
      `Invalid '${param}': expected a number between ${min} and ${max}, but got ${got} instead.`,
      param,
    ),
  /** INFERRED: OpenAI's usual wording for a value of the wrong JSON type. */
  invalidType: (param: string, expected: string, got: string) =>
    invalidRequest(
      'invalid_type',
      `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`,
      param,
    ),
  /** INFERRED: OpenAI's usual wording for an over-long string (also the 15 MiB append cap, as base64). */
  stringTooLong: (param: string, max: number, got: number) =>
    invalidRequest(
      'string_above_max_length',
      `Invalid '${param}': string too long. Expected a string with maximum length ${max}, but got a string with length ${got} instead.`,
      param,
    ),
  /** INFERRED: the real text for bad base64 is not captured. */
  invalidAudio: () =>
    invalidRequest(
      'invalid_value',
      "Invalid 'audio': expected base64-encoded audio bytes.",
      'audio',
    ),
  /** INFERRED: an empty `languages` array (minItems 1 per [SPEC]). */
  emptyArray: (param: string) =>
    invalidRequest(
      'empty_array',
      `Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
      param,
    ),
  /** VERIFIED text [CAP-DBG] ISSUE-006 (no trailing period), with the buffered milliseconds filled in. */
  commitEmpty: (bufferedMs: number) =>
    invalidRequest(
      'input_audio_buffer_commit_empty',
      `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio`,
    ),
  /**
   * INFERRED: the real reply to conversation/response events in a transcription session is not captured
   * (protocol.md §12 q1); the code is ours and the message says why.
   */
  unsupportedInTranscription: (type: string) =>
    invalidRequest(
      'unsupported_event',
      `The '${type}' event is not supported in transcription sessions: a transcription session takes audio ` +
        `only ('session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear') ` +
        `and never creates conversation items or responses.`,
      'type',
    ),
  /** INFERRED: the text from [NODE-RT]'s schema doc, as the error a server would give. */
  modelRule: (param: string, message: string) =>
    invalidRequest('invalid_value', message, param),
  /** VERIFIED text [OpenWhispr#608] for 60 minutes; the simulator names its own (shorter) limit the same way. */
  sessionExpired: (durationMs: number) =>
    invalidRequest(
      'session_expired',
      `Your session hit the maximum duration of ${describeDuration(durationMs)}.`,
    ),
};

/** `60 minutes`, `1 minute`, `0.25 seconds`: the server states the limit in minutes. */
function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Number((ms / 1000).toFixed(3));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * The `failed` error for a turn the script makes fail: VERIFIED shape [10.6]
 * ("Input transcription failed for item '…'.", `server_error`, code null).
 */
export function transcriptionFailed(itemId: string): WireError {
  return {
    type: 'server_error',
    code: null,
    message: `Input transcription failed for item '${itemId}'.`,
    param: null,
  };
}
