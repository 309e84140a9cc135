/**
 * Events of the transcription transport, beside the SDK's own (`item_update`, `connection_change`,
 * `error`, `usage_update`, `'*'` raw server events).
 */
import type { RealtimeTransportEventTypes } from '@openai/agents-realtime';
import type { TranscriptionTransportError } from './errors.js';
import type { LogProb, TranscriptionUsage } from './wire/server-events.js';
import type { ConfigWarning } from './config/session-config.js';

export interface TranscriptDeltaEvent {
  itemId: string;
  /** The new fragment (for `whisper-1`, the whole text so far). */
  delta: string;
  /** The text so far; provisional until `transcript_completed`. */
  transcript: string;
  logprobs?: LogProb[];
}

export interface TranscriptCompletedEvent {
  itemId: string;
  transcript: string;
  usage?: TranscriptionUsage;
  logprobs?: LogProb[];
  /** Detected languages (`gpt-transcribe`); empty when none could be detected. */
  languages?: Array<{ code: string }>;
}

export interface TranscriptFailedEvent {
  itemId: string;
  /** `TRANSCRIPTION_FAILED` from the server, or `CONNECTION_LOST` when the socket ended first. */
  error: TranscriptionTransportError;
}

export interface SpeechStartedEvent {
  itemId: string;
  /**
   * Milliseconds on the transport's own audio timeline (all audio sent since `connect()`, across reconnects;
   * includes the VAD's prefix padding).
   */
  audioStartMs: number;
}

export interface SpeechStoppedEvent {
  itemId: string;
  audioEndMs: number;
}

/** A diarized segment (`gpt-4o-transcribe-diarize`). `start`/`end` are seconds. */
export interface TranscriptSegmentEvent {
  itemId: string;
  id: string;
  speaker: string;
  start: number;
  end: number;
  text: string;
}

/** The connection was lost; the transport tries again after `delayMs`. */
export interface ReconnectingEvent {
  /** 1-based attempt number since the last healthy connection (see docs/reliability.md). */
  attempt: number;
  delayMs: number;
  /** Why: the loss (`CONNECTION_LOST`, with `session_expired` in its message after expiry) or the failed attempt. */
  error: TranscriptionTransportError;
}

/** A new socket is configured and the replay buffer was sent on it. */
export interface ReconnectedEvent {
  attempt: number;
  /** Milliseconds of audio sent again (pending turns and the uncommitted tail). */
  replayedMs: number;
}

export type TranscriptionEventTypes = RealtimeTransportEventTypes & {
  transcript_delta: [event: TranscriptDeltaEvent];
  transcript_completed: [event: TranscriptCompletedEvent];
  transcript_failed: [event: TranscriptFailedEvent];
  speech_started: [event: SpeechStartedEvent];
  speech_stopped: [event: SpeechStoppedEvent];
  transcript_segment: [event: TranscriptSegmentEvent];
  reconnecting: [event: ReconnectingEvent];
  reconnected: [event: ReconnectedEvent];
  /** A setting that means nothing in a transcription session was dropped. Once per field. */
  warning: [warning: ConfigWarning];
};
