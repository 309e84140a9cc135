/**
 * The one audio format the transport takes: PCM16 little-endian, 24 kHz, mono. Constants and the small
 * pure conversions every audio module shares.
 */

export const SAMPLE_RATE = 24_000;
/** The CLI sends 100 ms frames: small enough for smooth pacing, large enough to keep event overhead low. */
export const FRAME_MS = 100;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

/** Duration in ms of `samples` mono samples at 24 kHz. */
export function samplesToMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE;
}

/** Number of 24 kHz samples in `ms` milliseconds (rounded down to whole samples). */
export function msToSamples(ms: number): number {
  return Math.floor((ms * SAMPLE_RATE) / 1000);
}

/** Float samples (nominally -1..1) to PCM16, clipping instead of wrapping around on overshoot. */
export function floatToPcm16(samples: ArrayLike<number>): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = Math.max(-1, Math.min(1, samples[i] ?? 0));
    // Asymmetric scale so -1 maps to -32768 and +1 to 32767 exactly.
    out[i] = value < 0 ? Math.round(value * 32768) : Math.round(value * 32767);
  }
  return out;
}

/** Root mean square of PCM16 samples as a fraction of full scale (0..1). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length) / 32768;
}

/** A fresh `ArrayBuffer` holding exactly these samples (a view's buffer may be larger than the view). */
export function toArrayBuffer(samples: Int16Array): ArrayBuffer {
  const copy = new Int16Array(samples.length);
  copy.set(samples);
  return copy.buffer;
}
