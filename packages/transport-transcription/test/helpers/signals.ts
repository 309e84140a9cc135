/**
 * Synthetic audio for the turn-detector tests: tones, seeded noise, silence, PCM16 LE bytes and
 * G.711 encoding, all at a given sample rate. Float samples are in [-1, 1).
 */
import { seededRandom } from '../../src/testing/turns/order.js';

/** A segment of a test signal. */
export type Segment =
  | { kind: 'silence'; ms: number }
  | { kind: 'tone'; ms: number; dbfs: number; hz?: number }
  | { kind: 'noise'; ms: number; dbfs: number; seed?: number };

/** RMS amplitude for a level in dBFS (full scale = 1). */
export const dbfsToRms = (dbfs: number) => 10 ** (dbfs / 20);

/** Renders segments one after another into float samples. */
export function render(segments: Segment[], rate = 24_000): Float32Array {
  const total = segments.reduce(
    (n, s) => n + Math.round((s.ms * rate) / 1000),
    0,
  );
  const out = new Float32Array(total);
  let at = 0;
  for (const segment of segments) {
    const n = Math.round((segment.ms * rate) / 1000);
    if (segment.kind === 'tone') {
      // A sine's peak is √2 × its RMS.
      const amplitude = dbfsToRms(segment.dbfs) * Math.SQRT2;
      const hz = segment.hz ?? 440;
      for (let i = 0; i < n; i++)
        out[at + i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
    } else if (segment.kind === 'noise') {
      addWhiteNoise(
        out.subarray(at, at + n),
        dbfsToRms(segment.dbfs),
        segment.seed ?? 1,
      );
    }
    at += n;
  }
  return out;
}

/** Adds seeded Gaussian white noise of the given RMS, in place. */
export function addWhiteNoise(
  samples: Float32Array,
  rms: number,
  seed: number,
): void {
  const random = seededRandom(seed);
  for (let i = 0; i < samples.length; i += 2) {
    // Box–Muller: two independent normal values per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    samples[i] = (samples[i] ?? 0) + rms * r * Math.cos(theta);
    if (i + 1 < samples.length)
      samples[i + 1] = (samples[i + 1] ?? 0) + rms * r * Math.sin(theta);
  }
}

/** Float samples → PCM16 LE bytes (clipped). */
export function toPcm16Bytes(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(
      -32768,
      Math.min(32767, Math.round(samples[i]! * 32768)),
    );
    view.setInt16(i * 2, s, true);
  }
  return bytes;
}

/** Float samples → G.711 μ-law bytes (the classic biased-segment encoder). */
export function toMuLawBytes(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let s = Math.round(samples[i]! * 32768);
    const sign = s < 0 ? 0x80 : 0;
    s = Math.min(Math.abs(s), 32635) + 0x84;
    let exponent = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1)
      exponent--;
    const mantissa = (s >> (exponent + 3)) & 0x0f;
    out[i] = ~(sign | (exponent << 4) | mantissa) & 0xff;
  }
  return out;
}
