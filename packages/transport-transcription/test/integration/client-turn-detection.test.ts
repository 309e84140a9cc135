/**
 * Issue 12's "Done when", end to end: a real `RealtimeSession`, the transport, and the simulator over
 * loopback. The models that take no server VAD get their turns from the transport's client detector.
 */
import {
  RealtimeAgent,
  RealtimeSession,
  type RealtimeSessionConfig,
} from '@openai/agents-realtime';
import { describe, expect, it, onTestFinished } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import { modelFacts } from '../../src/config/models.js';
import { TranscriptionTransportError } from '../../src/errors.js';
import type { TranscriptionServerSimulatorOptions } from '../../src/testing/index.js';
import {
  FAST,
  labelOf,
  level,
  startSession,
  startSimulator,
} from '../reliability/helpers.js';

const KEY = 'sk-test-key-0123456789';

/**
 * Three spoken turns after 300 ms of silence (the detector's noise floor starts at the first frame):
 * constant levels (a clear energy step) of 900 ms, each followed by 800 ms of silence.
 */
const TURN_LEVELS = [1000, 2000, 3000];
function* speech(chunkMs = 20): Generator<ArrayBuffer> {
  for (let ms = 0; ms < 300; ms += chunkMs) yield level(0, chunkMs);
  for (const value of TURN_LEVELS) {
    for (let ms = 0; ms < 900; ms += chunkMs) yield level(value, chunkMs);
    for (let ms = 0; ms < 800; ms += chunkMs) yield level(0, chunkMs);
  }
}

/** Transcripts naming the turn by its level, so a duplicate or a merged turn shows. */
const byLevel: TranscriptionServerSimulatorOptions['transcripts'] = (turn) =>
  labelOf(turn).split(':')[0]!;

function userItems(session: RealtimeSession) {
  return session.history.flatMap((item) =>
    item.type === 'message' &&
    item.role === 'user' &&
    item.content[0]?.type === 'input_audio'
      ? [
          {
            itemId: item.itemId,
            status: item.status,
            transcript: item.content[0].transcript,
          },
        ]
      : [],
  );
}

function connectSession(
  transport: OpenAIRealtimeTranscriptionWebSocket,
  config?: Partial<RealtimeSessionConfig>,
) {
  return new RealtimeSession(new RealtimeAgent({ name: 'Listener' }), {
    transport,
    ...(config ? { config } : {}),
  });
}

describe('client turn detection with the models that take no server VAD', () => {
  it('gives gpt-live-transcribe one committed, completed item per spoken turn, in order, with live text before each commit, and sends no turn detection', async () => {
    const transcripts = [
      'the first turn is here',
      'and a second one',
      'then the third',
    ];
    const simulator = await startSimulator({
      transcripts,
      completionDelayMs: 5,
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket({});
    const session = connectSession(transport, {
      audio: { input: { transcription: { model: 'gpt-live-transcribe' } } },
    });
    // The order the transport reported things in: live text, and the commits it saw.
    const order: string[] = [];
    const speechEvents: string[] = [];
    transport.on('transcript_delta', (e) => order.push(`delta ${e.itemId}`));
    transport.on('*', (e: any) => {
      if (e.type === 'input_audio_buffer.committed')
        order.push(`committed ${e.item_id}`);
    });
    transport.on('speech_started', (e) =>
      speechEvents.push(`started ${Math.round(e.audioStartMs)}`),
    );
    transport.on('speech_stopped', (e) =>
      speechEvents.push(`stopped ${Math.round(e.audioEndMs)}`),
    );
    try {
      await session.connect({ apiKey: KEY, url: simulator.url });
      for (const chunk of speech()) session.sendAudio(chunk);
      await expect
        .poll(() => userItems(session).map((i) => i.status), {
          timeout: 10_000,
        })
        .toEqual(['completed', 'completed', 'completed']);
      expect(userItems(session).map((i) => i.transcript)).toEqual(transcripts);

      // One commit per turn, and the live text of each item came before its commit.
      const commits = simulator.received('input_audio_buffer.commit');
      expect(commits).toHaveLength(3);
      for (const { itemId } of userItems(session)) {
        const firstDelta = order.indexOf(`delta ${itemId}`);
        expect(firstDelta).toBeGreaterThanOrEqual(0);
        expect(firstDelta).toBeLessThan(order.indexOf(`committed ${itemId}`));
      }
      // Speech events on the transport timeline: turns start at 300, 2000 and 3700 ms of audio sent (minus
      // the 300 ms prefix padding), and end where the level ended.
      expect(speechEvents).toHaveLength(6);
      const [s1, e1, s2, e2, s3, e3] = speechEvents.map((e) =>
        Number(e.split(' ')[1]),
      );
      expect(s1).toBe(0);
      expect(e1).toBe(1200);
      expect(s2).toBe(2000 - 300);
      expect(e2).toBe(2900);
      expect(s3).toBe(3700 - 300);
      expect(e3).toBe(4600);

      // No VAD object ever went out, and the simulator ran none (it sends no speech events for this model).
      for (const update of simulator.received('session.update')) {
        const turn = (update as any).session?.audio?.input?.turn_detection;
        expect(turn === undefined || turn === null).toBe(true);
      }
      expect(simulator.sent('input_audio_buffer.speech_started')).toEqual([]);
      expect(transport.serverSession?.audio?.input?.turn_detection).toBeNull();
    } finally {
      session.close();
    }
  });

  it('with no configuration at all, runs a model with no shutdown date and still lands every turn', async () => {
    const simulator = await startSimulator({ transcripts: byLevel });
    const transport = new OpenAIRealtimeTranscriptionWebSocket({});
    const warnings: string[] = [];
    transport.on('warning', (w) => warnings.push(w.field));
    const session = connectSession(transport);
    try {
      await session.connect({ apiKey: KEY, url: simulator.url });
      const model = transport.serverSession?.audio?.input?.transcription?.model;
      expect(model).toBe('gpt-live-transcribe');
      expect(modelFacts(model)?.shutdown).toBeNull();
      for (const chunk of speech()) session.sendAudio(chunk);
      await expect
        .poll(
          () =>
            userItems(session).map((i) =>
              i.status === 'completed' ? i.transcript : i.status,
            ),
          { timeout: 10_000 },
        )
        .toEqual(['t1000', 't2000', 't3000']);
      expect(warnings).not.toContain('transcription.model');
    } finally {
      session.close();
    }
  });

  it('lands each turn once across a dropped connection: the replay commits on its boundaries and no live item is left behind', async () => {
    // 20 ms chunks, a little faster than real time: every connection drops after 150 appends (the first
    // in the middle of the second turn), and each new one replays from the oldest turn still pending.
    const simulator = await startSimulator({
      transcripts: byLevel,
      faults: { dropAfterAppends: 150 },
    });
    const h = await startSession(simulator.url, {
      session: { transcription: { model: 'gpt-live-transcribe' } },
      ...FAST,
    });
    for (const chunk of speech()) {
      h.session.sendAudio(chunk);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await expect
      .poll(() => h.texts(), { timeout: 10_000 })
      .toEqual(['t1000', 't2000', 't3000']);
    const reconnects = h.events.filter(([name]) => name === 'reconnected');
    expect(reconnects.length).toBeGreaterThanOrEqual(1);
    expect(simulator.connections.length).toBe(reconnects.length + 1);
    expect(h.errors).toEqual([]);
    expect(h.transport.reliability.pendingItems).toBe(0);
  });

  it('switches sessions on a proactive rotation at a client commit: every turn once, none transcribed twice', async () => {
    const simulator = await startSimulator({
      transcripts: byLevel,
      sessionDurationMs: 3000,
    });
    const h = await startSession(simulator.url, {
      session: { transcription: { model: 'gpt-live-transcribe' } },
      rotateBeforeExpiryMs: 2500,
    });
    // Turns of 300 ms with 600 ms pauses, in real time, until the transport has switched (0.5–2 s in).
    const expected: string[] = [];
    // Silence first: the detector's noise floor starts at the first frame.
    for (let ms = 0; ms < 300; ms += 20) h.session.sendAudio(level(0, 20));
    let n = 0;
    while (
      (h.events.every(([name]) => name !== 'reconnected') || n < 3) &&
      n < 12
    ) {
      n++;
      expected.push(`t${n * 1000}`);
      for (let ms = 0; ms < 300; ms += 20)
        h.session.sendAudio(level(n * 1000, 20));
      for (let ms = 0; ms < 600; ms += 20) {
        h.session.sendAudio(level(0, 20));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await expect.poll(() => h.texts(), { timeout: 10_000 }).toEqual(expected);
    const reconnected = h.events.filter(([name]) => name === 'reconnected');
    expect(reconnected).toHaveLength(1);
    expect(reconnected[0]![1].attempt).toBe(0);
    expect(h.events.filter(([name]) => name === 'item_deleted')).toEqual([]);
    expect(simulator.connections).toHaveLength(2);
    expect(h.errors).toEqual([]);
  });

  it('lets the application commit itself with turnDetection: null (no client detector runs)', async () => {
    const simulator = await startSimulator({ transcripts: byLevel });
    const h = await startSession(simulator.url, {
      session: {
        transcription: { model: 'gpt-realtime-whisper' },
        turnDetection: null,
      },
    });
    for (const chunk of speech()) h.session.sendAudio(chunk);
    h.session.sendAudio(level(0, 20), { commit: true });
    await expect
      .poll(() => h.texts(), { timeout: 10_000 })
      .toEqual(['t1000+2000+3000']);
    expect(h.events.filter(([name]) => name === 'speech_started')).toEqual([]);
  });
});

describe('settings refused or warned about before anything is sent', () => {
  it("warns once, before any frame is sent, that gpt-transcribe's server VAD is inert, and sends server_vad as asked", async () => {
    const simulator = await startSimulator();
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      session: {
        transcription: { model: 'gpt-transcribe' },
        turnDetection: { type: 'server_vad' },
      },
    });
    const session = connectSession(transport);
    onTestFinished(() => session.close());
    const warned: Array<{
      message: string;
      connections: number;
      frames: number;
    }> = [];
    transport.on('warning', (w) => {
      if (w.field === 'turnDetection')
        warned.push({
          message: w.message,
          connections: simulator.connections.length,
          frames: simulator.log.length,
        });
    });
    await session.connect({ apiKey: KEY, url: simulator.url });
    expect(warned).toHaveLength(1);
    expect(warned[0]!.connections).toBe(0);
    expect(warned[0]!.frames).toBe(0);
    expect(warned[0]!.message).toMatch(
      /^gpt-transcribe accepts turnDetection \{ type: 'server_vad' \} but its server VAD is inert/,
    );
    expect(warned[0]!.message).toContain("{ type: 'client_vad' }");

    // Not overridden: no turn_detection: null goes out (the fresh session already runs server VAD, so the
    // choice needs no sending), the session keeps server_vad, and no client detector commits.
    const update = simulator.received('session.update')[0] as any;
    expect(update.session.audio.input.transcription.model).toBe(
      'gpt-transcribe',
    );
    expect(update.session.audio.input).not.toHaveProperty('turn_detection');
    expect(transport.serverSession?.audio?.input?.turn_detection?.type).toBe(
      'server_vad',
    );
    expect(simulator.sent('error')).toEqual([]);

    // As the warning says: speech is never committed by the server.
    let chunks = 0;
    for (const chunk of speech()) {
      session.sendAudio(chunk);
      chunks++;
    }
    await expect
      .poll(() => simulator.received('input_audio_buffer.append').length, {
        timeout: 10_000,
      })
      .toBe(chunks);
    expect(simulator.received('input_audio_buffer.commit')).toEqual([]);
    expect(simulator.sent('input_audio_buffer.committed')).toEqual([]);

    // Once per transport: an agent update re-reads the same settings without a second warning.
    transport.updateSessionConfig({});
    expect(warned).toHaveLength(1);
  });

  it("warns once when the inert model is known only from the server's session (a client-secret preset)", async () => {
    // The key's session names gpt-transcribe; the application asks for server_vad and names no model.
    const simulator = await startSimulator({
      session: {
        audio: { input: { transcription: { model: 'gpt-transcribe' } } },
      },
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      session: { turnDetection: { type: 'server_vad' } },
    });
    const session = connectSession(transport);
    onTestFinished(() => session.close());
    const warned: string[] = [];
    transport.on('warning', (w) => {
      if (w.field === 'turnDetection') warned.push(w.message);
    });
    await session.connect({ apiKey: KEY, url: simulator.url });
    expect(transport.serverSession?.audio?.input?.transcription?.model).toBe(
      'gpt-transcribe',
    );
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      /^gpt-transcribe accepts turnDetection \{ type: 'server_vad' \} but its server VAD is inert/,
    );
    transport.updateSessionConfig({});
    expect(warned).toHaveLength(1);
  });

  it('refuses explicit server_vad with gpt-live-transcribe with CONFIG_CONFLICT before any connection', async () => {
    const simulator = await startSimulator();
    const transport = new OpenAIRealtimeTranscriptionWebSocket({});
    const session = connectSession(transport, {
      audio: {
        input: {
          transcription: { model: 'gpt-live-transcribe' },
          turnDetection: { type: 'server_vad' },
        },
      },
    });
    const error = await session
      .connect({ apiKey: KEY, url: simulator.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscriptionTransportError);
    expect((error as TranscriptionTransportError).code).toBe('CONFIG_CONFLICT');
    expect((error as Error).message).toMatch(
      /gpt-live-transcribe does not support server turn detection/,
    );
    expect(simulator.connections).toHaveLength(0);
  });

  it('refuses a bad keyword before any connection, naming it', async () => {
    const simulator = await startSimulator();
    const transport = new OpenAIRealtimeTranscriptionWebSocket({});
    const session = connectSession(transport, {
      audio: {
        input: {
          transcription: {
            model: 'gpt-transcribe',
            keywords: ['RunState', '<b>bold</b>'],
          } as never,
        },
      },
    });
    const error = await session
      .connect({ apiKey: KEY, url: simulator.url })
      .catch((e: unknown) => e);
    expect((error as TranscriptionTransportError).code).toBe('INVALID_OPTION');
    expect((error as Error).message).toMatch(
      /config\.audio\.input\.transcription\.keywords\[1\]/,
    );
    expect(simulator.connections).toHaveLength(0);
  });

  it('warns once that a deprecated model shuts down, naming the date and the replacement', async () => {
    const simulator = await startSimulator();
    const h = await startSession(simulator.url, {
      session: { transcription: { model: 'whisper-1' }, turnDetection: null },
    });
    h.transport.updateSessionConfig({});
    const warnings = h.events
      .filter(
        ([name, w]) => name === 'warning' && w.field === 'transcription.model',
      )
      .map(([, w]) => w.message as string);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/whisper-1 shuts down on 2027-02-26/);
    expect(warnings[0]).toMatch(/move to gpt-transcribe/);
  });

  it('sends noise_reduction.strength when set, and the simulator takes it', async () => {
    const simulator = await startSimulator();
    const h = await startSession(simulator.url, {
      session: {
        transcription: { model: 'gpt-transcribe' },
        turnDetection: null,
        noiseReduction: { type: 'far_field', strength: 0.4 },
      },
    });
    const update = simulator.received('session.update')[0] as any;
    expect(update.session.audio.input.noise_reduction).toEqual({
      type: 'far_field',
      strength: 0.4,
    });
    expect(h.transport.serverSession?.audio?.input?.noise_reduction).toEqual({
      type: 'far_field',
      strength: 0.4,
    });
    expect(h.errors).toEqual([]);
    expect(simulator.sent('error')).toEqual([]);
  });

  it('refuses noise_reduction.strength in the legacy dialect, whose shape has no such field, before any I/O', () => {
    expect(
      () =>
        new OpenAIRealtimeTranscriptionWebSocket({
          dialect: 'legacy',
          session: { noiseReduction: { type: 'near_field', strength: 0.5 } },
        }),
    ).toThrow(/noiseReduction\.strength is only sent in the GA dialect/);
  });
});
