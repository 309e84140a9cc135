/** The exports both builds share; `index.ts` and `index.browser.ts` add the platform-bound class. */
export type {
  OpenAIRealtimeTranscriptionWebSocketOptions,
  ReliabilityStats,
} from './options.js';
export type { ReconnectOptions } from './reconnect-policy.js';
export type { LivenessOptions } from './liveness.js';
export type {
  TranscriptionSessionOptions,
  TranscriptionAudioFormat,
  TranscriptionModelOptions,
  TranscriptionTurnDetection,
} from './session-options.js';
export { DEFAULT_TRANSCRIPTION_MODEL } from './session-options.js';
export type {
  TranscriptionEventTypes,
  TranscriptDeltaEvent,
  TranscriptCompletedEvent,
  TranscriptFailedEvent,
  SpeechStartedEvent,
  SpeechStoppedEvent,
  TranscriptSegmentEvent,
  ReconnectingEvent,
  ReconnectedEvent,
} from './events.js';
export type { ConfigWarning } from './session-config.js';
export type { WebSocketLike, CreateWebSocket } from './connection.js';
export { DEFAULT_TRANSCRIPTION_URL } from './connection.js';
export type { Dialect } from './dialects.js';
export type { LogProb, TranscriptionUsage, WireSession } from './protocol.js';
export {
  TranscriptionTransportError,
  InvalidAudioError,
  AudioTooLargeError,
  type TranscriptionErrorCode,
  type ServerErrorDetail,
} from './errors.js';
export { redactSecrets } from './errors.js';
