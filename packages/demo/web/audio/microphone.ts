/**
 * Opens the microphone and turns it into 24 kHz PCM16 frames through the `mic-worklet` processor.
 *
 * Everything that needs a user gesture or a permission happens here, so the caller can tell a permission
 * problem (thrown from `openMicrophone`) from a network problem (later steps).
 */
import {
  FLUSH_MESSAGE,
  MIC_PROCESSOR_NAME,
  MIC_WORKLET_PATH,
} from './mic-protocol.js';

/** A running microphone capture. */
export interface Microphone {
  /** The `AudioContext` rate the worklet resamples from (for display). */
  readonly inputRate: number;
  /** Stops capture: flushes the last partial frame to the frame handler, releases the device, closes the context. */
  stop(): Promise<void>;
}

/**
 * Asks for the microphone and starts producing frames. Rejects with the browser's own `DOMException`
 * (`NotAllowedError`, `NotFoundError`, `NotReadableError`, …) so that the caller can explain it in plain words.
 *
 * @param onFrame receives each ~100 ms frame of 24 kHz mono PCM16
 */
export async function openMicrophone(
  onFrame: (frame: Int16Array) => void,
): Promise<Microphone> {
  if (!navigator.mediaDevices?.getUserMedia) {
    // Only secure contexts (https, or http on localhost/127.0.0.1) get `mediaDevices`.
    throw new DOMException(
      'navigator.mediaDevices is not available',
      'NotSupportedError',
    );
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
  });
  let context: AudioContext | undefined;
  try {
    context = new AudioContext();
    // A context created outside a gesture starts suspended; we are inside the Start click, but be explicit.
    await context.resume();
    await context.audioWorklet.addModule(MIC_WORKLET_PATH);
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, MIC_PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      // One explicit channel: the browser downmixes stereo microphones for us.
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
    });
    node.port.onmessage = (event: MessageEvent<Int16Array>) =>
      onFrame(event.data);
    source.connect(node);
    const ctx = context;
    return {
      inputRate: ctx.sampleRate,
      async stop() {
        node.port.postMessage(FLUSH_MESSAGE);
        source.disconnect();
        for (const track of stream.getTracks()) track.stop();
        // Give the flush message a moment to come back before the context (and its port) goes away.
        await new Promise((resolve) => setTimeout(resolve, 30));
        node.port.onmessage = null;
        await ctx.close();
      },
    };
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context?.close().catch(() => undefined);
    throw error;
  }
}
