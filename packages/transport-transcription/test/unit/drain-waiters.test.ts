import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/connection/connection.js';
import { DrainWaiters } from '../../src/history/drain-waiters.js';

/** The state a waiter reads, changed by the test between checks (the facade reads the real objects). */
function session() {
  const writer = { sent: 0, commits: [] as number[] };
  const state = {
    accepting: true,
    connected: true,
    end: 0,
    pending: 0,
    writer,
  };
  const drains = new DrainWaiters({
    accepting: () => state.accepting,
    current: () =>
      state.connected ? ({ writer } as unknown as Connection) : undefined,
    end: () => state.end,
    pending: () => state.pending,
  });
  return { state, drains };
}

describe('DrainWaiters', () => {
  it('resolves true at once when nothing is pending and all audio was written', async () => {
    const { drains } = session();
    await expect(drains.wait(10_000)).resolves.toBe(true);
  });

  it('resolves true only at the check after the last turn settled, the audio was written and every commit answered', async () => {
    const { state, drains } = session();
    state.end = 4800;
    state.pending = 1;
    state.writer.commits.push(4800);
    let result: boolean | undefined;
    void drains.wait(10_000).then((done) => (result = done));
    state.writer.sent = 4800;
    drains.check();
    state.writer.commits.length = 0;
    drains.check();
    await Promise.resolve();
    expect(result).toBeUndefined(); // a turn still waits for its final
    state.pending = 0;
    await Promise.resolve();
    expect(result).toBeUndefined(); // nobody checked yet: no polling
    drains.check();
    await Promise.resolve();
    expect(result).toBe(true);
  });

  it('resolves false when the session ends first, and false after the timeout', async () => {
    const ended = session();
    ended.state.pending = 1;
    const first = ended.drains.wait(10_000);
    ended.state.accepting = false;
    ended.drains.check();
    await expect(first).resolves.toBe(false);

    const slow = session();
    slow.state.pending = 1;
    await expect(slow.drains.wait(20)).resolves.toBe(false);
  });

  it('is not drained while reconnecting (no current connection), even with nothing pending', async () => {
    const { state, drains } = session();
    state.connected = false;
    await expect(drains.wait(20)).resolves.toBe(false);
  });

  it('names the commits the server never answered, singular and plural, and nothing when all were', () => {
    const { state, drains } = session();
    expect(drains.unanswered()).toBeUndefined();
    state.writer.commits.push(100);
    const one = drains.unanswered();
    expect(one?.code).toBe('TRANSCRIPTION_TIMEOUT');
    expect(one?.message).toContain(
      '1 committed turn the server never acknowledged was given up',
    );
    state.writer.commits.push(200);
    expect(drains.unanswered()?.message).toContain(
      '2 committed turns the server never acknowledged were given up',
    );
    state.connected = false;
    expect(drains.unanswered()).toBeUndefined();
  });
});
