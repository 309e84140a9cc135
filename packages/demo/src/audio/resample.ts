/**
 * Channel, bit-depth and sample-rate conversion to 24 kHz mono float, using wavefile's sinc resampler
 * (the conventions pick wavefile 11 so the demo needs no native code).
 */
import wavefile from 'wavefile';
import { SAMPLE_RATE } from './pcm.js';

// wavefile ships CommonJS with a default export only; Node's ESM loader cannot see its named exports.
const { WaveFile } = wavefile;

/** Averages channels into one. Averaging (not summing) keeps full-scale input from clipping. */
export function downmix(channels: readonly Float64Array[]): Float64Array {
  const first = channels[0];
  if (!first) return new Float64Array(0);
  if (channels.length === 1) return first;
  const out = new Float64Array(first.length);
  for (const channel of channels) {
    for (let i = 0; i < out.length; i++) out[i]! += channel[i] ?? 0;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= channels.length;
  return out;
}

/**
 * Resamples mono float samples from `fromRate` to 24 kHz with a windowed-sinc filter. A low-pass filter is
 * applied when downsampling so content above 12 kHz does not fold back as audible aliasing.
 */
export function resampleTo24k(
  samples: Float64Array,
  fromRate: number,
): Float64Array {
  if (fromRate === SAMPLE_RATE || samples.length === 0) return samples;
  const wav = new WaveFile();
  wav.fromScratch(1, fromRate, '32f', samples);
  wav.toSampleRate(SAMPLE_RATE, {
    method: 'sinc',
    LPF: fromRate > SAMPLE_RATE,
  });
  return wav.getSamples(false, Float64Array) as unknown as Float64Array;
}
