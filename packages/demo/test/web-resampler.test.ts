import { describe, expect, it } from 'vitest';
import { StreamingResampler } from '../web/audio/resampler.js';

/** A sine of `hz` at `rate`, `seconds` long. */
function sine(
  hz: number,
  rate: number,
  seconds: number,
  amplitude = 0.5,
): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

/** Feeds `input` in worklet-sized blocks of 128 and concatenates the output. */
function resampleInBlocks(
  resampler: StreamingResampler,
  input: Float32Array,
): Float32Array {
  const chunks: number[] = [];
  for (let i = 0; i < input.length; i += 128) {
    chunks.push(...resampler.process(input.subarray(i, i + 128)));
  }
  return Float32Array.from(chunks);
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

describe('StreamingResampler', () => {
  it.each([48_000, 44_100, 16_000, 96_000])(
    'turns %i Hz into 24 kHz at the right length, block by block',
    (rate) => {
      const output = resampleInBlocks(
        new StreamingResampler(rate, 24_000),
        sine(440, rate, 1),
      );
      // Latency is half a kernel, so the output is short of one second by at most that.
      expect(output.length).toBeGreaterThan(24_000 - 40);
      expect(output.length).toBeLessThanOrEqual(24_000);
    },
  );

  it('keeps a speech-band tone at its level when downsampling 48 kHz → 24 kHz', () => {
    const output = resampleInBlocks(
      new StreamingResampler(48_000, 24_000),
      sine(1000, 48_000, 1),
    );
    const steady = output.subarray(1000, 23_000);
    expect(rms(steady)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('keeps the tone at its frequency (zero crossings of 1 kHz at 24 kHz)', () => {
    const output = resampleInBlocks(
      new StreamingResampler(44_100, 24_000),
      sine(1000, 44_100, 1),
    );
    const steady = output.subarray(1000, 1000 + 24_000 / 2); // half a second
    let crossings = 0;
    for (let i = 1; i < steady.length; i++) {
      if (steady[i - 1]! < 0 !== steady[i]! < 0) crossings++;
    }
    expect(crossings).toBeGreaterThanOrEqual(999);
    expect(crossings).toBeLessThanOrEqual(1001);
  });

  it('suppresses content above the new Nyquist frequency instead of folding it into speech', () => {
    // 18 kHz at 48 kHz would alias to 6 kHz at 24 kHz without the low-pass.
    const output = resampleInBlocks(
      new StreamingResampler(48_000, 24_000),
      sine(18_000, 48_000, 1),
    );
    expect(rms(output.subarray(1000, 23_000))).toBeLessThan(0.02);
  });

  it('passes audio through untouched when the rates already match', () => {
    const input = sine(440, 24_000, 0.01);
    expect(new StreamingResampler(24_000, 24_000).process(input)).toBe(input);
  });

  it('refuses rates that are not positive', () => {
    expect(() => new StreamingResampler(0, 24_000)).toThrow(RangeError);
    expect(() => new StreamingResampler(48_000, Number.NaN)).toThrow(
      /positive sample rates/,
    );
  });
});
