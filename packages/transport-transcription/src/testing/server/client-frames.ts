/**
 * First look at a client frame: text vs binary, JSON, the event `type` against the server's accepted list,
 * `event_id`, and the envelope of the simple audio-buffer events. What passes is handed to the session logic.
 */
import {
  eventErrors,
  GA_CLIENT_EVENT_TYPES,
  LEGACY_CLIENT_EVENT_TYPES,
  type WireError,
} from '../errors.js';
import { check, type SchemaNode } from '../session/schema.js';
import type { SimulatorLogEntry } from '../types.js';

type Json = Record<string, unknown>;

/** The outcome of reading one frame: what to log, and either an event to handle or the error to answer. */
export interface ParsedFrame {
  logEvent: SimulatorLogEntry['event'];
  event: (Json & { type: string }) | null;
  error: WireError | null;
  /** The client's `event_id`, echoed in `error.event_id`. */
  clientEventId: string | null;
}

/** Event types a transcription session handles; the rest of the accepted list gets an error. */
const HANDLED = new Set([
  'session.update',
  'transcription_session.update',
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
]);

/** Envelopes of the events whose whole shape is fixed here (the session updates validate their own). */
const ENVELOPES: Record<string, SchemaNode> = {
  'input_audio_buffer.append': {
    kind: 'object',
    fields: {
      type: { kind: 'string' },
      event_id: { kind: 'string' },
      audio: { kind: 'string' },
    },
    required: ['audio'],
  },
  'input_audio_buffer.commit': {
    kind: 'object',
    fields: { type: { kind: 'string' }, event_id: { kind: 'string' } },
  },
  'input_audio_buffer.clear': {
    kind: 'object',
    fields: { type: { kind: 'string' }, event_id: { kind: 'string' } },
  },
};

/** Client `event_id` limit ([SPEC] client events, maxLength 512). */
const MAX_EVENT_ID = 512;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a frame as the server's front door does. */
export function parseClientFrame(
  data: Buffer,
  isBinary: boolean,
  dialect: 'ga' | 'legacy',
): ParsedFrame {
  const refused = (
    logEvent: ParsedFrame['logEvent'],
    error: WireError,
    clientEventId: string | null = null,
  ) => ({
    logEvent,
    event: null,
    error,
    clientEventId,
  });
  if (isBinary)
    return refused(
      { type: '<binary>', bytes: data.byteLength },
      eventErrors.binaryFrame(),
    );
  const text = data.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return refused(
      { type: '<invalid-json>', text: text.slice(0, 200) },
      eventErrors.invalidJson((cause as Error).message),
    );
  }
  if (!isObject(parsed)) {
    return refused(
      { type: '<invalid-event>', value: parsed },
      check({ kind: 'object', fields: {} }, parsed, 'event') as WireError,
    );
  }
  const clientEventId =
    typeof parsed.event_id === 'string' ? parsed.event_id : null;
  const logEvent = {
    ...parsed,
    type: typeof parsed.type === 'string' ? parsed.type : '<missing-type>',
  };
  const fail = (error: WireError) => refused(logEvent, error, clientEventId);
  if (parsed.type === undefined)
    return fail(eventErrors.missingParameter('type'));
  if (typeof parsed.type !== 'string')
    return fail(check({ kind: 'string' }, parsed.type, 'type') as WireError);
  const accepted: readonly string[] =
    dialect === 'legacy' ? LEGACY_CLIENT_EVENT_TYPES : GA_CLIENT_EVENT_TYPES;
  if (!accepted.includes(parsed.type))
    return fail(eventErrors.invalidValue(parsed.type, accepted, 'type'));
  if (parsed.event_id !== undefined && typeof parsed.event_id !== 'string') {
    return fail(
      check({ kind: 'string' }, parsed.event_id, 'event_id') as WireError,
    );
  }
  if (clientEventId !== null && clientEventId.length > MAX_EVENT_ID) {
    return fail(
      eventErrors.stringTooLong('event_id', MAX_EVENT_ID, clientEventId.length),
    );
  }
  if (!HANDLED.has(parsed.type))
    return fail(eventErrors.unsupportedInTranscription(parsed.type));
  const envelope = ENVELOPES[parsed.type];
  const envelopeError = envelope ? check(envelope, parsed, '') : null;
  if (envelopeError) return fail(envelopeError);
  return {
    logEvent,
    event: { ...parsed, type: parsed.type },
    error: null,
    clientEventId,
  };
}
