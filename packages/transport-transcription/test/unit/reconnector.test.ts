import { afterEach, describe, expect, it, vi } from 'vitest';
import { TranscriptionTransportError } from '../../src/errors.js';
import { reconnectPolicy } from '../../src/reliability/reconnect-policy.js';
import { Reconnector } from '../../src/reliability/reconnector.js';

afterEach(() => vi.useRealTimers());

const lost = new TranscriptionTransportError('CONNECTION_LOST', 'gone');

function loop(open: () => Promise<object | undefined>, maxAttempts = 3) {
  const log: string[] = [];
  const reconnector = new Reconnector(
    reconnectPolicy({ initialDelayMs: 100, jitter: 0, maxAttempts }),
    {
      open,
      reconnecting: (e) => log.push(`reconnecting ${e.attempt} ${e.delayMs}`),
      reconnected: (_, attempt) => log.push(`reconnected ${attempt}`),
      giveUp: (error) => log.push(`gave up: ${error.message}`),
    },
  );
  return { reconnector, log };
}

describe('Reconnector', () => {
  it('ignores further losses while its loop runs (one error+close pair, one loop)', async () => {
    vi.useFakeTimers();
    const { reconnector, log } = loop(async () => ({}));
    reconnector.lost(lost);
    reconnector.lost(lost);
    expect(log).toEqual(['reconnecting 1 100']);
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['reconnecting 1 100', 'reconnected 1']);
  });

  it('counts attempts until a connection proves healthy, and gives up per policy', async () => {
    vi.useFakeTimers();
    const { reconnector, log } = loop(async () => ({}), 2);
    reconnector.lost(lost);
    await vi.advanceTimersByTimeAsync(100);
    reconnector.lost(lost); // the reconnected socket closed at once
    await vi.advanceTimersByTimeAsync(200);
    reconnector.lost(lost);
    expect(log).toEqual([
      'reconnecting 1 100',
      'reconnected 1',
      'reconnecting 2 200',
      'reconnected 2',
      'gave up: Gave up reconnecting after 2 attempts: gone',
    ]);
    reconnector.healthy();
    reconnector.lost(lost);
    expect(log.at(-1)).toBe('reconnecting 1 100');
  });

  it('schedules the next attempt from a failed one, and stops at a final error', async () => {
    vi.useFakeTimers();
    const failures = [
      new TranscriptionTransportError('CONNECT_FAILED', 'refused'),
      new TranscriptionTransportError('AUTH_FAILED', 'bad key'),
    ];
    const { reconnector, log } = loop(async () => {
      throw failures.shift();
    }, 5);
    reconnector.lost(lost);
    await vi.advanceTimersByTimeAsync(100 + 200);
    expect(log).toEqual([
      'reconnecting 1 100',
      'reconnecting 2 200',
      'gave up: bad key',
    ]);
    expect(reconnector.running).toBe(false);
  });

  it('drops an attempt that settles after cancel()', async () => {
    vi.useFakeTimers();
    let finish: (value: object) => void = () => {};
    const { reconnector, log } = loop(
      () => new Promise((resolve) => (finish = resolve)),
    );
    reconnector.lost(lost);
    await vi.advanceTimersByTimeAsync(100);
    reconnector.cancel();
    finish({});
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['reconnecting 1 100']);
  });
});
