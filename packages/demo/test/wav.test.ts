import { describe, expect, it } from 'vitest';
import { floatToPcm16, rms } from '../src/audio/pcm.js';
import { decodeWav, SampleFramer } from '../src/audio/wav.js';
import { makeWav, peak, sine, zeroCrossingHz } from './support/audio.js';

// Drop the first and last 50 ms: resampler edges ramp in and out.
const middle = (samples: Int16Array) =>
  samples.subarray(1200, samples.length - 1200);

describe('decodeWav', () => {
  it.each([
    { rate: 8000, bitDepth: '8', label: '8 kHz unsigned 8-bit' },
    { rate: 16000, bitDepth: '16', label: '16 kHz 16-bit' },
    { rate: 22050, bitDepth: '24', label: '22.05 kHz 24-bit' },
    { rate: 24000, bitDepth: '16', label: '24 kHz 16-bit (no resampling)' },
    { rate: 44100, bitDepth: '32', label: '44.1 kHz 32-bit int' },
    { rate: 48000, bitDepth: '32f', label: '48 kHz float' },
    { rate: 96000, bitDepth: '64', label: '96 kHz 64-bit float' },
    { rate: 384000, bitDepth: '16', label: '384 kHz 16-bit' },
  ])(
    'converts $label to 24 kHz mono PCM16, keeping pitch, length and level',
    async ({ rate, bitDepth }) => {
      const seconds = 0.5;
      const { samples, layout } = await decodeWav(
        makeWav([sine(440, seconds, rate, 0.5)], rate, bitDepth),
      );
      expect(layout).toMatchObject({ sampleRate: rate, channels: 1 });
      expect(samples).toBeInstanceOf(Int16Array);
      expect(Math.abs(samples.length - seconds * 24_000)).toBeLessThanOrEqual(
        1,
      );
      expect(zeroCrossingHz(middle(samples), 24_000)).toBeCloseTo(440, -1); // within ±5 Hz
      expect(peak(middle(samples))).toBeGreaterThan(0.48);
      expect(peak(middle(samples))).toBeLessThan(0.52);
    },
  );

  it('averages stereo channels into mono', async () => {
    const left = sine(300, 0.25, 24_000, 0.6);
    const silent = new Float64Array(left.length);
    const { samples, layout } = await decodeWav(
      makeWav([left, silent], 24_000, '16'),
    );
    expect(layout.channels).toBe(2);
    expect(peak(samples)).toBeCloseTo(0.3, 2);
  });

  it('cancels opposite-phase channels, proving it mixes rather than picking one', async () => {
    const left = sine(300, 0.25, 44_100, 0.6);
    const right = left.map((value) => -value);
    const { samples } = await decodeWav(makeWav([left, right], 44_100, '16'));
    expect(rms(samples)).toBeLessThan(0.001);
  });

  it('mixes eight channels at 48 kHz', async () => {
    const channels = Array.from({ length: 8 }, () =>
      sine(1000, 0.5, 48_000, 0.3),
    );
    const { samples } = await decodeWav(makeWav(channels, 48_000, '24'));
    expect(samples.length).toBe(12_000);
    expect(zeroCrossingHz(middle(samples), 24_000)).toBeCloseTo(1000, -1);
  });

  it('removes content above 12 kHz when downsampling instead of folding it back', async () => {
    // 18 kHz at 48 kHz would alias to 6 kHz at 24 kHz without the low-pass filter.
    const { samples } = await decodeWav(
      makeWav([sine(18_000, 0.3, 48_000, 0.5)], 48_000, '16'),
    );
    expect(rms(middle(samples))).toBeLessThan(0.001);
  });

  it('counts NaN and infinite float samples as silence instead of spreading them', async () => {
    const values = sine(440, 0.2, 48_000, 0.5);
    values[100] = Number.NaN;
    values[200] = Number.POSITIVE_INFINITY;
    const { samples } = await decodeWav(makeWav([values], 48_000, '32f'));
    expect(peak(middle(samples))).toBeLessThan(0.52);
    expect(rms(middle(samples))).toBeGreaterThan(0.3);
  });
});

describe('SampleFramer', () => {
  it('cuts runs of any length into whole frames and keeps the tail for the end', () => {
    const framer = new SampleFramer(4);
    const out = [
      ...framer.push(Int16Array.from([1, 2, 3])),
      ...framer.push(Int16Array.from([4, 5, 6, 7, 8, 9])),
      ...framer.end(),
    ].map((frame) => Array.from(frame));
    expect(out).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });
});

describe('floatToPcm16', () => {
  it('clips overshoot and maps ±1 to the PCM16 extremes', () => {
    expect(Array.from(floatToPcm16([1, -1, 2, -2, 0]))).toEqual([
      32767, -32768, 32767, -32768, 0,
    ]);
  });
});
