/**
 * What a transcription session cannot take, and the errors that say so. The transport calls these before any
 * I/O, so a refused call changes nothing: conversation events, text, images, responses and tool output never
 * reach the wire (the server would answer them with an error, or worse, a transcription session would
 * silently ignore them).
 */
import type {
  RealtimeClientMessage,
  RealtimeItem,
} from '@openai/agents-realtime';
import type { Dialect } from './configuration-event.js';
import { TranscriptionTransportError } from '../errors.js';
import { sameValue } from '../config/settings.js';

/** The `UNSUPPORTED_OPERATION` error for a conversation-only method (`what`) and what it would carry (`kind`). */
export function unsupported(
  what: string,
  kind: string,
): TranscriptionTransportError {
  return new TranscriptionTransportError(
    'UNSUPPORTED_OPERATION',
    `${what} is not available: a transcription session takes audio only, not ${kind}. Use a conversation session (OpenAIRealtimeWebSocket) for that.`,
  );
}

/**
 * The `sendEvent()` allowlist: `input_audio_buffer.*`, and the configuration event of `dialect` (`session.update`
 * with `session.type: 'transcription'`, or `transcription_session.update`). Throws `UNSUPPORTED_OPERATION`
 * with a hint for anything else.
 */
export function assertSendable(
  event: RealtimeClientMessage,
  dialect: Dialect,
): void {
  const type = event?.type;
  const allowed =
    type === 'input_audio_buffer.append' ||
    type === 'input_audio_buffer.commit' ||
    type === 'input_audio_buffer.clear' ||
    (type === 'session.update' &&
      dialect === 'ga' &&
      event.session?.type === 'transcription') ||
    (type === 'transcription_session.update' && dialect === 'legacy');
  if (allowed) return;
  const hint =
    type === 'session.update'
      ? ` A transcription session takes only session.update with session.type 'transcription'${dialect === 'legacy' ? ' (the legacy dialect sends transcription_session.update)' : ''}; use the transport's session option or RealtimeSession config.`
      : ' Transcription sessions take audio only: input_audio_buffer.append, .commit and .clear.';
  throw new TranscriptionTransportError(
    'UNSUPPORTED_OPERATION',
    `sendEvent() refused ${JSON.stringify(type)}.${hint}`,
  );
}

/**
 * The audio of a raw `input_audio_buffer.append`, decoded so it can take the same path as `sendAudio()`.
 * Throws `INVALID_OPTION` when `audio` is not a base64 string.
 */
export function appendedAudio(event: RealtimeClientMessage): ArrayBuffer {
  const audio = (event as { audio?: unknown }).audio;
  if (typeof audio !== 'string')
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      'sendEvent() input_audio_buffer.append needs audio as a base64 string.',
    );
  return decodeBase64(audio).buffer as ArrayBuffer;
}

/**
 * `RealtimeSession.updateHistory()` may only remove items (there is no server history to edit in a
 * transcription session). Returns the items removed; throws `UNSUPPORTED_OPERATION` for an added or changed one.
 */
export function removedItems(
  oldHistory: RealtimeItem[],
  newHistory: RealtimeItem[],
): RealtimeItem[] {
  const before = new Map(oldHistory.map((item) => [item.itemId, item]));
  for (const item of newHistory) {
    const old = before.get(item.itemId);
    if (!old || !sameValue(old, item)) {
      throw unsupported(
        'updateHistory() with new or changed items',
        'history edits other than removals',
      );
    }
  }
  const kept = new Set(newHistory.map((item) => item.itemId));
  return oldHistory.filter((item) => !kept.has(item.itemId));
}

/** Decodes base64 without `Buffer` (the browser build has none); only used by raw `sendEvent` appends. */
function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
