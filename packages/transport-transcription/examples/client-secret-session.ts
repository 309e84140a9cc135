/**
 * The typical failing user code, with the one-line change that makes it work.
 *
 * A server mints a client secret for a transcription session (the settings live in the secret), then an
 * unchanged RealtimeAgent + RealtimeSession connects with it. Stock, this fails with "Passing a realtime
 * session update event to a transcription session is not allowed."; with `transport:` it transcribes.
 *
 * Run it live:  OPENAI_API_KEY=sk-… npx tsx examples/client-secret-session.ts speech-24k-mono.pcm
 */
import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '@agents-transcription/transport';

const TRANSCRIBE_PROMPT =
  'Expect a conversation between a human and customer service agent. Expect technology terms to be used.';

export interface ExampleOptions {
  /** Your server's OpenAI API key (never sent to the client). */
  apiKey: string;
  /** Raw PCM16 24 kHz mono audio to transcribe. */
  audio: Uint8Array;
  /** Where the OpenAI REST API and the realtime socket are; the defaults are OpenAI's. */
  baseURL?: string;
  realtimeUrl?: string;
  /** Called with each final transcript, in order. */
  onTranscript?: (text: string) => void;
}

/** Transcribes `audio` and resolves with the final transcripts once every committed turn has one. */
export async function transcribeWithClientSecret(
  options: ExampleOptions,
): Promise<string[]> {
  const openai = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
  });
  const secret = await openai.realtime.clientSecrets.create({
    session: {
      type: 'transcription',
      audio: {
        input: {
          noise_reduction: { type: 'far_field' },
          transcription: {
            language: 'en',
            model: 'gpt-4o-mini-transcribe',
            prompt: TRANSCRIBE_PROMPT,
          },
        },
      },
      include: ['item.input_audio_transcription.logprobs'],
    },
  });

  const agent = new RealtimeAgent({
    name: 'Assistant',
    instructions: 'You are a helpful voice assistant.',
  });
  const session = new RealtimeSession(agent, {
    transport: new OpenAIRealtimeTranscriptionWebSocket(), // ← the one new line
  });
  session.on('error', (event) =>
    console.error(
      'session error:',
      (event.error as Error).message ?? event.error,
    ),
  );

  const finals = (): string[] =>
    session.history.flatMap((item) =>
      item.type === 'message' &&
      item.role === 'user' &&
      item.status !== 'in_progress' &&
      item.content[0]?.type === 'input_audio'
        ? [item.content[0].transcript ?? '']
        : [],
    );
  session.on('history_updated', () => {});

  await session.connect({
    apiKey: secret.value,
    url:
      options.realtimeUrl ??
      'wss://api.openai.com/v1/realtime?intent=transcription',
  });
  try {
    // 100 ms frames, as a microphone would deliver them; the last one ends the turn explicitly.
    const frame = 4800;
    for (let offset = 0; offset < options.audio.byteLength; offset += frame) {
      const chunk = options.audio.subarray(
        offset,
        Math.min(offset + frame, options.audio.byteLength),
      );
      session.sendAudio(chunk.slice().buffer, {
        commit: offset + frame >= options.audio.byteLength,
      });
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        const pending = session.history.some(
          (item) =>
            item.type === 'message' &&
            item.role === 'user' &&
            item.status === 'in_progress',
        );
        if (!pending && session.history.length > 0) {
          session.off('history_updated', done);
          resolve();
        }
      };
      session.on('history_updated', done);
      done();
    });
    const texts = finals();
    texts.forEach((text) => options.onTranscript?.(text));
    return texts;
  } finally {
    session.close();
  }
}

// Run as a script: transcribe a raw PCM16 24 kHz mono file with the real API.
if (import.meta.url === `file://${process.argv[1]}`) {
  const apiKey = process.env.OPENAI_API_KEY;
  const file = process.argv[2];
  if (!apiKey || !file) {
    console.error(
      'usage: OPENAI_API_KEY=sk-… tsx examples/client-secret-session.ts <audio.pcm (PCM16 24 kHz mono)>',
    );
    process.exit(2);
  }
  const audio = new Uint8Array(await readFile(file));
  await transcribeWithClientSecret({
    apiKey,
    audio,
    onTranscript: (text) => console.log(text),
  });
}
