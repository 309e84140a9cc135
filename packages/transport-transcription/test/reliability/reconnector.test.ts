/**
 * The reconnect loop against the ways a network really fails: a server that stops listening and comes back
 * on the same port, a host name that does not resolve, a handshake answered with HTTP 503, and a server that
 * accepts and closes at once. One loop, one key per attempt, backoff as the policy says, every turn once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import { closeProxies, startTcpProxy } from '../helpers/tcp-proxy.js';
import { startScriptedServer } from '../helpers/scripted-server.js';
import {
  labels,
  level,
  MANUAL,
  startSession,
  startSimulator,
} from './helpers.js';

afterEach(closeProxies);

const names = (events: Array<[string, any]>, name: string) =>
  events.filter(([n]) => n === name).map(([, e]) => e);

/** No jitter, so the delays are exactly the policy's. */
const POLICY = {
  initialDelayMs: 100,
  maxDelayMs: 800,
  factor: 2,
  jitter: 0,
  maxAttempts: 40,
};
const expectedDelay = (attempt: number) =>
  Math.min(POLICY.maxDelayMs, POLICY.initialDelayMs * 2 ** (attempt - 1));

/**
 * The loop ran once: attempts numbered 1..n in order, delays as the policy says, one key per attempt. While
 * the loop still runs, the newest attempt may still be waiting for its timer (its key not asked for yet).
 */
function expectOneLoop(reconnecting: any[], keys: number, running = false) {
  expect(reconnecting.length).toBeGreaterThan(1);
  expect(reconnecting.map((e) => e.attempt)).toEqual(
    reconnecting.map((_, i) => i + 1),
  );
  expect(reconnecting.map((e) => e.delayMs)).toEqual(
    reconnecting.map((e) => expectedDelay(e.attempt)),
  );
  // The first connect, then one key per attempt.
  if (running)
    expect([reconnecting.length, 1 + reconnecting.length]).toContain(keys);
  else expect(keys).toBe(1 + reconnecting.length);
}

async function turn(h: { session: RealtimeSession }, n: number) {
  h.session.sendAudio(level(n, 200), { commit: true });
}

describe('reconnecting through an outage', () => {
  it('runs one backoff loop while the server stops listening for 6 s, then reconnects and keeps every turn once, in order', async () => {
    const simulator = await startSimulator();
    const proxy = await startTcpProxy(simulator.url);
    let keys = 0;
    const h = await startSession(
      proxy.url,
      { reconnect: POLICY },
      () => `ek_outage_${++keys}`,
    );
    await turn(h, 1);
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, 1, 200)));
    await proxy.stop();
    await turn(h, 2);
    await turn(h, 3);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const during = names(h.events, 'reconnecting');
    expectOneLoop(during, keys, true);
    // 100+200+400+800×k ms: about 9 attempts in 6 s; a storm makes hundreds.
    expect(during.length).toBeLessThan(15);
    expect(names(h.events, 'reconnected')).toEqual([]);
    await proxy.start();
    await vi.waitFor(
      () => expect(names(h.events, 'reconnected')).toHaveLength(1),
      { timeout: 5000 },
    );
    await turn(h, 4);
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, 4, 200)), {
      timeout: 5000,
    });
    expectOneLoop(names(h.events, 'reconnecting'), keys);
    expect(h.errors).toEqual([]);
    expect(h.transport.status).toBe('connected');
  }, 20_000);

  it('runs one backoff loop while the host name does not resolve (ENOTFOUND), then reconnects', async () => {
    const simulator = await startSimulator();
    let host = '127.0.0.1';
    let keys = 0;
    const failures: string[] = [];
    const h = await startSession(
      simulator.url,
      {
        reconnect: POLICY,
        // The real `ws` client and the real resolver; `.invalid` never resolves, so nothing leaves the machine.
        createWebSocket: ({ url, apiKey }) => {
          const socket = new WebSocket(url.replace('127.0.0.1', host), {
            headers: { Authorization: `Bearer ${apiKey}` },
          });
          socket.on('error', (error) => failures.push(String(error)));
          return socket as never;
        },
      },
      () => `ek_dns_${++keys}`,
    );
    await turn(h, 1);
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, 1, 200)));
    host = 'transcription-outage.invalid';
    simulator.dropConnections();
    await turn(h, 2);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => /ENOTFOUND|EAI_AGAIN/.test(f))).toBe(true);
    expectOneLoop(names(h.events, 'reconnecting'), keys, true);
    host = '127.0.0.1';
    await vi.waitFor(
      () => expect(names(h.events, 'reconnected')).toHaveLength(1),
      { timeout: 5000 },
    );
    await turn(h, 3);
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, 3, 200)), {
      timeout: 5000,
    });
    expectOneLoop(names(h.events, 'reconnecting'), keys);
    expect(h.errors).toEqual([]);
  }, 20_000);

  it('runs one backoff loop while the handshake gets HTTP 503, then reconnects', async () => {
    const simulator = await startSimulator();
    const proxy = await startTcpProxy(simulator.url);
    let keys = 0;
    const h = await startSession(
      proxy.url,
      { reconnect: POLICY },
      () => `ek_503_${++keys}`,
    );
    await turn(h, 1);
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, 1, 200)));
    proxy.mode = { httpStatus: 503 };
    for (const connection of proxy.connections) connection.cut();
    await turn(h, 2);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const refused = proxy.connections.length - 1;
    const during = names(h.events, 'reconnecting');
    expectOneLoop(during, keys, true);
    // Every attempt reached the server once and got 503; the next one is waiting.
    expect(refused).toBe(during.length - 1);
    proxy.mode = 'forward';
    await vi.waitFor(
      () => expect(names(h.events, 'reconnected')).toHaveLength(1),
      { timeout: 5000 },
    );
    await turn(h, 3);
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, 3, 200)), {
      timeout: 5000,
    });
    expect(h.errors).toEqual([]);
  }, 20_000);
});

describe('a failed first connect()', () => {
  it('rejects and emits nothing else: no error, no reconnect (a program without an error listener survives)', async () => {
    const simulator = await startSimulator();
    const proxy = await startTcpProxy(simulator.url);
    await proxy.stop();
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      session: MANUAL,
    });
    const emitted: string[] = [];
    for (const name of ['error', 'reconnecting', 'reconnected'] as const)
      transport.on(name, () => emitted.push(name));
    // No session.on('error'): RealtimeSession's Node EventEmitter would throw an unhandled error.
    const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport,
    });
    await expect(
      session.connect({ apiKey: 'sk-test-key-0123', url: proxy.url }),
    ).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(emitted).toEqual([]);
    expect(transport.status).toBe('disconnected');
  });
});

describe('a server that accepts and closes at once', () => {
  it('counts each such connection as a failed attempt: backoff grows and the transport gives up per policy', async () => {
    // Configured at once (nothing to send), then closed before any audio is acknowledged.
    const server = await startScriptedServer({
      session: {
        type: 'transcription',
        id: 'sess_flaky',
        audio: {
          input: {
            format: { type: 'audio/pcm', rate: 24000 },
            transcription: { model: 'gpt-4o-mini-transcribe' },
            turn_detection: null,
          },
        },
      },
      onConnection: (ws, s) => {
        s.send({
          type: 'session.created',
          session: {
            type: 'transcription',
            id: 'sess_flaky',
            audio: {
              input: {
                format: { type: 'audio/pcm', rate: 24000 },
                transcription: { model: 'gpt-4o-mini-transcribe' },
                noise_reduction: null,
                turn_detection: null,
              },
            },
          },
        });
        setTimeout(() => ws.close(1011, 'overloaded'), 20);
      },
    });
    const policy = { ...POLICY, initialDelayMs: 20, maxAttempts: 4 };
    const h = await startSession(server.url, { reconnect: policy });
    await vi.waitFor(() => expect(h.errors).toHaveLength(1), {
      timeout: 5000,
    });
    const reconnecting = names(h.events, 'reconnecting');
    expect(reconnecting.map((e) => [e.attempt, e.delayMs])).toEqual([
      [1, 20],
      [2, 40],
      [3, 80],
      [4, 160],
    ]);
    expect(String((h.errors[0] as Error).message)).toMatch(
      /Gave up reconnecting after 4 attempts/,
    );
    expect(server.requests).toHaveLength(5);
    expect(h.transport.status).toBe('disconnected');
  });
});
