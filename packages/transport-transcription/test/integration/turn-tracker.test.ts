/**
 * Turns against servers that misbehave, over real loopback sockets: bogus offsets, events out of order,
 * finals for items the transport forgot, transcripts for items never committed, drains that time out.
 */
import { describe, expect, it, vi } from 'vitest';
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import {
  startRawServer,
  transcriptionSession,
  type RawConnection,
} from '../helpers/raw-server.js';

const KEY = 'sk-test-key-0123456789';

function level(n: number, ms: number): ArrayBuffer {
  return new Int16Array(ms * 24).fill(n).buffer;
}

function transport(
  options: ConstructorParameters<
    typeof OpenAIRealtimeTranscriptionWebSocket
  >[0] = {},
) {
  const t = new OpenAIRealtimeTranscriptionWebSocket({
    session: { turnDetection: null },
    reconnect: { initialDelayMs: 5, maxDelayMs: 50 },
    ...options,
  });
  const events: Array<[string, any]> = [];
  for (const name of [
    'error',
    'transcript_failed',
    'item_update',
    'reconnected',
  ] as const)
    t.on(name, (e: any) => events.push([name, e]));
  return { t, events };
}

const created = (c: RawConnection, extra: Record<string, unknown> = {}) =>
  c.send({ type: 'session.created', session: transcriptionSession(extra) });

/** The PCM16 samples a connection was sent, decoded. */
function samplesSent(c: RawConnection): number[] {
  const out: number[] = [];
  for (const e of c.received)
    if (e.type === 'input_audio_buffer.append') {
      const bytes = Buffer.from(e.audio, 'base64');
      for (let i = 0; i < bytes.length; i += 2) out.push(bytes.readInt16LE(i));
    }
  return out;
}

const count = (c: RawConnection | undefined, type: string) =>
  c?.received.filter((e) => e.type === type).length ?? 0;

describe('turns against a misbehaving server', () => {
  // An hour is a valid number the edge lets through, so the transport's clamp is what keeps commits going;
  // 1e12 is outside the range the edge accepts and the frame is dropped there with a warning.
  it.each([
    ['an hour, past the 400 ms sent (clamped)', 3_600_000],
    ['1e12 (dropped at the edge)', 1e12],
  ])(
    'a bogus speech_stopped.audio_end_ms of %s: later manual commits still go out',
    async (_label, audioEndMs) => {
      const server = await startRawServer((c) => created(c));
      const { t } = transport();
      await t.connect({ apiKey: KEY, url: server.url });
      const c = server.connections[0]!;
      t.sendAudio(level(1, 200));
      c.send({
        type: 'input_audio_buffer.speech_stopped',
        item_id: 'item_bogus',
        audio_end_ms: audioEndMs,
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      t.sendAudio(level(2, 200), { commit: true });
      await vi.waitFor(() =>
        expect(count(c, 'input_audio_buffer.commit')).toBe(1),
      );
      t.close();
    },
  );

  it('keeps the commit queue aligned when completed arrives before committed: a replay sends only the pending turn', async () => {
    let items = 0;
    const server = await startRawServer(
      (c) => created(c),
      (c, event, index) => {
        if (event.type !== 'input_audio_buffer.commit' || index > 0) return;
        const itemId = `item_${++items}`;
        if (items === 1) {
          // The final first, then the commit it belongs to.
          c.send({
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: itemId,
            transcript: 'one',
          });
          c.send({
            type: 'input_audio_buffer.committed',
            item_id: itemId,
            previous_item_id: null,
          });
        } else {
          c.send({
            type: 'input_audio_buffer.committed',
            item_id: itemId,
            previous_item_id: 'item_1',
          });
        }
      },
    );
    const { t, events } = transport();
    await t.connect({ apiKey: KEY, url: server.url });
    t.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(items).toBe(1));
    t.sendAudio(level(2, 200), { commit: true });
    await vi.waitFor(() => expect(items).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.connections[0]!.ws.terminate();
    await vi.waitFor(() =>
      expect(events.some(([n]) => n === 'reconnected')).toBe(true),
    );
    const second = server.connections[1]!;
    await vi.waitFor(() =>
      expect(count(second, 'input_audio_buffer.commit')).toBe(1),
    );
    // Only turn 2's audio is sent again; turn 1 has its final and is not transcribed twice.
    const samples = samplesSent(second);
    expect(samples.length).toBe(200 * 24);
    expect(new Set(samples)).toEqual(new Set([2]));
    t.close();
  });

  it('does not let a raw completed for a forgotten item rewrite session.history', async () => {
    let items = 0;
    const server = await startRawServer(
      (c) => created(c),
      (c, event) => {
        if (event.type !== 'input_audio_buffer.commit') return;
        const itemId = `item_${++items}`;
        c.send({
          type: 'input_audio_buffer.committed',
          item_id: itemId,
          previous_item_id: items > 1 ? `item_${items - 1}` : null,
        });
        c.send({
          type: 'conversation.item.input_audio_transcription.completed',
          item_id: itemId,
          transcript: `turn ${items}`,
        });
      },
    );
    const { t } = transport();
    const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport: t,
    });
    session.on('error', () => {});
    await session.connect({ apiKey: KEY, url: server.url });
    // More settled turns than the transport remembers (64): item_1 is forgotten.
    for (let n = 1; n <= 80; n++) t.sendAudio(level(n, 100), { commit: true });
    await vi.waitFor(() => expect(items).toBe(80));
    await vi.waitFor(() => expect(session.history).toHaveLength(80));
    server.connections[0]!.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_1',
      transcript: 'REWRITTEN',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const first = session.history.find(
      (item) => 'itemId' in item && item.itemId === 'item_1',
    ) as any;
    expect(first.content[0].transcript).toBe('turn 1');
    await session.close();
  });

  it('a drain that times out reports every turn it gives up', async () => {
    let commits = 0;
    const server = await startRawServer(
      (c) => created(c),
      (c, event) => {
        if (event.type !== 'input_audio_buffer.commit') return;
        // The first commit is acknowledged (no final ever comes); the second never is.
        if (++commits === 1)
          c.send({
            type: 'input_audio_buffer.committed',
            item_id: 'item_1',
            previous_item_id: null,
          });
      },
    );
    const { t, events } = transport();
    await t.connect({ apiKey: KEY, url: server.url });
    t.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(commits).toBe(1));
    t.sendAudio(level(2, 200));
    expect(await t.close({ drain: true, timeoutMs: 300 })).toBe(false);
    const failed = events.filter(([n]) => n === 'transcript_failed');
    expect(failed.map(([, e]) => e.itemId)).toEqual(['item_1']);
    const errors = events
      .filter(([n]) => n === 'error')
      .map(([, e]) => String(e.error.message));
    expect(errors).toEqual([
      expect.stringMatching(/1 committed turn the server never acknowledged/),
    ]);
  });

  it('times out an item that got deltas but was never committed (no ghost in_progress)', async () => {
    const server = await startRawServer((c) => created(c));
    const { t, events } = transport({ transcriptTimeoutMs: 300 });
    await t.connect({ apiKey: KEY, url: server.url });
    server.connections[0]!.send({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: 'item_ghost',
      delta: 'boo',
    });
    await vi.waitFor(
      () =>
        expect(
          events
            .filter(([n]) => n === 'transcript_failed')
            .map(([, e]) => [e.itemId, e.error.code]),
        ).toEqual([['item_ghost', 'TRANSCRIPTION_TIMEOUT']]),
      { timeout: 3000 },
    );
    const last = events.filter(([n]) => n === 'item_update').at(-1)![1];
    expect(last.status).toBe('incomplete');
    expect(t.reliability.pendingItems).toBe(0);
    t.close();
  });

  it('bounds the items tracked for transcripts that were never committed', async () => {
    const server = await startRawServer((c) => created(c));
    const { t } = transport();
    await t.connect({ apiKey: KEY, url: server.url });
    for (let i = 0; i < 500; i++)
      server.connections[0]!.send({
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: `item_invented_${i}`,
        delta: 'x',
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.reliability.pendingItems).toBeLessThanOrEqual(64);
    expect(t.reliability.trackedItems).toBeLessThanOrEqual(64 + 64);
    t.close();
  });

  it('with server VAD, flush() does not commit trailing silence as a turn, but ends speech under way', async () => {
    const vad = {
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          noise_reduction: null,
          turn_detection: { type: 'server_vad', silence_duration_ms: 500 },
        },
      },
    };
    const server = await startRawServer((c) => created(c, vad));
    const t = new OpenAIRealtimeTranscriptionWebSocket({});
    await t.connect({ apiKey: KEY, url: server.url });
    const c = server.connections[0]!;
    t.sendAudio(level(0, 500));
    expect(await t.flush({ timeoutMs: 300 })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(count(c, 'input_audio_buffer.commit')).toBe(0);
    c.send({
      type: 'input_audio_buffer.speech_started',
      item_id: 'item_speech',
      audio_start_ms: 500,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.sendAudio(level(3, 300));
    void t.flush({ timeoutMs: 100 });
    await vi.waitFor(() =>
      expect(count(c, 'input_audio_buffer.commit')).toBe(1),
    );
    t.close();
  });

  it('a second session.created during setup does not send a second update', async () => {
    const server = await startRawServer(
      (c) => {
        // Twice, as a flaky proxy replays it; the session lacks our noise reduction, so setup sends an update.
        created(c);
        created(c);
      },
      (c, event) => {
        if (event.type === 'session.update')
          setTimeout(
            () =>
              c.send({
                type: 'session.updated',
                session: transcriptionSession({
                  audio: {
                    input: {
                      ...transcriptionSession().audio.input,
                      noise_reduction: { type: 'near_field' },
                    },
                  },
                }),
              }),
            50,
          );
      },
    );
    const { t } = transport({
      session: { turnDetection: null, noiseReduction: { type: 'near_field' } },
    });
    await t.connect({ apiKey: KEY, url: server.url });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(count(server.connections[0], 'session.update')).toBe(1);
    t.close();
  });
});
