// Compiled against the built declarations (dist), not the sources: proves the published types work
// for a consumer in both module systems' entry points.
import {
  RealtimeAgent,
  RealtimeSession,
  type RealtimeTransportLayer,
} from '@openai/agents-realtime';
import {
  OpenAIRealtimeTranscriptionWebSocket,
  TranscriptionTransportError,
  createTranscriptionClientSecret,
  type TranscriptCompletedEvent,
} from '@agents-transcription/transport';
import { createTranscriptionServerSimulator } from '@agents-transcription/transport/testing';

const transport: RealtimeTransportLayer =
  new OpenAIRealtimeTranscriptionWebSocket({
    session: {
      transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
      turnDetection: null,
    },
  });
const session = new RealtimeSession(new RealtimeAgent({ name: 'a' }), {
  transport,
});
session.on('error', () => {});
(transport as OpenAIRealtimeTranscriptionWebSocket).on(
  'transcript_completed',
  (e: TranscriptCompletedEvent) => e.transcript,
);
export const checks = [
  TranscriptionTransportError,
  createTranscriptionClientSecret,
  createTranscriptionServerSimulator,
];
