/**
 * Wire events of a transcription session: the edge where a server frame becomes something the transport
 * can trust.
 *
 * One step per frame ({@link readServerFrame}): decode, parse, redact keys on the parsed strings, and
 * validate every field the transport reads. Lenient about what it does not read: the server adds fields
 * (`obfuscation`) and event types over time, so unknown fields are kept and unknown types are passed on
 * (on `'*'`). Strict about what it reads: a field of the wrong type drops the frame with a problem the
 * transport reports as a `warning` (an optional detail such as `logprobs` is dropped alone). Nothing here
 * throws, whatever the server sends.
 */
import { redactParsed, type ServerErrorDetail } from '../errors.js';

/** Any server event: a JSON object with a string `type`. */
export interface ServerEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

export interface WireAudioFormat {
  type: string;
  rate?: number;
}

export interface WireTranscription {
  model?: string;
  language?: string | null;
  languages?: string[] | null;
  prompt?: string | null;
  keywords?: string[] | null;
  delay?: string | null;
}

export interface WireTurnDetection {
  type: string;
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
  eagerness?: string;
}

/** The transcription settings of a session as the server reports them (GA shape). */
export interface WireSessionInput {
  format?: WireAudioFormat | string;
  transcription?: WireTranscription | null;
  noise_reduction?: { type: string } | null;
  turn_detection?: WireTurnDetection | null;
}

export interface WireSession {
  type?: string;
  id?: string;
  object?: string;
  expires_at?: number;
  audio?: { input?: WireSessionInput };
  include?: string[] | null;
  [key: string]: unknown;
}

export interface LogProb {
  token: string;
  logprob: number;
  bytes: number[];
}

export type TranscriptionUsage =
  | {
      type: 'tokens';
      input_tokens: number;
      output_tokens: number;
      total_tokens: number;
      input_token_details?: { audio_tokens?: number; text_tokens?: number };
    }
  | { type: 'duration'; seconds: number };

/** The events the transport interprets, after name normalization. */
export type InterpretedEvent =
  | { kind: 'session'; phase: 'created' | 'updated'; session: WireSession }
  | { kind: 'speech_started'; itemId: string; audioStartMs: number }
  | { kind: 'speech_stopped'; itemId: string; audioEndMs: number }
  | { kind: 'committed'; itemId: string; previousItemId: string | null }
  | { kind: 'cleared' }
  | {
      kind: 'item_added';
      itemId: string;
      previousItemId: string | null;
      transcript: string | null;
    }
  | { kind: 'delta'; itemId: string; delta: string; logprobs?: LogProb[] }
  | {
      kind: 'completed';
      itemId: string;
      transcript: string;
      usage?: TranscriptionUsage;
      logprobs?: LogProb[];
      languages?: Array<{ code: string }>;
    }
  | { kind: 'failed'; itemId: string; error: ServerErrorDetail }
  | {
      kind: 'segment';
      itemId: string;
      id: string;
      speaker: string;
      start: number;
      end: number;
      text: string;
    }
  | { kind: 'error'; error: ServerErrorDetail };

/** Ids longer than this are refused (the API's own `event_id` limit is 512). */
export const MAX_ID_LENGTH = 512;
/** Audio positions beyond this (about 24.8 days, the largest `setTimeout` delay) are refused as absurd. */
export const MAX_AUDIO_MS = 2 ** 31 - 1;
/** Frames longer than this (characters, or bytes for a binary frame) are not parsed. */
export const MAX_FRAME_CHARS = 4 * 1024 * 1024;

/** Why a frame, or one detail of it, was dropped at the edge. Reported by the transport as a `warning`. */
export interface FrameProblem {
  /** The event type, or `undefined` for a frame that is not an event at all. */
  type: string | undefined;
  /** `<type>.<path>` of the field at fault (`[]` stands for any array element), or `server frame`. */
  field: string;
  /** Names the event type and the field, never the value. */
  message: string;
}

/** One server frame after the edge. */
export interface ServerFrame {
  /** The event to forward on `'*'`, keys redacted; `undefined` when the frame was dropped. */
  raw: ServerEvent | undefined;
  /** What the transport acts on, if anything. */
  event: InterpretedEvent | undefined;
  /** Why the frame or a detail of it was dropped; empty for a good frame. */
  problems: readonly FrameProblem[];
}

/** One parsed event after validation: see {@link readServerEvent}. */
export interface ReadServerEvent {
  event: InterpretedEvent | undefined;
  /** Whether the event may go on to `'*'` (a known event with a bad field does not). */
  forward: boolean;
  problems: readonly FrameProblem[];
}

const NO_PROBLEMS: readonly FrameProblem[] = Object.freeze([]);

/** Parses one text frame. Returns `undefined` for anything that is not a JSON object with a string `type`. */
export function parseServerEvent(data: string): ServerEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return undefined;
  return typeof (value as { type?: unknown }).type === 'string'
    ? (value as ServerEvent)
    : undefined;
}

/**
 * The whole edge for one frame as a socket delivers it (`data` of a `message` event): text or bytes
 * decoded, JSON parsed, every string redacted of `apiKey` and anything key-like (after parsing, so an
 * escaped key is caught too), and the fields the transport reads validated. Never throws.
 */
export function readServerFrame(data: unknown, apiKey?: string): ServerFrame {
  const text = frameText(data);
  if (text === undefined)
    return unreadable(`a binary frame that cannot be read (${describe(data)})`);
  if (typeof text === 'number' || text.length > MAX_FRAME_CHARS)
    return unreadable(
      `a frame of ${typeof text === 'number' ? `${text} bytes` : `${text.length} characters`}, over the ${MAX_FRAME_CHARS} this transport reads`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadable('a frame that is not JSON');
  }
  if (!obj(value))
    return unreadable(`JSON that is ${describe(value)}, not an event object`);
  if (!str(value.type))
    return unreadable(`an event whose type is ${describe(value.type)}`);
  const event = mayHoldSecret(text, apiKey)
    ? redactParsed(value as ServerEvent, apiKey)
    : (value as ServerEvent);
  const read = readServerEvent(event);
  return {
    raw: read.forward ? event : undefined,
    event: read.event,
    problems: read.problems,
  };
}

/**
 * Validates a parsed event and maps it onto what the transport acts on (`event`, `undefined` for events
 * it only forwards). A field it reads with the wrong type drops the event (`forward: false`, a problem);
 * a bad optional detail (`logprobs`, `usage`, `languages`, a session field) is left out with a problem.
 * An `error` is never dropped: fields of the wrong type are removed, a message that is not a string is
 * replaced by one saying so. Never throws.
 */
export function readServerEvent(event: ServerEvent): ReadServerEvent {
  const reader = new EventReader(event.type);
  try {
    const interpreted = interpret(event as Record<string, unknown>, reader);
    return {
      event: interpreted,
      forward: true,
      problems: reader.problems ?? NO_PROBLEMS,
    };
  } catch (error) {
    reader.report(
      error instanceof Flaw
        ? error
        : new Flaw('', undefined, 'an event this transport can read'),
    );
    return { event: undefined, forward: false, problems: reader.problems! };
  }
}

/**
 * Maps a server event onto what the transport acts on, or `undefined` for events it only forwards and
 * for events with a field of the wrong type (see {@link readServerEvent} for the reasons).
 * Accepts the legacy names (`transcription_session.*`, `conversation.item.created`) as cheap insurance
 * for Azure and OpenAI-compatible servers.
 */
export function interpretServerEvent(
  event: ServerEvent,
): InterpretedEvent | undefined {
  return readServerEvent(event).event;
}

function interpret(
  e: Record<string, unknown>,
  reader: EventReader,
): InterpretedEvent | undefined {
  const type = e.type as string;
  switch (type) {
    case 'session.created':
    case 'transcription_session.created':
    case 'session.updated':
    case 'transcription_session.updated':
      return {
        kind: 'session',
        phase: type.endsWith('created') ? 'created' : 'updated',
        session: readSession(object(e.session, 'session'), reader),
      };
    case 'input_audio_buffer.speech_started':
      return {
        kind: 'speech_started',
        itemId: id(e.item_id, 'item_id'),
        audioStartMs: audioMs(e.audio_start_ms, 'audio_start_ms'),
      };
    case 'input_audio_buffer.speech_stopped':
      return {
        kind: 'speech_stopped',
        itemId: id(e.item_id, 'item_id'),
        audioEndMs: audioMs(e.audio_end_ms, 'audio_end_ms'),
      };
    case 'input_audio_buffer.committed':
      return {
        kind: 'committed',
        itemId: id(e.item_id, 'item_id'),
        previousItemId: previousId(e.previous_item_id, 'previous_item_id'),
      };
    case 'input_audio_buffer.cleared':
      return { kind: 'cleared' };
    case 'conversation.item.added':
    case 'conversation.item.created':
    case 'conversation.item.done':
      return readItem(e);
    case 'conversation.item.input_audio_transcription.delta':
      return {
        kind: 'delta',
        itemId: id(e.item_id, 'item_id'),
        delta: e.delta === undefined ? '' : text(e.delta, 'delta'),
        logprobs: reader.optional(e.logprobs, 'logprobs', logprobs),
      };
    case 'conversation.item.input_audio_transcription.completed':
      return {
        kind: 'completed',
        itemId: id(e.item_id, 'item_id'),
        transcript: text(e.transcript, 'transcript'),
        usage: reader.optional(e.usage, 'usage', usage),
        logprobs: reader.optional(e.logprobs, 'logprobs', logprobs),
        languages: reader.optional(e.languages, 'languages', languages),
      };
    case 'conversation.item.input_audio_transcription.failed':
      return {
        kind: 'failed',
        itemId: id(e.item_id, 'item_id'),
        error: errorDetail(e.error),
      };
    case 'conversation.item.input_audio_transcription.segment':
      return {
        kind: 'segment',
        itemId: id(e.item_id, 'item_id'),
        id: e.id === undefined ? '' : text(e.id, 'id'),
        speaker: e.speaker === undefined ? '' : text(e.speaker, 'speaker'),
        start: e.start === undefined ? 0 : seconds(e.start, 'start'),
        end: e.end === undefined ? 0 : seconds(e.end, 'end'),
        text: e.text === undefined ? '' : text(e.text, 'text'),
      };
    case 'error':
      return { kind: 'error', error: errorDetail(e.error) };
    default:
      return undefined;
  }
}

function readItem(e: Record<string, unknown>): InterpretedEvent | undefined {
  const item = object(e.item, 'item');
  // Assistant and system items mean nothing to a transcription session: forwarded only.
  if (item.role !== 'user') return undefined;
  const content =
    item.content === undefined || item.content === null
      ? []
      : arrayOf(item.content, 'item.content', object);
  const audio = content.find((c) => c.type === 'input_audio');
  return {
    kind: 'item_added',
    itemId: id(item.id, 'item.id'),
    previousItemId: previousId(e.previous_item_id, 'previous_item_id'),
    transcript:
      audio?.transcript === undefined || audio.transcript === null
        ? null
        : text(audio.transcript, 'item.content[].transcript'),
  };
}

const ERROR_MESSAGE_NOT_TEXT =
  'the server sent an error whose message is not a string';

/**
 * The server's error object with every field of the wrong type removed; a message that is not a string is
 * replaced by one saying so (the error itself is still worth reporting). Unknown fields are kept.
 */
function errorDetail(value: unknown): ServerErrorDetail {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { message: value };
  if (!obj(value))
    return { message: 'the server sent an error that is not an object' };
  let out = value;
  const replace = (key: string, replacement: unknown) => {
    if (out === value) out = { ...value };
    if (replacement === undefined) delete out[key];
    else out[key] = replacement;
  };
  if (value.message !== undefined && !str(value.message))
    replace('message', ERROR_MESSAGE_NOT_TEXT);
  if (value.type !== undefined && !str(value.type)) replace('type', undefined);
  for (const key of ['code', 'param', 'event_id'])
    if (value[key] != null && !str(value[key])) replace(key, undefined);
  return out as ServerErrorDetail;
}

// ---- session ----

type FieldReader = (value: unknown, path: string) => unknown;
type FieldReaders = Record<string, FieldReader>;

/** The server's session with every field the transport reads that has the wrong type left out. */
function readSession(
  session: Record<string, unknown>,
  reader: EventReader,
): WireSession {
  const nested =
    (readers: FieldReaders): FieldReader =>
    (value, path) =>
      reader.keepValid(object(value, path), readers, `${path}.`);
  const typed =
    (readers: FieldReaders): FieldReader =>
    (value, path) => {
      const record = object(value, path);
      text(record.type, `${path}.type`);
      return reader.keepValid(record, readers, `${path}.`);
    };
  const settings = reader.keepValid(
    fromLegacySession(session) as Record<string, unknown>,
    {
      id: text,
      expires_at: finite,
      include: nullable(stringList),
      audio: nested({
        input: nested({
          format: (value, path) =>
            str(value) ? value : typed({ rate: positive })(value, path),
          transcription: nullable(
            nested({
              model: text,
              language: nullable(text),
              languages: nullable(stringList),
              prompt: nullable(text),
              keywords: nullable(stringList),
              delay: nullable(text),
            }),
          ),
          noise_reduction: nullable(typed({})),
          turn_detection: nullable(
            typed({
              threshold: finite,
              prefix_padding_ms: finite,
              silence_duration_ms: finite,
              eagerness: text,
            }),
          ),
        }),
      }),
    },
    'session.',
  );
  return settings as WireSession;
}

const nullable =
  (read: FieldReader): FieldReader =>
  (value, path) =>
    value === null ? null : read(value, path);
const stringList: FieldReader = (value, path) => arrayOf(value, path, text);

// ---- optional details ----

function logprobs(value: unknown, path: string): LogProb[] {
  return arrayOf(value, path, (item, at) => {
    const logprob = object(item, at);
    text(logprob.token, `${at}.token`);
    finite(logprob.logprob, `${at}.logprob`);
    arrayOf(logprob.bytes, `${at}.bytes`, byte);
    return logprob as unknown as LogProb;
  });
}

function usage(value: unknown, path: string): TranscriptionUsage {
  const record = object(value, path);
  if (record.type === 'duration') {
    seconds(record.seconds, `${path}.seconds`);
  } else if (record.type === 'tokens') {
    for (const key of ['input_tokens', 'output_tokens', 'total_tokens'])
      count(record[key], `${path}.${key}`);
    if (record.input_token_details !== undefined) {
      const details = object(
        record.input_token_details,
        `${path}.input_token_details`,
      );
      for (const key of ['audio_tokens', 'text_tokens'])
        if (details[key] !== undefined)
          count(details[key], `${path}.input_token_details.${key}`);
    }
  } else {
    fail(`${path}.type`, record.type, "'tokens' or 'duration'");
  }
  return record as unknown as TranscriptionUsage;
}

function languages(value: unknown, path: string): Array<{ code: string }> {
  return arrayOf(value, path, (item, at) => {
    text(object(item, at).code, `${at}.code`);
    return item as { code: string };
  });
}

// ---- field checks: each returns the value or throws a Flaw ----

/** A field of the wrong type. Thrown by the checks and caught by {@link readServerEvent}, never further. */
class Flaw {
  constructor(
    readonly path: string,
    readonly got: unknown,
    readonly expected: string,
  ) {}
}

function fail(path: string, got: unknown, expected: string): never {
  throw new Flaw(path, got, expected);
}

const ID = `a non-empty string of at most ${MAX_ID_LENGTH} characters`;
const id = (v: unknown, path: string): string =>
  str(v) && v.length > 0 && v.length <= MAX_ID_LENGTH ? v : fail(path, v, ID);
const previousId = (v: unknown, path: string): string | null =>
  v === undefined || v === null || v === '' ? null : id(v, path);
const text = (v: unknown, path: string): string =>
  str(v) ? v : fail(path, v, 'a string');
const object = (v: unknown, path: string): Record<string, unknown> =>
  obj(v) ? v : fail(path, v, 'an object');
const finite = (v: unknown, path: string): number =>
  num(v) ? v : fail(path, v, 'a finite number');
const positive = (v: unknown, path: string): number =>
  num(v) && v > 0 ? v : fail(path, v, 'a positive number');
const audioMs = (v: unknown, path: string): number =>
  num(v) && v >= 0 && v <= MAX_AUDIO_MS
    ? v
    : fail(path, v, `milliseconds from 0 to ${MAX_AUDIO_MS}`);
const seconds = (v: unknown, path: string): number =>
  num(v) && v >= 0 && v <= MAX_AUDIO_MS / 1000
    ? v
    : fail(path, v, `seconds from 0 to ${MAX_AUDIO_MS / 1000}`);
const count = (v: unknown, path: string): number =>
  Number.isSafeInteger(v) && (v as number) >= 0
    ? (v as number)
    : fail(path, v, 'a non-negative integer');
const byte = (v: unknown, path: string): number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 255
    ? (v as number)
    : fail(path, v, 'a byte value (0–255)');

/** Checks every element; returns the array itself (elements are not copied). */
function arrayOf<T>(
  v: unknown,
  path: string,
  each: (item: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(v)) fail(path, v, 'an array');
  const at = `${path}[]`;
  for (let i = 0; i < v.length; i++) each(v[i], at);
  return v as T[];
}

/** Collects the problems of one event. */
class EventReader {
  problems: FrameProblem[] | undefined;
  constructor(readonly type: string) {}

  /** A detail the event can do without: its value, or `undefined` (with a problem) when it is malformed. */
  optional<T>(
    value: unknown,
    path: string,
    read: (value: unknown, path: string) => T,
  ): T | undefined {
    if (value === undefined || value === null) return undefined;
    try {
      return read(value, path);
    } catch (error) {
      if (!(error instanceof Flaw)) throw error;
      this.report(error, path);
      return undefined;
    }
  }

  /** `record` without the fields whose reader fails (each reported); `record` itself when all pass. */
  keepValid(
    record: Record<string, unknown>,
    readers: FieldReaders,
    base: string,
  ): Record<string, unknown> {
    let out = record;
    for (const [key, read] of Object.entries(readers)) {
      const value = record[key];
      if (value === undefined) continue;
      let clean: unknown;
      try {
        clean = read(value, `${base}${key}`);
      } catch (error) {
        if (!(error instanceof Flaw)) throw error;
        this.report(error, `${base}${key}`);
        if (out === record) out = { ...record };
        delete out[key];
        continue;
      }
      if (clean === value) continue;
      if (out === record) out = { ...record };
      out[key] = clean;
    }
    return out;
  }

  /** Records a flaw that dropped the event, or only the detail at `ignored` when given. */
  report(flaw: Flaw, ignored?: string): void {
    const type = shown(this.type);
    const what = flaw.path
      ? `${flaw.path} is ${describe(flaw.got)}, expected ${flaw.expected}`
      : `it is not ${flaw.expected}`;
    (this.problems ??= []).push({
      type: this.type,
      field: flaw.path ? `${type}.${flaw.path}` : type,
      message:
        ignored === undefined
          ? `Dropped a ${type} event from the server: ${what}.`
          : `Ignored ${ignored} of a ${type} event from the server: ${what}.`,
    });
  }
}

function unreadable(what: string): ServerFrame {
  return {
    raw: undefined,
    event: undefined,
    problems: [
      {
        type: undefined,
        field: 'server frame',
        message: `Ignored a frame from the server: ${what}.`,
      },
    ],
  };
}

const decoder = new TextDecoder();

/**
 * The text of a frame: a string as is, bytes as UTF-8; the byte count of bytes too many to decode;
 * `undefined` for anything else (a `Blob`).
 */
function frameText(data: unknown): string | number | undefined {
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
function mayHoldSecret(text: string, apiKey: string | undefined): boolean {
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

/** How a value is named in a problem: its kind, never its content (it may be anything). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value === ''
        ? 'an empty string'
        : `a string of ${value.length} characters`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return ArrayBuffer.isView(value) ||
        Object.prototype.toString.call(value) === '[object ArrayBuffer]'
        ? 'bytes'
        : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** An event type as shown in a message: long types (a hostile server's) are cut. */
const shown = (type: string) =>
  type.length > 100 ? `${type.slice(0, 100)}…` : type;

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);
const obj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const LEGACY_FORMATS: Record<string, WireAudioFormat> = {
  pcm16: { type: 'audio/pcm', rate: 24000 },
  g711_ulaw: { type: 'audio/pcmu' },
  g711_alaw: { type: 'audio/pcma' },
};

/** Reads a session object of either shape (GA nested, or the flat beta shape) as the GA shape. */
export function fromLegacySession(
  session: Record<string, unknown>,
): WireSession {
  if (
    obj(session.audio) ||
    !('input_audio_format' in session || 'input_audio_transcription' in session)
  ) {
    return session as WireSession;
  }
  const format = session.input_audio_format;
  return {
    ...session,
    audio: {
      input: {
        format: str(format)
          ? (LEGACY_FORMATS[format] ?? { type: format })
          : undefined,
        transcription:
          session.input_audio_transcription as WireTranscription | null,
        noise_reduction: session.input_audio_noise_reduction as {
          type: string;
        } | null,
        turn_detection: session.turn_detection as WireTurnDetection | null,
      },
    },
  } as WireSession;
}

/** Normalizes a wire format (object or legacy string) to its object form. */
export function normalizeWireFormat(
  format: WireAudioFormat | string | undefined,
): WireAudioFormat | undefined {
  if (format === undefined) return undefined;
  return typeof format === 'string'
    ? (LEGACY_FORMATS[format] ?? { type: format })
    : format;
}
