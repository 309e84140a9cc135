import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '@agents-transcription/transport';

export async function transcribe(
  apiKey: string,
  pcm16At24kHz: Int16Array, // PCM16 little-endian mono, 24 kHz: speech with pauses
  url?: string, // leave it out for wss://api.openai.com/v1/realtime?intent=transcription
): Promise<RealtimeSession> {
  // Your agent, unchanged. (Its instructions, tools and voice mean nothing to a transcription session: they
  // are not sent, with one warning each.)
  const agent = new RealtimeAgent({ name: 'Assistant' });
  const session = new RealtimeSession(agent, {
    transport: new OpenAIRealtimeTranscriptionWebSocket(), // ← the one new line
  });
  // Nothing else to configure: the default model is gpt-live-transcribe, and the transport finds the
  // turns in the audio you send (client turn detection) and commits each one.

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
  // session.sendAudio() is typed ArrayBuffer: pass a copy of exactly the view's bytes. No commit: a
  // turn ends at 500 ms of silence.
  session.sendAudio(pcm16At24kHz.slice().buffer);
  return session;
}
