import { describe, expect, it } from 'vitest';
import {
  createPeakGateDetector,
  FixedLengthTurnDetector,
  peakGateFactory,
  turnsOf,
} from '../../examples/custom-turn-detector.js';
import { render, toPcm16Bytes } from '../helpers/signals.js';

// Tones whose peak is 0.2 (above the 0.1 gate) and 0.05 (below it), in silence.
const audio = toPcm16Bytes(
  render([
    { kind: 'silence', ms: 600 },
    { kind: 'tone', ms: 800, dbfs: -17 },
    { kind: 'silence', ms: 700 },
    { kind: 'tone', ms: 800, dbfs: -29 },
    { kind: 'silence', ms: 700 },
    { kind: 'tone', ms: 500, dbfs: -17 },
    { kind: 'silence', ms: 600 },
  ]),
);

describe('examples/custom-turn-detector', () => {
  it('the peak-gate rule finds the loud tones and ignores the one under its gate', () => {
    const turns = turnsOf(
      createPeakGateDetector(0.1, { prefixPaddingMs: 0 }),
      audio,
    );
    expect(turns.map((t) => [t.startMs, t.endMs])).toEqual([
      [600, 1400],
      [3600, 4100],
    ]);
  });

  it('the factory makes a fresh detector per stream with its own settings', () => {
    const a = peakGateFactory('audio/pcm');
    const b = peakGateFactory('audio/pcm');
    expect(a).not.toBe(b);
    const turns = turnsOf(a, audio);
    // 300 ms of default prefix padding, and the commit 400 ms (its silenceDurationMs) after the speech.
    expect(turns[0]).toEqual({ startMs: 300, endMs: 1400, commitAtMs: 1800 });
  });

  it('the fixed-length detector cuts a turn every turnMs, mid-chunk included, and flushes the rest', () => {
    const turns = turnsOf(new FixedLengthTurnDetector(1500), audio);
    expect(turns.map((t) => [t.startMs, t.endMs, t.commitAtMs])).toEqual([
      [0, 1500, 1500],
      [1500, 3000, 3000],
      [3000, 4500, 4500],
      [4500, 4700, 4700],
    ]);
    expect(() => new FixedLengthTurnDetector(50)).toThrow(RangeError);
  });
});
