/**
 * The public shape of transcription settings, and the normalized form the rest of the transport uses.
 * Kept apart from the rules in `session-config.ts` so that `dialects.ts` and the public API can share
 * these types without pulling in the rules.
 */

/** Input audio format. PCM must be 24 kHz mono PCM16 little-endian; G.711 is 8 kHz. */
export type TranscriptionAudioFormat =
  | { type: 'audio/pcm'; rate?: 24000 }
  | { type: 'audio/pcmu' }
  | { type: 'audio/pcma' };

/** Transcription model settings (`audio.input.transcription`). */
export interface TranscriptionModelOptions {
  /** e.g. `gpt-4o-mini-transcribe`, `gpt-4o-transcribe`, `gpt-transcribe`, `gpt-live-transcribe`, `gpt-realtime-whisper`, `whisper-1`, or an Azure deployment name. */
  model?: string;
  /** ISO-639-1 hint, e.g. `en`. Not together with `languages`. */
  language?: string;
  /** Several ISO-639-1 hints; `gpt-transcribe` and `gpt-live-transcribe` only. */
  languages?: string[];
  /** Free-text context. Not supported by `gpt-realtime-whisper` or the diarize model. */
  prompt?: string;
  /** Words to favour; `gpt-transcribe` and `gpt-live-transcribe` only. */
  keywords?: string[];
  /** Latency/quality trade-off of the streaming models (`gpt-realtime-whisper`, `gpt-live-transcribe`). */
  delay?: 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
}

/** Turn detection. `null` turns it off: the application commits each turn itself. */
export type TranscriptionTurnDetection =
  | {
      type: 'server_vad';
      threshold?: number;
      prefixPaddingMs?: number;
      silenceDurationMs?: number;
    }
  | { type: 'semantic_vad'; eagerness?: 'low' | 'medium' | 'high' | 'auto' }
  | null;

/**
 * Explicit transcription settings, in camelCase. They win over `RealtimeSession`'s `config`.
 * A field left out is not sent unless the session needs it (see the README, "Which settings are sent").
 */
export interface TranscriptionSessionOptions {
  format?: TranscriptionAudioFormat;
  transcription?: TranscriptionModelOptions | null;
  noiseReduction?: { type: 'near_field' | 'far_field' } | null;
  turnDetection?: TranscriptionTurnDetection;
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
  noiseReduction?: { type: string } | null;
  turnDetection?: TranscriptionTurnDetection;
  include?: string[];
}

/** The model used when neither the user nor the server chose one; the same as the SDK's default. */
export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';
