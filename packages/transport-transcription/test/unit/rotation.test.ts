import { describe, expect, it } from 'vitest';
import {
  MAX_PLAUSIBLE_LIFETIME_MS,
  rotationDelay,
} from '../../src/reliability/rotation.js';

describe('rotationDelay', () => {
  const now = 1_800_000_000_000;
  const inS = (ms: number) => (now + ms) / 1000;
  it.each([
    ['an hour ahead: lead before expiry', inS(3_600_000), 300_000, 3_300_000],
    ['a short session: half-way', inS(4_000), 2_500, 2_000],
    ['under 1 s left: never', inS(500), 300_000, undefined],
    ['in the past: never', inS(-60_000), 300_000, undefined],
    [
      'beyond the plausible lifetime: never',
      inS(MAX_PLAUSIBLE_LIFETIME_MS + 1000),
      300_000,
      undefined,
    ],
    [
      '30 days ahead: never (no setTimeout overflow)',
      inS(30 * 86_400_000),
      300_000,
      undefined,
    ],
    ['no expiry: never', undefined, 300_000, undefined],
    ['rotation off: never', inS(3_600_000), 0, undefined],
    ['NaN: never', Number.NaN, 300_000, undefined],
  ])('%s', (_, expiresAt, lead, expected) => {
    expect(rotationDelay(expiresAt, lead, now)).toBe(expected);
  });
});
