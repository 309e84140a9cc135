import {
  RealtimeAgent,
  RealtimeSession,
  type RealtimeTransportLayer,
} from '@openai/agents-realtime';
import { describe, expectTypeOf, it } from 'vitest';
import {
  OpenAIRealtimeTranscriptionWebSocket,
  type TranscriptCompletedEvent,
  type TranscriptDeltaEvent,
} from '../../src/index.js';
import { OpenAIRealtimeTranscriptionWebSocket as BrowserTransport } from '../../src/index.browser.js';

describe('types', () => {
  it('is a RealtimeTransportLayer in both builds', () => {
    expectTypeOf<OpenAIRealtimeTranscriptionWebSocket>().toExtend<RealtimeTransportLayer>();
    expectTypeOf<BrowserTransport>().toExtend<RealtimeTransportLayer>();
  });

  it('is accepted as RealtimeSession transport', () => {
    const session = new RealtimeSession(new RealtimeAgent({ name: 'a' }), {
      transport: new OpenAIRealtimeTranscriptionWebSocket({
        session: { transcription: { model: 'gpt-4o-transcribe' } },
      }),
    });
    expectTypeOf(session).toEqualTypeOf<RealtimeSession>();
  });

  it('types its own events', () => {
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    transport.on('transcript_delta', (event) =>
      expectTypeOf(event).toEqualTypeOf<TranscriptDeltaEvent>(),
    );
    transport.on('transcript_completed', (event) =>
      expectTypeOf(event).toEqualTypeOf<TranscriptCompletedEvent>(),
    );
  });

  it('rejects a session option the protocol does not have', () => {
    const options = {
      session: {
        // @ts-expect-error: PCM must be 24 kHz
        format: { type: 'audio/pcm', rate: 16000 },
      },
    } satisfies ConstructorParameters<
      typeof OpenAIRealtimeTranscriptionWebSocket
    >[0];
    expectTypeOf(options).not.toBeNever();
  });
});
