/**
 * Clients nobody here wrote, against the simulator over loopback: LiveKit's OpenAI STT plugin fed
 * `@livekit/rtc-node` audio frames, and the official `openai` package's `OpenAIRealtimeWS` with
 * `intent: 'transcription'`. If the simulator drifts from what real clients expect, these break.
 */
import { connect as netConnect } from 'node:net';
import { initializeLogger, stt as agentsStt } from '@livekit/agents';
import { STT } from '@livekit/agents-plugin-openai';
import { AudioFrame } from '@livekit/rtc-node';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { silence, startSimulator, tone } from './helpers.js';

const SAMPLE_RATE = 24000;

/** PCM16 buffer → LiveKit audio frames of `frameMs` (rtc-node's native AudioFrame). */
function framesOf(pcm: Buffer, frameMs = 20): AudioFrame[] {
  const samples = new Int16Array(
    pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength),
  );
  const perFrame = (SAMPLE_RATE * frameMs) / 1000;
  const frames: AudioFrame[] = [];
  for (let offset = 0; offset < samples.length; offset += perFrame) {
    const chunk = samples.slice(offset, offset + perFrame);
    frames.push(new AudioFrame(chunk, SAMPLE_RATE, 1, chunk.length));
  }
  return frames;
}

/** Two spoken turns (tone bursts) separated by silences the simulator's server VAD cuts on. */
const TWO_TURNS = Buffer.concat([
  silence(200),
  tone(800),
  silence(800),
  tone(600),
  silence(800),
]);

beforeAll(() => {
  // The LiveKit agents framework logs through a logger that must exist before any stream starts.
  initializeLogger({ pretty: false, level: 'warn' });
});

describe('LiveKit OpenAI STT plugin against the simulator', () => {
  it('loads the native rtc-node binding and builds real audio frames', () => {
    const [frame] = framesOf(tone(20));
    expect(frame?.sampleRate).toBe(SAMPLE_RATE);
    expect(frame?.samplesPerChannel).toBe(480);
    expect(frame?.data).toBeInstanceOf(Int16Array);
  });

  it('gets final transcripts for two VAD turns from an OpenAI-compatible simulator (model= ignored)', async () => {
    const simulator = await startSimulator({
      transcripts: ['Hello from LiveKit.', 'Second turn.'],
      modelInUrl: 'ignore',
    });
    const stt = new STT({
      apiKey: 'sk-test-livekit-0123456789',
      baseURL: `http://127.0.0.1:${simulator.port}/v1`,
      model: 'gpt-4o-mini-transcribe',
      language: 'en',
    });
    const errors: unknown[] = [];
    stt.on('error', (error) => errors.push(error));
    const stream = stt.stream();
    for (const frame of framesOf(TWO_TURNS)) stream.pushFrame(frame);
    const finals: string[] = [];
    const interim: string[] = [];
    for await (const event of stream) {
      const text = event.alternatives?.[0]?.text ?? '';
      if (event.type === agentsStt.SpeechEventType.INTERIM_TRANSCRIPT)
        interim.push(text);
      if (event.type === agentsStt.SpeechEventType.FINAL_TRANSCRIPT) {
        finals.push(text);
        if (finals.length === 2) break;
      }
    }
    stream.close();
    await stt.close();
    expect(finals).toEqual(['Hello from LiveKit.', 'Second turn.']);
    expect(interim.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    // What the plugin sent is what the real server takes.
    const [connection] = simulator.connections;
    expect(connection?.path).toBe(
      '/v1/realtime?intent=transcription&model=gpt-4o-mini-transcribe',
    );
    expect(simulator.received('session.update')[0]).toMatchObject({
      session: {
        type: 'transcription',
        audio: {
          input: {
            transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
            turn_detection: { type: 'server_vad' },
          },
        },
      },
    });
    expect(simulator.sent('error')).toEqual([]);
  });

  it('streams gpt-live-transcribe: interim text before the commit, the final after the flush commits', async () => {
    const simulator = await startSimulator({
      transcripts: ['live captions from LiveKit'],
      modelInUrl: 'ignore',
    });
    // `vad: null`: no plugin-side VAD (its default would load a local model); the plugin commits on flush().
    const stt = new STT({
      apiKey: 'sk-test-livekit-0123456789',
      baseURL: `http://127.0.0.1:${simulator.port}/v1`,
      model: 'gpt-live-transcribe',
      language: 'en',
      vad: null,
    });
    const errors: unknown[] = [];
    stt.on('error', (error) => errors.push(error));
    const stream = stt.stream();
    for (const frame of framesOf(tone(1500))) stream.pushFrame(frame);
    const seen: Array<{ type: string; text: string; committed: number }> = [];
    let flushed = false;
    for await (const event of stream) {
      const text = event.alternatives?.[0]?.text ?? '';
      const committed = simulator.sent('input_audio_buffer.committed').length;
      if (event.type === agentsStt.SpeechEventType.INTERIM_TRANSCRIPT) {
        seen.push({ type: 'interim', text, committed });
        if (!flushed && text.split(' ').length >= 3) {
          flushed = true;
          stream.flush();
        }
      }
      if (event.type === agentsStt.SpeechEventType.FINAL_TRANSCRIPT) {
        seen.push({ type: 'final', text, committed });
        break;
      }
    }
    stream.close();
    await stt.close();
    expect(errors).toEqual([]);
    expect(seen.at(-1)).toMatchObject({
      type: 'final',
      text: 'live captions from LiveKit',
    });
    // Live captions arrived while nothing was committed yet.
    expect(seen[0]).toMatchObject({
      type: 'interim',
      text: 'live',
      committed: 0,
    });
    const update = simulator.received('session.update')[0] as unknown as {
      session: { audio: { input: Record<string, unknown> } };
    };
    expect(update.session.audio.input).not.toHaveProperty('turn_detection');
    expect(simulator.sent('session.updated')[0]).toMatchObject({
      session: { audio: { input: { turn_detection: null } } },
    });
    expect(simulator.sent('input_audio_buffer.speech_started')).toEqual([]);
  });

  it('is refused like OpenAI refuses it when the plugin adds model= for a host other than api.openai.com', async () => {
    const simulator = await startSimulator({ transcripts: ['never'] });
    const stt = new STT({
      apiKey: 'sk-test-livekit-0123456789',
      baseURL: `http://127.0.0.1:${simulator.port}/v1`,
      model: 'gpt-4o-mini-transcribe',
    });
    const errors: Array<{ error: Error }> = [];
    stt.on('error', (error) => errors.push(error));
    const stream = stt.stream();
    for (const frame of framesOf(tone(200))) stream.pushFrame(frame);
    // The stream ends (its iterator finishes) once the plugin gives up on the refused socket.
    for await (const _event of stream) {
      // no transcripts expected
    }
    await stt.close();
    expect(errors[0]?.error.message).toBe(
      'Model "gpt-4o-mini-transcribe" is not supported in transcription mode.',
    );
    await vi.waitFor(() =>
      expect(simulator.connections[0]?.closed).toBeDefined(),
    );
    expect(simulator.connections[0]?.closed).toMatchObject({
      code: 4000,
      reason: 'invalid_request_error.invalid_model',
      by: 'server',
    });
    expect(simulator.sent('session.created')).toEqual([]);
  });
});

describe("openai's OpenAIRealtimeWS against the simulator", () => {
  it("transcribes a committed turn with intent: 'transcription'", async () => {
    const simulator = await startSimulator({
      transcripts: ['Hello from openai-node.'],
    });
    // The SDK always builds a wss: URL from baseURL; `ws`'s own `createConnection` option hands it a plain
    // loopback TCP socket instead of TLS, so the handshake and every frame are the SDK's, unchanged.
    const client = new OpenAI({
      apiKey: 'sk-test-openai-0123456789',
      baseURL: `https://127.0.0.1:${simulator.port}/v1`,
    });
    const rt = new OpenAIRealtimeWS(
      {
        intent: 'transcription',
        options: {
          createConnection: () => netConnect(simulator.port, '127.0.0.1'),
        },
      },
      client,
    );
    const errors: unknown[] = [];
    rt.on('error', (error) => errors.push(error));
    const created = new Promise((resolve) => rt.on('session.created', resolve));
    const completed = new Promise<{ transcript: string; item_id: string }>(
      (resolve) =>
        rt.on('conversation.item.input_audio_transcription.completed', resolve),
    );
    const deltas: string[] = [];
    rt.on('conversation.item.input_audio_transcription.delta', (event) =>
      deltas.push(event.delta ?? ''),
    );
    await created;
    rt.send({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: {
          input: {
            format: { type: 'audio/pcm', rate: 24000 },
            transcription: { model: 'gpt-4o-transcribe', language: 'en' },
            turn_detection: null,
          },
        },
      },
    });
    await simulator.waitFor((entry) => entry.event.type === 'session.updated');
    rt.send({
      type: 'input_audio_buffer.append',
      audio: tone(500).toString('base64'),
    });
    rt.send({ type: 'input_audio_buffer.commit' });
    const done = await completed;
    expect(done.transcript).toBe('Hello from openai-node.');
    expect(deltas.join('')).toBe('Hello from openai-node.');
    expect(simulator.connections[0]).toMatchObject({
      path: '/v1/realtime?intent=transcription',
      auth: 'header',
    });
    expect(simulator.connections[0]?.headers['openai-beta']).toBeUndefined();
    rt.close();
    await vi.waitFor(() =>
      expect(simulator.connections[0]?.closed).toBeDefined(),
    );
    expect(simulator.connections[0]?.closed).toMatchObject({
      code: 1000,
      by: 'client',
    });
    expect(errors).toEqual([]);
  });
});
