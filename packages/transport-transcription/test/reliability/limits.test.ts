import { describe, expect, it, vi } from 'vitest';
import { level, startSession, startSimulator } from './helpers.js';

const names = (events: Array<[string, any]>, name: string) =>
  events.filter(([n]) => n === name).map(([, e]) => e);

describe('reliability limits', () => {
  it('marks items whose audio no longer fits the replay buffer incomplete with CONNECTION_LOST, and warns once', async () => {
    const simulator = await startSimulator({
      completionDelayMs: (turn) => (turn.connectionId === 1 ? 60_000 : 5),
    });
    const h = await startSession(simulator.url, { replayBufferMs: 500 });
    h.session.sendAudio(level(1, 200), { commit: true });
    h.session.sendAudio(level(2, 200), { commit: true });
    h.session.sendAudio(level(3, 300)); // 700 ms kept > 500: turn 1's audio is dropped
    await vi.waitFor(() => expect(h.history()).toHaveLength(2));
    expect(names(h.events, 'warning').map((w) => w.field)).toEqual([
      'replayBufferMs',
    ]);
    expect(h.transport.reliability.droppedMs).toBe(200);
    simulator.dropConnections();
    await vi.waitFor(() =>
      expect(names(h.events, 'reconnected')).toHaveLength(1),
    );
    h.session.sendAudio(level(3, 100), { commit: true });
    await vi.waitFor(() =>
      expect(h.history()).toEqual([
        ['incomplete', null],
        ['completed', 't2:200'],
        ['completed', 't3:400'],
      ]),
    );
    const failed = names(h.events, 'transcript_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].error.code).toBe('CONNECTION_LOST');
    expect(failed[0].error.message).toMatch(/replayBufferMs/);
  });

  it('does not warn about silence dropped from the uncommitted tail while connected', async () => {
    const simulator = await startSimulator();
    const h = await startSession(simulator.url, { replayBufferMs: 300 });
    for (let i = 0; i < 10; i++) h.session.sendAudio(level(0, 100));
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(['t1:1200']));
    expect(names(h.events, 'warning')).toEqual([]);
    expect(h.transport.reliability.droppedMs).toBe(0);
  });

  it('with reconnect: false, a drop ends the session with CONNECTION_LOST as before', async () => {
    const simulator = await startSimulator({ completionDelayMs: 60_000 });
    const h = await startSession(simulator.url, { reconnect: false });
    h.session.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() =>
      expect(h.history()).toEqual([['in_progress', null]]),
    );
    simulator.dropConnections();
    await vi.waitFor(() => expect(h.transport.status).toBe('disconnected'));
    expect(h.history()).toEqual([['incomplete', null]]);
    expect(h.errors.at(-1)).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(simulator.connections).toHaveLength(1);
  });

  it('close() while reconnecting stops further attempts', async () => {
    const simulator = await startSimulator();
    const h = await startSession(simulator.url, {
      reconnect: { initialDelayMs: 40, maxDelayMs: 40, jitter: 0 },
    });
    await simulator.close();
    await vi.waitFor(() =>
      expect(names(h.events, 'reconnecting').length).toBeGreaterThanOrEqual(1),
    );
    h.session.sendAudio(level(1, 100)); // accepted while reconnecting
    h.transport.close();
    const attempts = names(h.events, 'reconnecting').length;
    // Proving that nothing more happens needs a wait longer than the (fixed, jitter-free) retry delay.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(names(h.events, 'reconnecting')).toHaveLength(attempts);
    expect(h.transport.status).toBe('disconnected');
    expect(() => h.session.sendAudio(level(1, 100))).toThrow(
      /connected session/,
    );
  });
});
