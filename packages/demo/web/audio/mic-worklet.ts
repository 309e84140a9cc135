/**
 * AudioWorklet processor: microphone audio → 24 kHz mono PCM16 frames of ~100 ms, posted to the main thread.
 *
 * Runs on the audio rendering thread, so the main thread never touches raw samples; it only receives ready
 * frames (their buffers are transferred, not copied). Bundled on its own as an IIFE, because a worklet is
 * loaded by URL through `audioWorklet.addModule()` and cannot share the page bundle.
 *
 * Messages: out → `Int16Array` frames; in → `'flush'` (emit the partial frame, e.g. on stop).
 */
import { FLUSH_MESSAGE, MIC_PROCESSOR_NAME } from './mic-protocol.js';
import { FRAME_SAMPLES_24K_100MS, Pcm16Framer } from './pcm16-framer.js';
import { StreamingResampler } from './resampler.js';

// Globals of the AudioWorkletGlobalScope; TypeScript's DOM lib does not describe that scope.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new (options?: unknown) => AudioWorkletProcessor,
): void;

const TARGET_RATE = 24_000;

class MicPcm16Processor extends AudioWorkletProcessor {
  readonly #resampler = new StreamingResampler(sampleRate, TARGET_RATE);
  readonly #framer = new Pcm16Framer(FRAME_SAMPLES_24K_100MS, (frame) =>
    this.port.postMessage(frame, [frame.buffer]),
  );

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent) => {
      if (event.data === FLUSH_MESSAGE) this.#framer.flush();
    };
  }

  /** Called every render quantum (128 frames). The node is configured for one channel, so the browser downmixes. */
  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel && channel.length > 0)
      this.#framer.push(this.#resampler.process(channel));
    // true keeps the processor alive even while the input is momentarily silent/disconnected.
    return true;
  }
}

registerProcessor(MIC_PROCESSOR_NAME, MicPcm16Processor);
