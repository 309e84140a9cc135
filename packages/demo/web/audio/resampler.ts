/**
 * Streaming sample-rate conversion for the microphone worklet.
 *
 * The transcription endpoint takes PCM16 at exactly 24 kHz, but an `AudioContext` runs at the device rate
 * (usually 48 kHz, sometimes 44.1 kHz). Asking for `new AudioContext({ sampleRate: 24000 })` is not portable:
 * Firefox refuses to connect a microphone source to a context at another rate. So we convert here.
 *
 * Pure and allocation-free per call (buffers grow only when a block is larger than any seen before), so it can
 * run inside `AudioWorkletProcessor.process()` every 128 frames without feeding the garbage collector.
 */

/** Half-width of the interpolation kernel, in output-rate samples; 8 keeps aliasing low at modest cost. */
const KERNEL_HALF_WIDTH = 8;

/**
 * Converts a stream of float samples from `inputRate` to `outputRate` with a Hann-windowed sinc kernel.
 * When downsampling, the kernel's cutoff follows the output Nyquist frequency, so speech energy above
 * 12 kHz does not fold back as noise.
 */
export class StreamingResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Input samples per output sample. */
  readonly #step: number;
  /** Cutoff as a fraction of the input Nyquist frequency (1 = no low-pass). */
  readonly #cutoff: number;
  /** Kernel half-width in input samples. */
  readonly #halfWidth: number;
  /** Pending input; `#pending[0]` is absolute input sample `#base`. */
  #pending = new Float32Array(1024);
  #pendingLength = 0;
  #base = 0;
  /** Absolute input position (fractional) of the next output sample. */
  #position = 0;
  #output = new Float32Array(256);

  constructor(inputRate: number, outputRate: number) {
    if (!(inputRate > 0) || !(outputRate > 0)) {
      throw new RangeError(
        `StreamingResampler needs positive sample rates, got ${inputRate} → ${outputRate}`,
      );
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.#step = inputRate / outputRate;
    this.#cutoff = Math.min(1, outputRate / inputRate);
    this.#halfWidth = Math.ceil(KERNEL_HALF_WIDTH / this.#cutoff);
    // Start with half a kernel of silence so the first output sample has a full window behind it.
    this.#pendingLength = this.#halfWidth;
    this.#position = this.#halfWidth;
  }

  /**
   * Feeds `input` and returns the output samples that are now complete. The returned array is a view into an
   * internal buffer, valid only until the next call: copy it (or convert it) before calling again.
   */
  process(input: Float32Array): Float32Array {
    if (this.inputRate === this.outputRate) return input;
    this.#append(input);
    const end = this.#base + this.#pendingLength;
    const maxOut =
      Math.ceil((input.length + this.#halfWidth * 2) / this.#step) + 2;
    if (this.#output.length < maxOut)
      this.#output = new Float32Array(maxOut * 2);
    let produced = 0;
    // An output sample at position p needs input up to floor(p) + halfWidth.
    while (Math.floor(this.#position) + this.#halfWidth < end) {
      this.#output[produced++] = this.#interpolate(this.#position);
      this.#position += this.#step;
    }
    this.#discardBefore(Math.floor(this.#position) - this.#halfWidth + 1);
    return this.#output.subarray(0, produced);
  }

  #interpolate(position: number): number {
    const centre = Math.floor(position);
    const frac = position - centre;
    const h = this.#halfWidth;
    const fc = this.#cutoff;
    let sum = 0;
    let weight = 0;
    for (let k = -h + 1; k <= h; k++) {
      const x = k - frac; // distance from the output instant, in input samples
      const w = windowedSinc(x, fc, h);
      sum += w * this.#pending[centre + k - this.#base]!;
      weight += w;
    }
    // Normalising by the summed weights keeps DC gain at exactly 1 whatever the fractional phase.
    return weight === 0 ? 0 : sum / weight;
  }

  #append(input: Float32Array): void {
    const needed = this.#pendingLength + input.length;
    if (needed > this.#pending.length) {
      const grown = new Float32Array(
        Math.max(needed, this.#pending.length * 2),
      );
      grown.set(this.#pending.subarray(0, this.#pendingLength));
      this.#pending = grown;
    }
    this.#pending.set(input, this.#pendingLength);
    this.#pendingLength = needed;
  }

  #discardBefore(absolute: number): void {
    const drop = Math.min(
      Math.max(0, absolute - this.#base),
      this.#pendingLength,
    );
    if (drop === 0) return;
    this.#pending.copyWithin(0, drop, this.#pendingLength);
    this.#pendingLength -= drop;
    this.#base += drop;
  }
}

/** sinc low-pass at `cutoff` (fraction of Nyquist), Hann-windowed over ±`halfWidth` input samples. */
function windowedSinc(x: number, cutoff: number, halfWidth: number): number {
  if (Math.abs(x) >= halfWidth) return 0;
  const window = 0.5 + 0.5 * Math.cos((Math.PI * x) / halfWidth);
  if (x === 0) return cutoff * window;
  const arg = Math.PI * cutoff * x;
  return (cutoff * Math.sin(arg) * window) / arg;
}
