/**
 * The session object as the server reports it (`session.created` / `session.updated`), in the GA shape,
 * and the one place the legacy (beta) shapes are read as GA: the flat session of
 * `transcription_session.*` and the string formats (`pcm16`, `g711_ulaw`, `g711_alaw`). Pure; no I/O.
 * Field types are checked where a frame is read (`event-details.ts`), not here.
 */
import { obj, str } from './field-checks.js';

/** An audio format on the wire: `{ type: 'audio/pcm', rate: 24000 }`, `{ type: 'audio/pcmu' }`… */
export interface WireAudioFormat {
  type: string;
  rate?: number;
}

/** `audio.input.transcription` as the server reports it; `null` fields are unset. */
export interface WireTranscription {
  model?: string;
  language?: string | null;
  languages?: string[] | null;
  prompt?: string | null;
  keywords?: string[] | null;
  delay?: string | null;
}

/** `audio.input.turn_detection` as the server reports it. */
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

/** A session as the server reports it; fields the transport does not read are kept. */
export interface WireSession {
  type?: string;
  id?: string;
  object?: string;
  expires_at?: number;
  audio?: { input?: WireSessionInput };
  include?: string[] | null;
  [key: string]: unknown;
}

/** The legacy string formats, as the GA objects they stand for. */
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
