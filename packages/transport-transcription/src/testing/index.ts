/**
 * `@agents-transcription/transport/testing`: a strict local simulator of OpenAI's Realtime transcription
 * endpoint, for testing transcription apps offline. See `docs/simulator.md`.
 */
export { createTranscriptionServerSimulator } from './server/server.js';
export type {
  CompletionOrder,
  SimulatorConnectionInfo,
  SimulatorLogEntry,
  SimulatorSessionPreset,
  SimulatorTurn,
  TranscriptionServerSimulator,
  TranscriptionServerSimulatorOptions,
} from './types.js';
