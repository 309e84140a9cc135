/**
 * How the parts of a server event the transport reads are checked: the user item, the session, the error
 * object, diarization segments, and the optional details (`logprobs`, `usage`, detected `languages`).
 *
 * A bad required field throws a `Flaw` (the event is dropped); a bad optional detail is left out by the
 * caller through `EventReader.optional`; a bad session field is left out alone (`EventReader.keepValid`).
 * Pure; no I/O.
 */
import type { ServerErrorDetail } from '../errors.js';
import type { TranscriptSegmentEvent } from '../events.js';
import {
  arrayOf,
  byte,
  count,
  fail,
  finite,
  id,
  nullable,
  obj,
  object,
  positive,
  previousId,
  seconds,
  str,
  stringList,
  text,
  type EventReader,
  type FieldReader,
  type FieldReaders,
} from './field-checks.js';
import { fromLegacySession, type WireSession } from './wire-session.js';

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

/** The user item of `conversation.item.added` / `.created` / `.done`. */
export interface WireUserItem {
  itemId: string;
  previousItemId: string | null;
  transcript: string | null;
}

/** The user item of an item event, or `undefined` for an assistant or system item (forwarded only). */
export function readItem(e: Record<string, unknown>): WireUserItem | undefined {
  const item = object(e.item, 'item');
  // Assistant and system items mean nothing to a transcription session: forwarded only.
  if (item.role !== 'user') return undefined;
  const content =
    item.content === undefined || item.content === null
      ? []
      : arrayOf(item.content, 'item.content', object);
  const audio = content.find((c) => c.type === 'input_audio');
  return {
    itemId: id(item.id, 'item.id'),
    previousItemId: previousId(e.previous_item_id, 'previous_item_id'),
    transcript:
      audio?.transcript === undefined || audio.transcript === null
        ? null
        : text(audio.transcript, 'item.content[].transcript'),
  };
}

/**
 * A diarization segment (`…input_audio_transcription.segment`), as the `transcript_segment` event carries
 * it; its fields other than `item_id` default to empty when missing (no live capture exists).
 */
export function readSegment(
  e: Record<string, unknown>,
): TranscriptSegmentEvent {
  return {
    itemId: id(e.item_id, 'item_id'),
    id: e.id === undefined ? '' : text(e.id, 'id'),
    speaker: e.speaker === undefined ? '' : text(e.speaker, 'speaker'),
    start: e.start === undefined ? 0 : seconds(e.start, 'start'),
    end: e.end === undefined ? 0 : seconds(e.end, 'end'),
    text: e.text === undefined ? '' : text(e.text, 'text'),
  };
}

const ERROR_MESSAGE_NOT_TEXT =
  'the server sent an error whose message is not a string';

/**
 * The server's error object with every field of the wrong type removed; a message that is not a string is
 * replaced by one saying so (the error itself is still worth reporting). Unknown fields are kept.
 */
export function errorDetail(value: unknown): ServerErrorDetail {
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

/** The server's session with every field the transport reads that has the wrong type left out. */
export function readSession(
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

/** `logprobs` of a delta or a final: `{ token, logprob, bytes }` each. */
export function logprobs(value: unknown, path: string): LogProb[] {
  return arrayOf(value, path, (item, at) => {
    const logprob = object(item, at);
    text(logprob.token, `${at}.token`);
    finite(logprob.logprob, `${at}.logprob`);
    arrayOf(logprob.bytes, `${at}.bytes`, byte);
    return logprob as unknown as LogProb;
  });
}

/** `usage` of a final: tokens or duration. */
export function usage(value: unknown, path: string): TranscriptionUsage {
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

/** The detected `languages` of a final (gpt-transcribe). */
export function languages(
  value: unknown,
  path: string,
): Array<{ code: string }> {
  return arrayOf(value, path, (item, at) => {
    text(object(item, at).code, `${at}.code`);
    return item as { code: string };
  });
}
