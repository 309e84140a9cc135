/**
 * The public shape of transcription settings, and the normalized form the rest of the transport uses.
 * Kept apart from the rules (`normalize-settings.ts`, `explicit-settings.ts`, `settings-to-send.ts`) so that
 * `wire/configuration-event.ts` and the public API can share these types without pulling in the rules.
 */
import type {
  ClientTurnDetectorOptions,
  TurnDetectorFactory,
} from '../audio/turn-detector.js';

/**
 * Input audio format (`audio.input.format`): what `sendAudio()` must be given.
 * - `audio/pcm`: PCM16 little-endian mono at 24 kHz, the only rate the server takes (the default).
 * - `audio/pcmu` / `audio/pcma`: G.711 µ-law / A-law bytes, 8 kHz (telephony).
 */
export type TranscriptionAudioFormat =
  | {
      type: 'audio/pcm';
      /** Samples per second; only 24 000 is accepted (the server refuses a lower rate). */
      rate?: 24000;
    }
  | { type: 'audio/pcmu' }
  | { type: 'audio/pcma' };

/**
 * Transcription model settings (`audio.input.transcription`). The transport checks the combination against
 * the model before sending anything and throws `CONFIG_CONFLICT` for one the server would refuse.
 */
export interface TranscriptionModelOptions {
  /** e.g. `gpt-4o-mini-transcribe`, `gpt-4o-transcribe`, `gpt-transcribe`, `gpt-live-transcribe`, `gpt-realtime-whisper`, `whisper-1`, or an Azure deployment name. */
  model?: string;
  /** Language hint, ISO-639-1 (`en`, not `en-US`); improves accuracy and latency. Not together with `languages`. */
  language?: string;
  /** Several ISO-639-1 hints, at least one; `gpt-transcribe` and `gpt-live-transcribe` only. */
  languages?: string[];
  /**
   * Context for the model: free text for the `gpt-4o-*` models, a list of keywords for `whisper-1`.
   * Not supported by `gpt-realtime-whisper` or `gpt-4o-transcribe-diarize`.
   */
  prompt?: string;
  /** Words the model should favour (names, product terms); `gpt-transcribe` and `gpt-live-transcribe` only. */
  keywords?: string[];
  /**
   * Latency/quality trade-off of the streaming models (`gpt-realtime-whisper`, `gpt-live-transcribe`):
   * `minimal` gives the fastest partial text, `xhigh` the most accurate.
   */
  delay?: 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
}

/**
 * Turn detection (`audio.input.turn_detection`): how the server decides a turn has ended and commits it.
 * `null` turns it off: the application commits each turn itself (`sendAudio(chunk, { commit: true })`);
 * `gpt-realtime-whisper` requires `null`.
 */
export type TranscriptionTurnDetection =
  | {
      /** Voice activity detection by audio level; the server's default. */
      type: 'server_vad';
      /** Activation threshold, 0..1 (server default 0.5); higher needs louder speech (noisy rooms). */
      threshold?: number;
      /** Audio kept before detected speech, in ms (server default 300). */
      prefixPaddingMs?: number;
      /** Silence that ends a turn, in ms (server default 200 on a fresh session); shorter cuts sooner. */
      silenceDurationMs?: number;
    }
  | {
      /** Detection by what was said rather than by silence alone. */
      type: 'semantic_vad';
      /** How soon a turn is considered finished: `low` waits longest, `high` cuts soonest; `auto` is `medium`. */
      eagerness?: 'low' | 'medium' | 'high' | 'auto';
    }
  | ClientTurnDetection
  | null;

/**
 * Turn detection on the client (`{ type: 'client_vad' }`): the transport runs a turn detector on the audio
 * it actually sends (after `mute()`), commits each turn itself and emits `speech_started`/`speech_stopped`.
 * On the wire the session gets `turn_detection: null`. This is what the transport uses by itself for the
 * models the server runs no VAD for (`gpt-live-transcribe`, `gpt-realtime-whisper`, `gpt-transcribe`) when
 * turn detection is left out. The fields are those of `createClientTurnDetector` (see
 * docs/client-turn-detection.md); with `createDetector`, they are ignored and your detector decides.
 */
export interface ClientTurnDetection extends Omit<
  ClientTurnDetectorOptions,
  'type' | 'format'
> {
  type: 'client_vad';
  /** Your own detector (e.g. a neural VAD), made with the session's input format whenever a stream starts. */
  createDetector?: TurnDetectorFactory;
}

/**
 * Explicit transcription settings, in camelCase. They win over `RealtimeSession`'s `config`.
 * A field left out is not sent unless the session needs it (see the package README, "Which settings are sent").
 */
export interface TranscriptionSessionOptions {
  /** Input audio format; default `{ type: 'audio/pcm', rate: 24000 }`. */
  format?: TranscriptionAudioFormat;
  /**
   * Which model transcribes, and its hints. `null` transcribes nothing (turns are committed but get no
   * text). Left out: the session's own model, else `gpt-4o-mini-transcribe`.
   */
  transcription?: TranscriptionModelOptions | null;
  /**
   * Noise reduction before VAD and the model: `near_field` for headsets and close microphones, `far_field`
   * for laptop and room microphones. `null` turns it off (the server's default).
   */
  noiseReduction?: {
    type: 'near_field' | 'far_field';
    /**
     * How strongly noise is reduced, 0 to 1; the server uses 1 when noise reduction is enabled without it,
     * and keeps the current value when it is left out. Sent only when set.
     */
    strength?: number;
  } | null;
  /** Turn detection; see {@link TranscriptionTurnDetection}. */
  turnDetection?: TranscriptionTurnDetection;
  /**
   * Extra data in transcription events: `item.input_audio_transcription.logprobs` adds token log
   * probabilities to `transcript_delta` / `transcript_completed` (`logprobs`).
   */
  include?: Array<'item.input_audio_transcription.logprobs'>;
}

/**
 * Normalized settings. A key that is present means "this value"; a key that is absent means "not set".
 * Formats are objects, turn detection is camelCase with only the fields a transcription session takes.
 */
export interface TranscriptionSettings {
  format?:
    | { type: 'audio/pcm'; rate: 24000 }
    | { type: 'audio/pcmu' }
    | { type: 'audio/pcma' };
  transcription?: TranscriptionModelOptions | null;
  noiseReduction?: { type: string; strength?: number } | null;
  turnDetection?: TranscriptionTurnDetection;
  include?: string[];
}

/**
 * The model used when neither the user nor the server chose one: announced with no shutdown date, and
 * drop-in with the client turn detection the transport runs for it (docs/decisions/0013-default-model.md).
 */
export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-live-transcribe';

/**
 * The model filled in when the user asked for server or semantic VAD but named no model: only the 2025
 * models run server VAD (the default above refuses it). It shuts down on 2027-02-26; a `warning` says so.
 */
export const DEFAULT_SERVER_VAD_MODEL = 'gpt-4o-mini-transcribe';

/** The model to fill in when nobody chose one, given the turn detection the user asked for. */
export function defaultModelFor(
  turnDetection: TranscriptionTurnDetection | undefined,
): string {
  return turnDetection?.type === 'server_vad' ||
    turnDetection?.type === 'semantic_vad'
    ? DEFAULT_SERVER_VAD_MODEL
    : DEFAULT_TRANSCRIPTION_MODEL;
}

/** A plain object (not an array, not `null`). */
export const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Deep equality for plain JSON values, insensitive to object key order (not to array order); a key set to
 * `undefined` counts as absent. How settings are compared with what a socket was configured with.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => sameValue(v, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = new Set(
    [...Object.keys(a), ...Object.keys(b)].filter(
      (k) => a[k] !== undefined || b[k] !== undefined,
    ),
  );
  for (const key of keys) if (!sameValue(a[key], b[key])) return false;
  return true;
}
