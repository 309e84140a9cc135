import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import { startScriptedServer } from '../helpers/scripted-server.js';
import {
  labels,
  level,
  MANUAL,
  startSession,
  startSimulator,
  tone,
} from './helpers.js';

const names = (events: Array<[string, any]>, name: string) =>
  events.filter(([n]) => n === name).map(([, e]) => e);

describe('reconnect and replay', () => {
  it('transcribes a turn dropped mid-utterance exactly once, in order', async () => {
    const simulator = await startSimulator();
    const h = await startSession(simulator.url);
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(['t1:200']));
    h.session.sendAudio(level(2, 100));
    await simulator.waitFor(
      (e) =>
        e.direction === 'client' &&
        e.connectionId === 1 &&
        e.event.type === 'input_audio_buffer.append' &&
        simulator.received('input_audio_buffer.append').length === 2,
    );
    simulator.dropConnections();
    h.session.sendAudio(level(2, 100), { commit: true }); // the socket is dead or reconnecting: no throw
    h.session.sendAudio(level(3, 300), { commit: true });
    await vi.waitFor(() =>
      expect(h.texts()).toEqual(['t1:200', 't2:200', 't3:300']),
    );
    expect(h.history().every(([status]) => status === 'completed')).toBe(true);
    expect(names(h.events, 'reconnected')).toHaveLength(1);
    expect(names(h.events, 'reconnected')[0].replayedMs).toBeGreaterThanOrEqual(
      100,
    );
    expect(simulator.connections).toHaveLength(2);
    expect(h.errors).toEqual([]);
  });

  it('removes items committed without a final and transcribes their audio again on the new socket', async () => {
    const simulator = await startSimulator({
      completionDelayMs: (turn) =>
        turn.connectionId === 1 && turn.connectionTurnIndex > 0 ? 60_000 : 5,
      completionOrder: 'in-order',
    });
    const h = await startSession(simulator.url);
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(['t1:200']));
    h.session.sendAudio(level(2, 200), { commit: true });
    h.session.sendAudio(level(3, 300), { commit: true });
    h.session.sendAudio(level(4, 100)); // uncommitted tail
    await vi.waitFor(() =>
      expect(h.history()).toEqual([
        ['completed', 't1:200'],
        ['in_progress', null],
        ['in_progress', null],
      ]),
    );
    simulator.dropConnections();
    await vi.waitFor(() =>
      expect(names(h.events, 'reconnected')).toHaveLength(1),
    );
    h.session.sendAudio(level(4, 100), { commit: true });
    await vi.waitFor(() =>
      expect(h.texts()).toEqual(['t1:200', 't2:200', 't3:300', 't4:200']),
    );
    expect(names(h.events, 'item_deleted')).toHaveLength(2);
    expect(names(h.events, 'reconnected')[0].replayedMs).toBe(600);
    // The new socket got the same commit boundaries.
    const second = simulator.log
      .filter((e) => e.connectionId === 2 && e.direction === 'client')
      .map((e) => e.event.type);
    expect(
      second.filter((t) => t === 'input_audio_buffer.commit'),
    ).toHaveLength(3);
  });

  it('keeps history order when a later turn completed before the drop (skips it on replay)', async () => {
    const server = await startScriptedServer();
    const h = await startSession(server.url, { session: MANUAL });
    h.session.sendAudio(level(1, 200), { commit: true });
    h.session.sendAudio(level(2, 200), { commit: true });
    await server.waitForReceived('input_audio_buffer.commit', 2);
    const committed = (id: string, prev: string | null) =>
      server.send({
        type: 'input_audio_buffer.committed',
        item_id: id,
        previous_item_id: prev,
      });
    committed('item_a', null);
    committed('item_b', 'item_a');
    server.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_b',
      transcript: 'B',
    });
    await vi.waitFor(() =>
      expect(h.history()).toEqual([
        ['in_progress', null],
        ['completed', 'B'],
      ]),
    );
    const before = server.received.length;
    server.socket().terminate();
    await vi.waitFor(() =>
      expect(names(h.events, 'reconnected')).toHaveLength(1),
    );
    // The replay is written before `reconnected`; the server may read it a moment later.
    await server.waitForReceived('input_audio_buffer.commit', 3);
    const replayed = server.received.slice(before);
    expect(replayed.map((e) => e.type)).toEqual([
      'session.update',
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
    ]);
    expect(Buffer.from(replayed[1]!.audio, 'base64')).toEqual(
      Buffer.from(level(1, 200)),
    );
    committed('item_c', null);
    server.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_c',
      transcript: 'A',
    });
    await vi.waitFor(() => expect(h.texts()).toEqual(['A', 'B']));
    h.session.sendAudio(level(3, 200), { commit: true });
    await server.waitForReceived('input_audio_buffer.commit', 4);
    committed('item_d', 'item_c');
    server.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_d',
      transcript: 'C',
    });
    await vi.waitFor(() => expect(h.texts()).toEqual(['A', 'B', 'C']));
    await server.close();
  });

  it('detects a stalled socket by ping/pong and reconnects', async () => {
    const simulator = await startSimulator({
      faults: { stall: { afterAppends: 3, forMs: 10_000 } },
    });
    const h = await startSession(simulator.url, {
      liveness: { intervalMs: 50, timeoutMs: 100 },
    });
    h.session.sendAudio(level(1, 100));
    h.session.sendAudio(level(1, 100), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(['t1:200']));
    h.session.sendAudio(level(2, 100)); // third append: the server stalls
    await vi.waitFor(
      () => expect(names(h.events, 'reconnected')).toHaveLength(1),
      { timeout: 5000 },
    );
    expect(names(h.events, 'reconnecting')[0].error.message).toMatch(/pong/);
    h.session.sendAudio(level(2, 100), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(['t1:200', 't2:200']));
  });

  it('treats bursts of server errors as non-fatal', async () => {
    const simulator = await startSimulator();
    const h = await startSession(simulator.url);
    for (let i = 0; i < 25; i++)
      simulator.broadcast({
        type: 'error',
        error: {
          type: 'server_error',
          code: 'overloaded',
          message: `busy ${i}`,
        },
      });
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(['t1:200']));
    expect(h.errors).toHaveLength(25);
    expect(simulator.connections).toHaveLength(1);
    expect(h.transport.status).toBe('connected');
  });

  it.each([
    [3000, 'AUTH_FAILED', 'invalid_api_key', 'Incorrect API key provided.'],
    [
      4000,
      'REQUEST_REJECTED',
      'beta_api_shape_disabled',
      'The Realtime Beta API is no longer supported.',
    ],
  ])(
    'does not reconnect after close %i and names the cause',
    async (code, errorCode, serverCode, message) => {
      const server = await startScriptedServer();
      const h = await startSession(server.url, { session: MANUAL });
      h.session.sendAudio(level(1, 200), { commit: true });
      await server.waitForReceived('input_audio_buffer.commit');
      server.send({
        type: 'error',
        error: { type: 'invalid_request_error', code: serverCode, message },
      });
      server.socket().close(code, `invalid_request_error.${serverCode}`);
      await vi.waitFor(() => expect(h.transport.status).toBe('disconnected'));
      expect(h.errors.at(-1)).toMatchObject({ code: errorCode });
      expect((h.errors.at(-1) as Error).message).toContain(message);
      expect(names(h.events, 'reconnecting')).toEqual([]);
      expect(server.requests).toHaveLength(1);
      expect(() => h.session.sendAudio(level(1, 100))).toThrow(
        /NOT_CONNECTED|connected session/,
      );
      await server.close();
    },
  );

  it('calls the key function again and retries when it fails once', async () => {
    const simulator = await startSimulator();
    let calls = 0;
    const h = await startSession(simulator.url, {}, () => {
      calls++;
      if (calls === 2) throw new Error('key service down');
      return `ek_key_number_${calls}`;
    });
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(['t1:200']));
    simulator.dropConnections();
    await vi.waitFor(() =>
      expect(names(h.events, 'reconnected')).toHaveLength(1),
    );
    const reconnecting = names(h.events, 'reconnecting');
    expect(reconnecting.map((e) => e.attempt)).toEqual([1, 2]);
    expect(reconnecting[1].error.code).toBe('MISSING_API_KEY');
    expect(calls).toBe(3);
    expect(simulator.connections.map((c) => c.headers.authorization)).toEqual([
      'Bearer ek_key_number_1',
      'Bearer ek_key_number_3',
    ]);
    h.session.sendAudio(level(2, 200), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, 2, 200)));
  });

  it('reconnects with a fresh session after session_expired and keeps history continuous', async () => {
    const simulator = await startSimulator({ sessionDurationMs: 400 });
    const h = await startSession(simulator.url, { rotateBeforeExpiryMs: 0 });
    expect(h.transport.expiresAt).toBeGreaterThan(Date.now() / 1000 - 1);
    for (let n = 1; n <= 6; n++) {
      h.session.sendAudio(level(n, 200), { commit: true });
      await vi.waitFor(() => expect(h.texts()).toHaveLength(n));
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(h.texts()).toEqual(labels(1, 6, 200));
    expect(simulator.connections.length).toBeGreaterThanOrEqual(2);
    const reconnecting = names(h.events, 'reconnecting');
    expect(reconnecting[0].error.message).toMatch(/session_expired/);
    expect(h.errors).toEqual([]);
  });

  it('close({ drain: true }) commits the tail and delivers pending finals before closing', async () => {
    const simulator = await startSimulator({ completionDelayMs: 150 });
    const h = await startSession(simulator.url);
    h.session.sendAudio(level(1, 200), { commit: true });
    h.session.sendAudio(level(2, 300));
    const drained = await h.transport.close({ drain: true, timeoutMs: 5000 });
    expect(drained).toBe(true);
    expect(h.texts()).toEqual(['t1:200', 't2:300']);
    expect(h.transport.status).toBe('disconnected');
  });

  it('gives up after maxAttempts and marks pending items incomplete', async () => {
    const simulator = await startSimulator({ completionDelayMs: 60_000 });
    const h = await startSession(simulator.url, {
      reconnect: { maxAttempts: 2, initialDelayMs: 5 },
    });
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() =>
      expect(h.history()).toEqual([['in_progress', null]]),
    );
    await simulator.close();
    await vi.waitFor(() => expect(h.transport.status).toBe('disconnected'));
    expect(h.history()).toEqual([['incomplete', null]]);
    expect(h.errors.at(-1)).toMatchObject({ code: 'CONNECTION_LOST' });
    expect((h.errors.at(-1) as Error).message).toMatch(
      /Gave up reconnecting after 2 attempts/,
    );
  });

  it('marks an item without a final after transcriptTimeoutMs incomplete', async () => {
    const simulator = await startSimulator({ completionDelayMs: 60_000 });
    const h = await startSession(simulator.url, { transcriptTimeoutMs: 100 });
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(h.history()).toEqual([['incomplete', null]]));
    expect(h.errors[0]).toMatchObject({ code: 'TRANSCRIPTION_TIMEOUT' });
  });

  it('throws AUDIO_BACKPRESSURE once maxQueuedMs waits behind a socket that does not drain', async () => {
    const simulator = await startSimulator();
    let buffered = 0;
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      session: MANUAL,
      backpressure: { highWaterMark: 1000, maxQueuedMs: 500 },
      createWebSocket: ({ url, apiKey }) => {
        const socket = new WebSocket(url, {
          headers: { Authorization: `Bearer ${apiKey}` },
        });
        Object.defineProperty(socket, 'bufferedAmount', {
          get: () => buffered,
        });
        return socket;
      },
    });
    transport.on('error', () => {});
    await transport.connect({
      apiKey: 'sk-test-key-0123456789',
      url: simulator.url,
    });
    buffered = 10_000;
    for (let i = 0; i < 5; i++) transport.sendAudio(level(1, 100));
    expect(() => transport.sendAudio(level(1, 100))).toThrow(
      expect.objectContaining({ code: 'AUDIO_BACKPRESSURE' }),
    );
    expect(transport.reliability.unsentMs).toBe(500);
    expect(simulator.received('input_audio_buffer.append')).toHaveLength(0);
    buffered = 0;
    transport.sendAudio(level(1, 100), { commit: true });
    await vi.waitFor(() =>
      expect(simulator.received('input_audio_buffer.commit')).toHaveLength(1),
    );
    expect(simulator.received('input_audio_buffer.append')).toHaveLength(6);
    expect(transport.reliability.unsentMs).toBe(0);
    transport.close();
  });

  it('keeps speech_started / speech_stopped on one monotonic timeline across sockets (server VAD)', async () => {
    const simulator = await startSimulator();
    const h = await startSession(simulator.url, {
      session: {
        transcription: { model: 'gpt-4o-mini-transcribe' },
        turnDetection: { type: 'server_vad' },
      },
    });
    const silence = () => level(0, 500);
    h.session.sendAudio(silence());
    h.session.sendAudio(tone(600));
    h.session.sendAudio(silence());
    // The first turn's final, not only its item: a drop before the final would replay that turn.
    const statuses = () => h.history().map(([status]) => status);
    await vi.waitFor(() => expect(statuses()).toEqual(['completed']));
    simulator.dropConnections();
    await vi.waitFor(() =>
      expect(names(h.events, 'reconnected')).toHaveLength(1),
    );
    h.session.sendAudio(tone(600));
    h.session.sendAudio(silence());
    await vi.waitFor(() =>
      expect(statuses()).toEqual(['completed', 'completed']),
    );
    const starts = names(h.events, 'speech_started').map((e) => e.audioStartMs);
    const stops = names(h.events, 'speech_stopped').map((e) => e.audioEndMs);
    expect(starts).toHaveLength(2);
    expect(starts[1]).toBeGreaterThanOrEqual(stops[0]);
    // The second burst starts at 1600 ms of audio sent (minus the VAD's prefix padding).
    expect(starts[1]).toBeGreaterThan(1000);
    expect(starts[1]).toBeLessThanOrEqual(1600);
    expect(stops[1]).toBeGreaterThan(2200);
  });
});

describe('server event order', () => {
  it('tracks a turn for replay even when conversation.item.added arrives before committed', async () => {
    const server = await startScriptedServer();
    const h = await startSession(server.url, { session: MANUAL });
    h.session.sendAudio(level(1, 200), { commit: true });
    await server.waitForReceived('input_audio_buffer.commit');
    const item = {
      id: 'item_a',
      type: 'message',
      role: 'user',
      status: 'completed',
      content: [{ type: 'input_audio', transcript: null }],
    };
    server.send({
      type: 'conversation.item.added',
      previous_item_id: null,
      item,
    });
    server.send({
      type: 'input_audio_buffer.committed',
      item_id: 'item_a',
      previous_item_id: null,
    });
    await vi.waitFor(() =>
      expect(h.history()).toEqual([['in_progress', null]]),
    );
    expect(h.transport.reliability.ledgerTurns).toBe(1);
    const before = server.received.length;
    server.socket().terminate();
    await vi.waitFor(() =>
      expect(server.received.length).toBeGreaterThanOrEqual(before + 3),
    );
    expect(server.received.slice(before).map((e) => e.type)).toEqual([
      'session.update',
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
    ]);
    await vi.waitFor(() => expect(h.history()).toEqual([]));
    await server.close();
  });
});
