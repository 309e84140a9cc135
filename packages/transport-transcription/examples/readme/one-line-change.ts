import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '@agents-transcription/transport';

export async function transcribe(
  apiKey: string,
  pcm16At24kHz: Int16Array, // PCM16 little-endian mono, 24 kHz
  url?: string, // leave it out for wss://api.openai.com/v1/realtime?intent=transcription
): Promise<RealtimeSession> {
  const agent = new RealtimeAgent({ name: 'Assistant', instructions: '…' }); // unchanged
  const session = new RealtimeSession(agent, {
    transport: new OpenAIRealtimeTranscriptionWebSocket(), // ← the one new line
    config: {
      audio: {
        input: {
          transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
        },
      },
    },
  });

  // Always listen for errors: RealtimeSession emits them through Node's EventEmitter, and an
  // 'error' event with no listener crashes the process.
  session.on('error', (event) => console.error(event.error));

  session.on('history_updated', (history) => {
    for (const item of history) {
      if (
        item.type === 'message' &&
        item.role === 'user' &&
        item.content[0]?.type === 'input_audio'
      ) {
        console.log(item.status, item.content[0].transcript); // 'in_progress' while partial, then 'completed'
      }
    }
  });

  await session.connect({ apiKey, url });
  // session.sendAudio() is typed ArrayBuffer: pass a copy of exactly the view's bytes.
  session.sendAudio(pcm16At24kHz.slice().buffer, { commit: true });
  return session;
}
