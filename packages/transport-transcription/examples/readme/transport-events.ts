import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '@agents-transcription/transport';

export async function captions(
  apiKey: string,
  pcm16At24kHz: Int16Array,
  url?: string,
): Promise<RealtimeSession> {
  // Keep a reference: `session.transport` is typed as the SDK's interface, this one has every event typed.
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    session: {
      // Chosen explicitly: a model, and no turn detection at all (not even on the client).
      transcription: { model: 'gpt-transcribe', language: 'en' },
      turnDetection: null, // each sendAudio(…, { commit: true }) ends a turn
    },
  });
  const session = new RealtimeSession(new RealtimeAgent({ name: 'Captions' }), {
    transport,
  });
  session.on('error', (event) => console.error(event.error));

  transport.on('transcript_delta', ({ itemId, transcript }) =>
    console.log('…', itemId, transcript),
  );
  transport.on('transcript_completed', ({ itemId, transcript, usage }) =>
    console.log('✓', itemId, transcript, usage),
  );
  transport.on('transcript_failed', ({ itemId, error }) =>
    console.warn('✗', itemId, error.code, error.message),
  );
  transport.on('reconnecting', ({ attempt, delayMs }) =>
    console.warn(`connection lost; attempt ${attempt} in ${delayMs} ms`),
  );
  transport.on('warning', ({ field, message }) => console.warn(field, message));

  await session.connect({ apiKey, url });
  transport.sendAudio(pcm16At24kHz, { commit: true }); // the transport takes a view as it is
  return session;
}
