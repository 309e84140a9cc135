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
import type { TranscriptSegmentEvent } from '../events.js';
import {
  errorDetail,
  languages,
  logprobs,
  readItem,
  readSegment,
  readSession,
  usage,
  type LogProb,
  type TranscriptionUsage,
  type WireUserItem,
} from './event-details.js';
import {
  audioMs,
  describe,
  EventReader,
  Flaw,
  id,
  obj,
  object,
  previousId,
  str,
  text,
  type FrameProblem,
} from './field-checks.js';
import { frameText, MAX_FRAME_CHARS, mayHoldSecret } from './frame-text.js';
import type { WireSession } from './wire-session.js';

/** Any server event: a JSON object with a string `type`. */
export interface ServerEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

/** The events the transport interprets, after name normalization. */
export type InterpretedEvent =
  | { kind: 'session'; phase: 'created' | 'updated'; session: WireSession }
  | { kind: 'speech_started'; itemId: string; audioStartMs: number }
  | { kind: 'speech_stopped'; itemId: string; audioEndMs: number }
  | { kind: 'committed'; itemId: string; previousItemId: string | null }
  | { kind: 'cleared' }
  | ({ kind: 'item_added' } & WireUserItem)
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
  | ({ kind: 'segment' } & TranscriptSegmentEvent)
  | { kind: 'error'; error: ServerErrorDetail };

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
    case 'conversation.item.done': {
      const item = readItem(e);
      return item && { kind: 'item_added', ...item };
    }
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
      return { kind: 'segment', ...readSegment(e) };
    case 'error':
      return { kind: 'error', error: errorDetail(e.error) };
    default:
      return undefined;
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
