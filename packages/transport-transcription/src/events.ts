/**
 * Events of the transcription transport, beside the SDK's own (`item_update`, `connection_change`,
 * `error`, `usage_update`, `'*'` raw server events).
 */
import type { RealtimeTransportEventTypes } from '@openai/agents-realtime';
import type { TranscriptionTransportError } from './errors.js';
import type { LogProb, TranscriptionUsage } from './wire/event-details.js';
import type { ConfigWarning } from './config/warnings.js';

/** `transcript_delta`: more text of a turn arrived. */
export interface TranscriptDeltaEvent {
  /** The user item in `session.history` this text belongs to. */
  itemId: string;
  /** The new fragment (for `whisper-1`, the whole text so far). */
  delta: string;
  /** The text so far; provisional until `transcript_completed`. */
  transcript: string;
  /** Token log probabilities of `delta`, when `include` asks for them. */
  logprobs?: LogProb[];
}

/** `transcript_completed`: the final text of a turn. */
export interface TranscriptCompletedEvent {
  itemId: string;
  /** The final text; it replaces whatever the deltas said. */
  transcript: string;
  /** What the turn cost: tokens, or seconds of audio for per-minute models. */
  usage?: TranscriptionUsage;
  /** Token log probabilities of the whole text, when `include` asks for them. */
  logprobs?: LogProb[];
  /** Detected languages (`gpt-transcribe`); empty when none could be detected. */
  languages?: Array<{ code: string }>;
}

/** `transcript_failed`: a turn will get no text; its history item is marked `incomplete`. */
export interface TranscriptFailedEvent {
  itemId: string;
  /**
   * `TRANSCRIPTION_FAILED` from the server, `TRANSCRIPTION_TIMEOUT` from the watchdog
   * (`transcriptTimeoutMs`), or `CONNECTION_LOST` when the socket ended first and no reconnect replays it.
   */
  error: TranscriptionTransportError;
}

/**
 * `speech_started`: server VAD, or the client turn detector (`client_vad`), heard speech begin (not sent when
 * turn detection is off). From the client detector, `itemId` is `''`: the item exists only once committed.
 */
export interface SpeechStartedEvent {
  /** The item the turn will become once committed. */
  itemId: string;
  /**
   * Milliseconds on the transport's own audio timeline (all audio sent since `connect()`, across reconnects;
   * includes the VAD's prefix padding).
   */
  audioStartMs: number;
}

/** `speech_stopped`: server VAD heard the turn end; a commit follows. */
export interface SpeechStoppedEvent {
  itemId: string;
  /** Milliseconds on the same timeline as {@link SpeechStartedEvent.audioStartMs}. */
  audioEndMs: number;
}

/** A diarized segment (`gpt-4o-transcribe-diarize`). `start`/`end` are seconds. */
export interface TranscriptSegmentEvent {
  itemId: string;
  /** The segment's id, from the server. */
  id: string;
  /** A speaker label, e.g. `spk_1`; stable within a session. */
  speaker: string;
  /** Start of the segment within the turn, in seconds. */
  start: number;
  /** End of the segment within the turn, in seconds. */
  end: number;
  /** What the speaker said in this segment. */
  text: string;
}

/** The connection was lost; the transport tries again after `delayMs`. */
export interface ReconnectingEvent {
  /** 1-based attempt number since the last healthy connection (see docs/reliability.md). */
  attempt: number;
  /** Wait before this attempt, in ms (backoff with jitter; see `reconnect`). */
  delayMs: number;
  /** Why: the loss (`CONNECTION_LOST`, with `session_expired` in its message after expiry) or the failed attempt. */
  error: TranscriptionTransportError;
}

/** A new socket is configured and the replay buffer was sent on it. */
export interface ReconnectedEvent {
  /** The attempt that succeeded (1-based). */
  attempt: number;
  /** Milliseconds of audio sent again (pending turns and the uncommitted tail). */
  replayedMs: number;
}

/**
 * Every event of the transport with its payload: the SDK's transport events plus the transcription ones.
 * `transport.on(name, listener)` is typed by it; keep a reference to the transport to use it, since
 * `session.transport` is typed as the SDK's interface.
 */
export type TranscriptionEventTypes = RealtimeTransportEventTypes & {
  /** More text of a turn arrived (provisional). */
  transcript_delta: [event: TranscriptDeltaEvent];
  /** The final text of a turn. */
  transcript_completed: [event: TranscriptCompletedEvent];
  /** A turn will get no text. The session goes on. */
  transcript_failed: [event: TranscriptFailedEvent];
  /** Server VAD: speech began. */
  speech_started: [event: SpeechStartedEvent];
  /** Server VAD: speech ended. */
  speech_stopped: [event: SpeechStoppedEvent];
  /** A diarized segment of a turn (`gpt-4o-transcribe-diarize`). */
  transcript_segment: [event: TranscriptSegmentEvent];
  /** The connection was lost and another attempt is scheduled. */
  reconnecting: [event: ReconnectingEvent];
  /** A reconnect succeeded; pending audio was replayed. */
  reconnected: [event: ReconnectedEvent];
  /** A setting that means nothing in a transcription session was dropped. Once per field. */
  warning: [warning: ConfigWarning];
};
