import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floatToPcm16, rms } from '../src/audio/pcm.js';
import { downmix, resampleTo24k } from '../src/audio/resample.js';
import { openFile } from '../src/audio/source.js';
import { decodeWav, looksLikeWav } from '../src/audio/wav.js';
import { CliError } from '../src/errors.js';
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
    { rate: 8000, bitDepth: '8a', label: '8 kHz A-law' },
    { rate: 8000, bitDepth: '8m', label: '8 kHz µ-law' },
  ])(
    'converts $label to 24 kHz mono PCM16, keeping pitch, length and level',
    ({ rate, bitDepth }) => {
      const seconds = 0.5;
      const { samples, info } = decodeWav(
        makeWav([sine(440, seconds, rate, 0.5)], rate, bitDepth),
      );
      expect(info).toEqual({ sampleRate: rate, channels: 1, bitDepth });
      expect(samples).toBeInstanceOf(Int16Array);
      expect(Math.abs(samples.length - seconds * 24_000)).toBeLessThanOrEqual(
        2,
      );
      expect(zeroCrossingHz(middle(samples), 24_000)).toBeCloseTo(440, -1); // within ±5 Hz
      expect(peak(middle(samples))).toBeGreaterThan(0.45);
      expect(peak(middle(samples))).toBeLessThan(0.56);
    },
  );

  it('averages stereo channels into mono', () => {
    const left = sine(300, 0.25, 24_000, 0.6);
    const silent = new Float64Array(left.length);
    const { samples, info } = decodeWav(makeWav([left, silent], 24_000, '16'));
    expect(info.channels).toBe(2);
    expect(peak(samples)).toBeCloseTo(0.3, 2);
  });

  it('cancels opposite-phase channels, proving it mixes rather than picking one', () => {
    const left = sine(300, 0.25, 44_100, 0.6);
    const right = left.map((value) => -value);
    const { samples } = decodeWav(makeWav([left, right], 44_100, '16'));
    expect(rms(samples)).toBeLessThan(0.001);
  });

  it('mixes six channels at 48 kHz', () => {
    const channels = Array.from({ length: 6 }, () =>
      sine(1000, 0.2, 48_000, 0.3),
    );
    const { samples } = decodeWav(makeWav(channels, 48_000, '24'));
    expect(samples.length).toBe(4800);
    expect(zeroCrossingHz(middle(samples), 24_000)).toBeCloseTo(1000, -1);
  });

  it('removes content above 12 kHz when downsampling instead of folding it back', () => {
    // 18 kHz at 48 kHz would alias to 6 kHz at 24 kHz without the low-pass filter.
    const { samples } = decodeWav(
      makeWav([sine(18_000, 0.3, 48_000, 0.5)], 48_000, '16'),
    );
    expect(rms(middle(samples))).toBeLessThan(0.05);
  });

  it('throws on a RIFF header with no fmt chunk', () => {
    const bytes = new Uint8Array(64);
    bytes.set(new TextEncoder().encode('RIFF'), 0);
    bytes.set(new TextEncoder().encode('WAVE'), 8);
    expect(looksLikeWav(bytes)).toBe(true);
    expect(() => decodeWav(bytes)).toThrow();
  });
});

describe('resampling and conversion helpers', () => {
  it('downmix returns a single channel untouched', () => {
    const only = new Float64Array([0.1, 0.2]);
    expect(downmix([only])).toBe(only);
  });

  it('resampleTo24k doubles the length from 12 kHz', () => {
    expect(resampleTo24k(sine(100, 1, 12_000), 12_000).length).toBe(24_000);
  });

  it('floatToPcm16 clips overshoot and maps ±1 to the PCM16 extremes', () => {
    expect(Array.from(floatToPcm16([1, -1, 2, -2, 0]))).toEqual([
      32767, -32768, 32767, -32768, 0,
    ]);
  });
});

describe('openFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-audio-'));

  it('decodes a WAV whatever its extension says', async () => {
    const path = join(dir, 'tone.bin');
    writeFileSync(path, makeWav([sine(440, 1, 16_000)], 16_000, '16'));
    const source = await openFile(path);
    expect(source.durationMs).toBeCloseTo(1000, 0);
    let frames = 0;
    for await (const frame of source.frames) {
      expect(frame.length).toBe(2400);
      frames++;
    }
    expect(frames).toBe(10);
  });

  it('stops yielding frames once stopped', async () => {
    const path = join(dir, 'long.wav');
    writeFileSync(path, makeWav([sine(440, 2, 24_000)], 24_000, '16'));
    const source = await openFile(path);
    let frames = 0;
    for await (const _frame of source.frames) {
      if (++frames === 3) source.stop();
    }
    expect(frames).toBe(3);
  });

  it('names a missing file', async () => {
    await expect(openFile(join(dir, 'nope.wav'), 'nope.wav')).rejects.toThrow(
      new CliError('cannot read nope.wav: no such file'),
    );
  });

  it('names an empty file', async () => {
    const path = join(dir, 'empty.wav');
    writeFileSync(path, '');
    await expect(openFile(path, 'empty.wav')).rejects.toThrow(
      'empty.wav is empty',
    );
  });
});
