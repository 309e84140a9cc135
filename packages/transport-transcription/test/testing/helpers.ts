/**
 * Test helpers: simulators closed after each test, raw `ws` clients over loopback that record what they
 * receive, and synthetic PCM16 audio (tone bursts and silence).
 */
import { afterEach, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createTranscriptionServerSimulator } from '../../src/testing/index.js';
import type {
  TranscriptionServerSimulator,
  TranscriptionServerSimulatorOptions,
} from '../../src/testing/index.js';

type Json = Record<string, any>;

const started: TranscriptionServerSimulator[] = [];
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await Promise.all(started.splice(0).map((simulator) => simulator.close()));
});

/** Starts a simulator that is closed after the test. */
export async function startSimulator(
  options?: TranscriptionServerSimulatorOptions,
): Promise<TranscriptionServerSimulator> {
  const simulator = await createTranscriptionServerSimulator(options);
  started.push(simulator);
  return simulator;
}

/** A raw client that keeps every server event and the close it saw. */
export interface TestClient {
  socket: WebSocket;
  events: Json[];
  closed: { code: number; reason: string } | null;
  send(event: Json): void;
  /** Waits for the `n`-th (1-based) server event of `type` and returns it. */
  next(type: string, n?: number): Promise<Json>;
  /** Every received event of `type`. */
  all(type: string): Json[];
  waitClosed(): Promise<{ code: number; reason: string }>;
}

/** Connects to `url` (default: the simulator URL) with a bearer key unless `options` says otherwise. */
export async function connect(
  simulator: TranscriptionServerSimulator,
  options: {
    url?: string;
    headers?: Record<string, string>;
    protocols?: string[];
    waitOpen?: boolean;
  } = {},
): Promise<TestClient> {
  const headers = options.headers ?? {
    Authorization: 'Bearer sk-test-key-0123456789',
  };
  const socket = new WebSocket(
    options.url ?? simulator.url,
    options.protocols ?? [],
    { headers },
  );
  clients.push(socket);
  const client: TestClient = {
    socket,
    events: [],
    closed: null,
    send: (event) => socket.send(JSON.stringify(event)),
    all: (type) => client.events.filter((event) => event.type === type),
    next: (type, n = 1) =>
      vi.waitFor(
        () => {
          const found = client.all(type)[n - 1];
          if (!found)
            throw new Error(
              `no ${type} #${n} yet; got ${client.events.map((e) => e.type).join(', ')}`,
            );
          return found;
        },
        { timeout: 5000, interval: 5 },
      ),
    waitClosed: () =>
      vi.waitFor(
        () => {
          if (!client.closed) throw new Error('not closed yet');
          return client.closed;
        },
        { timeout: 5000, interval: 5 },
      ),
  };
  socket.on('message', (data) =>
    client.events.push(JSON.parse(data.toString())),
  );
  socket.on('close', (code, reason) => {
    client.closed = { code, reason: reason.toString() };
  });
  socket.on('error', () => {});
  if (options.waitOpen !== false) {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  }
  return client;
}

/** Connects and waits for `session.created`. */
export async function connectReady(
  simulator: TranscriptionServerSimulator,
): Promise<TestClient> {
  const client = await connect(simulator);
  await client.next('session.created');
  return client;
}

/** Sends a GA `session.update` and waits for its answer (`session.updated` or `error`). */
export async function configure(
  client: TestClient,
  session: Json,
): Promise<Json> {
  const before = client.events.length;
  client.send({
    type: 'session.update',
    session: { type: 'transcription', ...session },
  });
  return vi.waitFor(
    () => {
      const answer = client.events
        .slice(before)
        .find((e) => e.type === 'session.updated' || e.type === 'error');
      if (!answer) throw new Error('no answer yet');
      return answer;
    },
    { timeout: 5000, interval: 5 },
  );
}

/** The error of the seed capture (`fixtures/traffic/00-seed.jsonl`), for a realtime update. */
export const SEED_ERROR = {
  type: 'invalid_request_error',
  code: 'invalid_parameter',
  message:
    'Passing a realtime session update event to a transcription session is not allowed.',
  param: '',
  event_id: null,
};

/** The server VAD every session starts with (VERIFIED [CAP-0918]: 0.5 / 300 / 200). */
export const DEFAULT_SERVER_VAD = {
  type: 'server_vad',
  threshold: 0.5,
  prefix_padding_ms: 300,
  silence_duration_ms: 200,
};

/** The session settings for a transcription model with manual commits. */
export const manual = (
  model = 'gpt-4o-mini-transcribe',
  extra: Json = {},
): Json => ({
  audio: {
    input: { transcription: { model }, turn_detection: null, ...extra },
  },
});

/** PCM16 LE mono at 24 kHz: a 440 Hz tone of `ms` at `amplitude` (0..1 of full scale). */
export function tone(ms: number, amplitude = 0.3): Buffer {
  const samples = Math.round((ms * 24000) / 1000);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    out.writeInt16LE(
      Math.round(Math.sin((2 * Math.PI * 440 * i) / 24000) * amplitude * 32767),
      i * 2,
    );
  }
  return out;
}

/** PCM16 silence of `ms`. */
export const silence = (ms: number): Buffer =>
  Buffer.alloc(Math.round((ms * 24000) / 1000) * 2);

/** Sends audio as appends of `chunkMs` (100 ms by default, as in [CAP-0918]). */
export function appendAudio(
  client: TestClient,
  audio: Buffer,
  chunkMs = 100,
): void {
  const chunk = chunkMs * 48;
  for (let offset = 0; offset < audio.byteLength; offset += chunk) {
    client.send({
      type: 'input_audio_buffer.append',
      audio: audio.subarray(offset, offset + chunk).toString('base64'),
    });
  }
}

/** The event that carries a turn's final transcript. */
export const COMPLETED =
  'conversation.item.input_audio_transcription.completed';

/** Commits `count` manual turns of `ms` of tone back to back (so their transcriptions overlap); returns item ids. */
export async function commitTurns(
  client: TestClient,
  count: number,
  ms = 200,
): Promise<string[]> {
  for (let i = 0; i < count; i++) {
    appendAudio(client, tone(ms));
    client.send({ type: 'input_audio_buffer.commit' });
  }
  await client.next('input_audio_buffer.committed', count);
  return client
    .all('input_audio_buffer.committed')
    .map((event) => event.item_id);
}

/** The `error` object of the `n`-th error event. */
export async function nthError(client: TestClient, n = 1): Promise<Json> {
  return (await client.next('error', n)).error;
}
