import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '@agents-transcription/transport';
import { createTranscriptionServerSimulator } from '@agents-transcription/transport/testing';

/** What your app would show for `pcm16At24kHz`, transcribed offline by the simulator. */
export async function transcribeOffline(
  pcm16At24kHz: Int16Array,
): Promise<string[]> {
  const simulator = await createTranscriptionServerSimulator({
    transcripts: ['Hello there.'], // what turn 0 "says"
  });
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    session: { turnDetection: null },
  });
  const session = new RealtimeSession(new RealtimeAgent({ name: 'Notes' }), {
    transport,
  });
  session.on('error', (event) => console.error(event.error));
  try {
    await session.connect({ apiKey: 'sk-test', url: simulator.url });
    const completed = new Promise((resolve) =>
      transport.on('transcript_completed', resolve),
    );
    transport.sendAudio(pcm16At24kHz, { commit: true });
    await completed;
    // …assert on your app's state, or on the traffic: simulator.received('session.update')
    return session.history.flatMap((item) =>
      item.type === 'message' && item.content[0]?.type === 'input_audio'
        ? [item.content[0].transcript ?? '']
        : [],
    );
  } finally {
    session.close(); // the session first: a simulator closed under it would make it reconnect
    await simulator.close();
  }
}
