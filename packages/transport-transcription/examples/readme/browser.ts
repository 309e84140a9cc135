import OpenAI from 'openai';
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import {
  createTranscriptionClientSecret,
  OpenAIRealtimeTranscriptionWebSocket,
  type ClientSecretsApi,
} from '@agents-transcription/transport';

// On your server: mint a short-lived ek_ key that carries the settings.
export async function mintBrowserKey(
  openai: ClientSecretsApi = new OpenAI(), // reads OPENAI_API_KEY
): Promise<string> {
  const { value } = await createTranscriptionClientSecret({
    client: openai,
    session: {
      // No turn_detection: gpt-live-transcribe takes none; the page's transport finds the turns.
      transcription: { model: 'gpt-live-transcribe', language: 'en' },
    },
    expiresAfterSeconds: 600,
  });
  return value; // hand it to the page; never log it
}

// In the page (the `browser` export condition selects a build with no Node modules).
export async function connectPage(
  ephemeralKey: string,
  url?: string,
): Promise<RealtimeSession> {
  const session = new RealtimeSession(new RealtimeAgent({ name: 'Notes' }), {
    transport: new OpenAIRealtimeTranscriptionWebSocket(),
  });
  session.on('error', (event) => console.error(event.error));
  await session.connect({ apiKey: ephemeralKey, url });
  return session;
}
