import { describe, expect, it } from 'vitest';
import { StreamingResampler } from '../src/audio/resample.js';
import { sine } from './support/audio.js';

/** Resamples `input` fed in chunks of `chunk` samples. */
function resample(input: Float64Array, rate: number, chunk = input.length) {
  const resampler = new StreamingResampler(rate);
  const parts: Float64Array[] = [];
  for (let i = 0; i < input.length; i += chunk)
    parts.push(resampler.push(input.subarray(i, i + chunk)));
  parts.push(resampler.end());
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Signal-to-error ratio in dB of `actual` against `expected`, away from the edges. */
function snrDb(actual: Float64Array, expected: Float64Array): number {
  let signal = 0;
  let error = 0;
  for (let i = 2400; i < expected.length - 2400; i++) {
    signal += expected[i]! ** 2;
    error += (actual[i]! - expected[i]!) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

function rmsOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 2400; i < values.length - 2400; i++) sum += values[i]! ** 2;
  return Math.sqrt(sum / (values.length - 4800));
}

describe('StreamingResampler', () => {
  it.each([8_000, 11_025, 16_000, 22_050, 44_100, 48_000, 96_000, 8_001])(
    'turns a speech-band tone at %i Hz into the same tone at 24 kHz (SNR over 60 dB)',
    (rate) => {
      for (const hz of [300, 1_000, 3_400]) {
        const out = resample(sine(hz, 1, rate, 0.5), rate);
        expect(out.length).toBe(24_000);
        expect(snrDb(out, sine(hz, 1, 24_000, 0.5))).toBeGreaterThan(60);
      }
    },
  );

  it('keeps the passband flat up to 10.2 kHz when downsampling (within 0.1 dB)', () => {
    const out = resample(sine(10_200, 1, 48_000, 0.5), 48_000);
    const gainDb = 20 * Math.log10(rmsOf(out) / (0.5 / Math.SQRT2));
    expect(Math.abs(gainDb)).toBeLessThan(0.1);
  });

  it.each([
    [48_000, 13_800],
    [48_000, 20_000],
    [44_100, 14_000],
    [384_000, 100_000],
  ])(
    'attenuates what would alias (%i Hz input, %i Hz tone) by over 60 dB',
    (rate, hz) => {
      const out = resample(sine(hz, 1, rate, 0.5), rate);
      expect(20 * Math.log10(rmsOf(out) / (0.5 / Math.SQRT2))).toBeLessThan(
        -60,
      );
    },
  );

  it('gives the same samples whatever the chunk sizes', () => {
    const input = sine(440, 0.5, 44_100, 0.5);
    const whole = resample(input, 44_100);
    for (const chunk of [1, 7, 441, 10_000])
      expect(resample(input, 44_100, chunk)).toEqual(whole);
  });

  it('keeps only the samples its kernel still needs, whatever the length of the stream', () => {
    const resampler = new StreamingResampler(48_000);
    const chunk = sine(440, 0.1, 48_000, 0.5);
    let produced = 0;
    for (let i = 0; i < 600; i++) produced += resampler.push(chunk).length;
    produced += resampler.end().length;
    expect(produced).toBe(60 * 24_000);
    expect(resampler.bufferedSamples).toBeLessThan(chunk.length + 100);
  });

  it('passes 24 kHz through unchanged', () => {
    const input = sine(440, 0.1, 24_000, 0.5);
    expect(resample(input, 24_000)).toEqual(input);
  });
});
