/**
 * Re-chunks a byte stream of PCM16 into whole 100 ms frames. Pipes and subprocesses deliver arbitrary
 * chunk sizes, including odd byte counts that split a sample in two; the transport takes whole samples only.
 */
import { FRAME_SAMPLES } from './pcm.js';

/** Yields `Int16Array` frames of exactly `frameSamples` samples, then one shorter tail frame if any. */
export async function* frameBytes(
  chunks: AsyncIterable<Uint8Array>,
  frameSamples = FRAME_SAMPLES,
): AsyncGenerator<Int16Array> {
  const frameBytes = frameSamples * 2;
  let pending = new Uint8Array(0);
  for await (const chunk of chunks) {
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    let offset = 0;
    while (joined.length - offset >= frameBytes) {
      yield pcm16FromBytes(joined.subarray(offset, offset + frameBytes));
      offset += frameBytes;
    }
    pending = joined.slice(offset);
  }
  // A trailing odd byte is half a sample: drop it rather than invent the other half.
  const whole = pending.length - (pending.length % 2);
  if (whole > 0) yield pcm16FromBytes(pending.subarray(0, whole));
}

/** Splits decoded samples into frames (the last one may be shorter). */
export function* frameSamples(
  samples: Int16Array,
  size = FRAME_SAMPLES,
): Generator<Int16Array> {
  for (let offset = 0; offset < samples.length; offset += size) {
    yield samples.subarray(offset, Math.min(offset + size, samples.length));
  }
}

// Copies into an aligned buffer: an Int16Array view needs an even byte offset, and PCM16 on the wire is
// little-endian, which is what every platform Node runs on uses natively.
function pcm16FromBytes(bytes: Uint8Array): Int16Array {
  const copy = new Uint8Array(bytes);
  return new Int16Array(copy.buffer, 0, copy.length / 2);
}
