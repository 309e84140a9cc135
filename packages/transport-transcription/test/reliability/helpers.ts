/**
 * Reliability test helpers: a simulator whose transcripts name the audio they were given (each synthetic
 * turn is a constant PCM16 level, so a transcript `t7:400` means "turn 7, 400 ms, nothing else mixed in"),
 * and a real `RealtimeSession` over loopback whose history can be read as turn labels.
 */
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { afterEach } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type { OpenAIRealtimeTranscriptionWebSocketOptions } from '../../src/transport.js';
import { createTranscriptionServerSimulator } from '../../src/testing/index.js';
import type {
  SimulatorTurn,
  TranscriptionServerSimulator,
  TranscriptionServerSimulatorOptions,
} from '../../src/testing/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The levels in a turn's audio, in order of first appearance, and its duration: `t3:200` or `t3+4:400`. */
export function labelOf(
  turn: Pick<SimulatorTurn, 'audio' | 'durationMs'>,
): string {
  const samples = new Int16Array(
    turn.audio.buffer,
    turn.audio.byteOffset,
    turn.audio.byteLength / 2,
  );
  const levels: number[] = [];
  let last = Number.NaN;
  for (let i = 0; i < samples.length; i += 240) {
    const level = samples[i]!;
    if (level !== last && level !== 0 && !levels.includes(level))
      levels.push(level);
    last = level;
  }
  return `t${levels.join('+')}:${Math.round(turn.durationMs)}`;
}

/** `ms` of PCM16 at a constant level (turn `n` uses level `n`; 0 is silence). */
export function level(n: number, ms: number): ArrayBuffer {
  const samples = new Int16Array(ms * 24);
  samples.fill(n);
  return samples.buffer;
}

/** A tone burst (for server VAD): a square wave at the given amplitude (0..1). */
export function tone(ms: number, amplitude = 0.3): ArrayBuffer {
  const samples = new Int16Array(ms * 24);
  const value = Math.round(amplitude * 32767);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.floor(i / 24) % 2 ? value : -value;
  return samples.buffer;
}

export async function startSimulator(
  options: TranscriptionServerSimulatorOptions = {},
): Promise<TranscriptionServerSimulator> {
  const simulator = await createTranscriptionServerSimulator({
    transcripts: (turn) => labelOf(turn),
    completionDelayMs: 5,
    ...options,
  });
  cleanups.push(() => simulator.close());
  return simulator;
}

/** Manual commits with a model (one with no announced shutdown, so no warning): what most reliability tests use. */
export const MANUAL: OpenAIRealtimeTranscriptionWebSocketOptions['session'] = {
  transcription: { model: 'gpt-transcribe' },
  turnDetection: null,
};

/** Fast reconnects, so tests do not wait for production backoff. */
export const FAST: Partial<OpenAIRealtimeTranscriptionWebSocketOptions> = {
  reconnect: { initialDelayMs: 5, maxDelayMs: 50 },
};

export interface Harness {
  transport: OpenAIRealtimeTranscriptionWebSocket;
  session: RealtimeSession;
  errors: unknown[];
  events: Array<[string, any]>;
  /** User items of the history as `[status, transcript]`. */
  history(): Array<[string, string | null]>;
  /** Transcripts in history order; items without their final show as `<status>text`. */
  texts(): string[];
}

/** A real `RealtimeSession` with the transcription transport, connected to `url`. */
export async function startSession(
  url: string,
  options: OpenAIRealtimeTranscriptionWebSocketOptions = {},
  apiKey: string | (() => string | Promise<string>) = 'sk-test-key-0123456789',
): Promise<Harness> {
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    session: MANUAL,
    ...FAST,
    ...options,
  });
  const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
    transport,
  });
  cleanups.push(() => session.close());
  const errors: unknown[] = [];
  const events: Array<[string, any]> = [];
  session.on('error', (e) => errors.push(e.error));
  for (const name of [
    'reconnecting',
    'reconnected',
    'item_deleted',
    'transcript_failed',
    'warning',
    'speech_started',
    'speech_stopped',
    'connection_change',
  ] as const)
    transport.on(name, (event: any) => events.push([name, event]));
  await session.connect({ apiKey, url });
  const history = () =>
    session.history.flatMap((item) =>
      item.type === 'message' &&
      item.role === 'user' &&
      item.content[0]?.type === 'input_audio'
        ? [[item.status, item.content[0].transcript] as [string, string | null]]
        : [],
    );
  return {
    transport,
    session,
    errors,
    events,
    history,
    // Only finals count as text: a partial (delta) text shows as `<in_progress>…`.
    texts: () =>
      history().map(([status, text]) =>
        status === 'completed' ? (text ?? '<null>') : `<${status}>${text}`,
      ),
  };
}

/** Expected labels for turns `from..to` of `ms` each. */
export function labels(from: number, to: number, ms: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`t${n}:${ms}`);
  return out;
}
