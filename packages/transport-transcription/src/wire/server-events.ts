/**
 * Wire events of a transcription session, and a lenient parser.
 *
 * Lenient on purpose: the server adds fields (`obfuscation`) and event types over time. Unknown fields
 * are kept, unknown types are passed on untouched (on `'*'`); only the events the transport interprets
 * are checked, and only for the fields it reads.
 */
import type { ServerErrorDetail } from '../errors.js';

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

/** A session object as the server sends it (`session.created` / `session.updated`), snake_case, unknown fields kept. */
export interface WireSession {
  type?: string;
  id?: string;
  object?: string;
  expires_at?: number;
  audio?: { input?: WireSessionInput };
  include?: string[] | null;
  [key: string]: unknown;
}

/** One token's log probability, as the server sends it. */
export interface LogProb {
  /** The token text. */
  token: string;
  /** Natural log of its probability (0 is certain). */
  logprob: number;
  /** The token's UTF-8 bytes. */
  bytes: number[];
}

/** What a turn cost, as the server reports it: tokens (`gpt-4o-*`), or seconds of audio (per-minute models). */
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

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);
const obj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const prev = (v: unknown): string | null => (str(v) && v !== '' ? v : null);
const logprobsOf = (v: unknown): LogProb[] | undefined =>
  Array.isArray(v) ? (v as LogProb[]) : undefined;

/**
 * Maps a server event onto what the transport acts on, or `undefined` for events it only forwards.
 * Accepts the legacy names (`transcription_session.*`, `conversation.item.created`) as cheap insurance
 * for Azure and OpenAI-compatible servers.
 */
export function interpretServerEvent(
  event: ServerEvent,
): InterpretedEvent | undefined {
  const e = event as Record<string, unknown>;
  switch (event.type) {
    case 'session.created':
    case 'transcription_session.created':
    case 'session.updated':
    case 'transcription_session.updated':
      return obj(e.session)
        ? {
            kind: 'session',
            phase: event.type.endsWith('created') ? 'created' : 'updated',
            session: fromLegacySession(e.session),
          }
        : undefined;
    case 'input_audio_buffer.speech_started':
      return str(e.item_id) && num(e.audio_start_ms)
        ? {
            kind: 'speech_started',
            itemId: e.item_id,
            audioStartMs: e.audio_start_ms,
          }
        : undefined;
    case 'input_audio_buffer.speech_stopped':
      return str(e.item_id) && num(e.audio_end_ms)
        ? {
            kind: 'speech_stopped',
            itemId: e.item_id,
            audioEndMs: e.audio_end_ms,
          }
        : undefined;
    case 'input_audio_buffer.committed':
      return str(e.item_id)
        ? {
            kind: 'committed',
            itemId: e.item_id,
            previousItemId: prev(e.previous_item_id),
          }
        : undefined;
    case 'input_audio_buffer.cleared':
      return { kind: 'cleared' };
    case 'conversation.item.added':
    case 'conversation.item.created':
    case 'conversation.item.done': {
      const item = e.item;
      if (!obj(item) || !str(item.id) || item.role !== 'user') return undefined;
      const content = Array.isArray(item.content)
        ? (item.content as unknown[])
        : [];
      const audio = content.find((c) => obj(c) && c.type === 'input_audio') as
        { transcript?: unknown } | undefined;
      return {
        kind: 'item_added',
        itemId: item.id,
        previousItemId: prev(e.previous_item_id),
        transcript: str(audio?.transcript) ? audio.transcript : null,
      };
    }
    case 'conversation.item.input_audio_transcription.delta':
      return str(e.item_id)
        ? {
            kind: 'delta',
            itemId: e.item_id,
            delta: str(e.delta) ? e.delta : '',
            logprobs: logprobsOf(e.logprobs),
          }
        : undefined;
    case 'conversation.item.input_audio_transcription.completed':
      return str(e.item_id)
        ? {
            kind: 'completed',
            itemId: e.item_id,
            transcript: str(e.transcript) ? e.transcript : '',
            usage: obj(e.usage)
              ? (e.usage as unknown as TranscriptionUsage)
              : undefined,
            logprobs: logprobsOf(e.logprobs),
            languages: Array.isArray(e.languages)
              ? (e.languages as Array<{ code: string }>)
              : undefined,
          }
        : undefined;
    case 'conversation.item.input_audio_transcription.failed':
      return str(e.item_id)
        ? {
            kind: 'failed',
            itemId: e.item_id,
            error: obj(e.error) ? (e.error as ServerErrorDetail) : {},
          }
        : undefined;
    case 'conversation.item.input_audio_transcription.segment':
      return str(e.item_id)
        ? {
            kind: 'segment',
            itemId: e.item_id,
            id: str(e.id) ? e.id : '',
            speaker: str(e.speaker) ? e.speaker : '',
            start: num(e.start) ? e.start : 0,
            end: num(e.end) ? e.end : 0,
            text: str(e.text) ? e.text : '',
          }
        : undefined;
    case 'error':
      return {
        kind: 'error',
        error: obj(e.error) ? (e.error as ServerErrorDetail) : {},
      };
    default:
      return undefined;
  }
}

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
