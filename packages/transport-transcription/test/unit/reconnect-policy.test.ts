import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clampDelay,
  MAX_TIMER_MS,
  reconnectPolicy,
} from '../../src/reliability/reconnect-policy.js';

describe('reconnectPolicy', () => {
  it('grows exponentially up to maxDelayMs without jitter', () => {
    const policy = reconnectPolicy({
      initialDelayMs: 100,
      maxDelayMs: 1000,
      jitter: 0,
    });
    expect([1, 2, 3, 4, 5, 6].map((n) => policy.delayMs(n))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(policy.maxAttempts).toBe(15);
  });

  it('keeps trying for at least a minute of outage by default, even with the most jitter', () => {
    const policy = reconnectPolicy({}, () => 1);
    let total = 0;
    for (let n = 1; n <= policy.maxAttempts; n++) total += policy.delayMs(n);
    expect(total).toBeGreaterThanOrEqual(60_000);
  });

  it('clamps delays to what setTimeout honours', () => {
    expect(clampDelay(2 ** 40)).toBe(MAX_TIMER_MS);
    expect(clampDelay(-5)).toBe(0);
    expect(clampDelay(Number.NaN)).toBe(0);
    expect(clampDelay(1234)).toBe(1234);
  });

  it('draws every delay from [d × (1 − jitter), d]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (attempt, r) => {
          const d = Math.min(15_000, 250 * 2 ** (attempt - 1));
          const delay = reconnectPolicy({}, () => r).delayMs(attempt);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(d * 0.5));
          expect(delay).toBeLessThanOrEqual(d);
        },
      ),
    );
  });

  it('names the option that is out of range', () => {
    expect(() => reconnectPolicy({ jitter: 2 })).toThrow(/reconnect\.jitter/);
    expect(() => reconnectPolicy({ maxDelayMs: 1, initialDelayMs: 5 })).toThrow(
      /reconnect\.maxDelayMs/,
    );
    expect(() => reconnectPolicy({ factor: 0.5 })).toThrow(/reconnect\.factor/);
  });
});
