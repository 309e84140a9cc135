/**
 * Cuts a stream of float samples into fixed-size PCM16 frames.
 *
 * ~100 ms frames keep the WebSocket at ten small messages a second: small enough for low latency, large enough
 * that per-message overhead (JSON + base64 + framing) stays negligible.
 */

/** Samples per frame for 100 ms at 24 kHz, the rate the transcription endpoint requires. */
export const FRAME_SAMPLES_24K_100MS = 2400;

/** Collects samples into `Int16Array` frames of `frameSamples` and hands each full frame to `onFrame`. */
export class Pcm16Framer {
  readonly frameSamples: number;
  readonly #onFrame: (frame: Int16Array) => void;
  #frame: Int16Array;
  #filled = 0;

  /**
   * @param frameSamples samples per emitted frame
   * @param onFrame receives each full frame; the framer never touches it again, so it may be transferred
   */
  constructor(frameSamples: number, onFrame: (frame: Int16Array) => void) {
    if (!Number.isInteger(frameSamples) || frameSamples <= 0) {
      throw new RangeError(
        `frameSamples must be a positive integer, got ${frameSamples}`,
      );
    }
    this.frameSamples = frameSamples;
    this.#onFrame = onFrame;
    this.#frame = new Int16Array(frameSamples);
  }

  /** Appends float samples in [-1, 1] (values outside are clipped). */
  push(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i++) {
      this.#frame[this.#filled++] = floatToPcm16(samples[i]!);
      if (this.#filled === this.frameSamples) {
        const full = this.#frame;
        this.#frame = new Int16Array(this.frameSamples);
        this.#filled = 0;
        this.#onFrame(full);
      }
    }
  }

  /** Emits the partly filled frame, if any (used when the microphone stops, so the last words are kept). */
  flush(): void {
    if (this.#filled === 0) return;
    const partial = this.#frame.slice(0, this.#filled);
    this.#filled = 0;
    this.#onFrame(partial);
  }
}

/** One float sample in [-1, 1] → signed 16-bit, clipped; asymmetric scale so -1 → -32768 and 1 → 32767. */
export function floatToPcm16(sample: number): number {
  const s = sample > 1 ? 1 : sample < -1 ? -1 : sample;
  return s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
}
