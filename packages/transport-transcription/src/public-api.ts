/** The exports both builds share; `index.ts` and `index.browser.ts` add the platform-bound class. */
export type {
  OpenAIRealtimeTranscriptionWebSocketOptions,
  ReliabilityStats,
} from './config/options.js';
export type { ReconnectOptions } from './reliability/reconnect-policy.js';
export type { LivenessOptions } from './connection/liveness.js';
export type {
  TranscriptionSessionOptions,
  TranscriptionAudioFormat,
  TranscriptionModelOptions,
  TranscriptionTurnDetection,
  ClientTurnDetection,
} from './config/settings.js';
export {
  DEFAULT_TRANSCRIPTION_MODEL,
  DEFAULT_SERVER_VAD_MODEL,
} from './config/settings.js';
export {
  modelFacts,
  TRANSCRIPTION_MODELS,
  type TranscriptionModelFacts,
  type TranscriptionModelName,
  type TurnDetectionSupport,
} from './config/models.js';
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
export type { ConfigWarning } from './config/warnings.js';
export type { WebSocketLike, CreateWebSocket } from './wire/url-and-auth.js';
export { DEFAULT_TRANSCRIPTION_URL } from './wire/url-and-auth.js';
export type { Dialect } from './wire/configuration-event.js';
export type { LogProb, TranscriptionUsage } from './wire/event-details.js';
export type { WireSession } from './wire/wire-session.js';
export {
  TranscriptionTransportError,
  InvalidAudioError,
  AudioTooLargeError,
  type TranscriptionErrorCode,
  type ServerErrorDetail,
} from './errors.js';
export {
  createClientTurnDetector,
  MIN_TURN_MS,
  type TurnDetector,
  type TurnDetectorFactory,
  type TurnDecision,
  type SpeechStartedDecision,
  type SpeechStoppedDecision,
  type CommitDecision,
  type ClientTurnDetectorOptions,
  type SpeechFrameClassifier,
  type SpeechFrameInfo,
  type TurnDetectorAudioFormat,
} from './audio/turn-detector.js';
export { redactSecrets } from './errors.js';
