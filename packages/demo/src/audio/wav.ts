/**
 * WAV decoding in streaming chunks: the data chunk is read a few hundred KiB at a time, each chunk mixed to
 * mono, resampled to 24 kHz and cut into 100 ms PCM16 frames. Memory stays flat however long the file is.
 */
import { FRAME_SAMPLES, floatToPcm16 } from './pcm.js';
import { StreamingResampler } from './resample.js';
import {
  readWavLayout,
  type ByteReader,
  type WavLayout,
} from './wav-header.js';

export { looksLikeWav } from './wav-header.js';

/** Sample frames read per chunk (a few hundred KiB at most). */
const READ_FRAMES = 16_384;

/** Mixes a block of interleaved samples to mono floats in -1..1 (channels averaged, so full scale cannot clip). */
export function decodeToMono(
  bytes: Uint8Array,
  layout: WavLayout,
): Float64Array {
  const { channels, bitsPerSample, encoding, blockAlign } = layout;
  const frames = Math.floor(bytes.length / blockAlign);
  const out = new Float64Array(frames);
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = bitsPerSample / 8;
  const read = sampleReader(encoding, bitsPerSample, data);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    const base = frame * blockAlign;
    for (let channel = 0; channel < channels; channel++)
      sum += read(base + channel * width);
    out[frame] = sum / channels;
  }
  return out;
}

function sampleReader(
  encoding: WavLayout['encoding'],
  bits: number,
  data: DataView,
): (offset: number) => number {
  if (encoding === 'float') {
    // NaN or infinities in a float file would spread through the resampler's kernel: count them as silence.
    const finite = (value: number) => (Number.isFinite(value) ? value : 0);
    return bits === 32
      ? (offset) => finite(data.getFloat32(offset, true))
      : (offset) => finite(data.getFloat64(offset, true));
  }
  switch (bits) {
    case 8: // unsigned, silence at 128
      return (offset) => (data.getUint8(offset) - 128) / 128;
    case 16:
      return (offset) => data.getInt16(offset, true) / 32_768;
    case 24:
      return (offset) =>
        ((data.getInt8(offset + 2) << 16) | data.getUint16(offset, true)) /
        8_388_608;
    default:
      return (offset) => data.getInt32(offset, true) / 2_147_483_648;
  }
}

/** Yields the audio of a checked WAV as 24 kHz mono PCM16 frames of 100 ms (the last one may be shorter). */
export async function* wavFrames(
  read: ByteReader,
  layout: WavLayout,
): AsyncGenerator<Int16Array> {
  const resampler = new StreamingResampler(layout.sampleRate);
  const framer = new SampleFramer();
  const chunkBytes = READ_FRAMES * layout.blockAlign;
  const end = layout.dataOffset + layout.dataBytes;
  for (let position = layout.dataOffset; position < end;) {
    const bytes = await read(position, Math.min(chunkBytes, end - position));
    if (bytes.length === 0) break; // the file shrank while being read
    position += bytes.length;
    yield* framer.push(
      floatToPcm16(resampler.push(decodeToMono(bytes, layout))),
    );
  }
  yield* framer.push(floatToPcm16(resampler.end()));
  yield* framer.end();
}

/** Cuts a stream of PCM16 runs into frames of exactly `size` samples. */
export class SampleFramer {
  #pending = new Int16Array(0);

  constructor(readonly size = FRAME_SAMPLES) {}

  *push(samples: Int16Array): Generator<Int16Array> {
    let joined = samples;
    if (this.#pending.length > 0) {
      joined = new Int16Array(this.#pending.length + samples.length);
      joined.set(this.#pending);
      joined.set(samples, this.#pending.length);
    }
    let offset = 0;
    for (; joined.length - offset >= this.size; offset += this.size)
      yield joined.slice(offset, offset + this.size);
    this.#pending = joined.slice(offset);
  }

  *end(): Generator<Int16Array> {
    if (this.#pending.length > 0) yield this.#pending;
    this.#pending = new Int16Array(0);
  }
}

/** A {@link ByteReader} over bytes in memory. */
export function memoryReader(bytes: Uint8Array): ByteReader {
  return async (position, length) =>
    bytes.subarray(position, Math.min(bytes.length, position + length));
}

/**
 * Decodes a whole WAV held in memory (tests and small files): the same checks and streaming path as a file.
 *
 * @throws WavFormatError for a header the demo refuses.
 */
export async function decodeWav(
  bytes: Uint8Array,
): Promise<{ samples: Int16Array; layout: WavLayout }> {
  const read = memoryReader(bytes);
  const layout = await readWavLayout(read, bytes.length);
  const frames: Int16Array[] = [];
  for await (const frame of wavFrames(read, layout)) frames.push(frame);
  const samples = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const frame of frames) {
    samples.set(frame, offset);
    offset += frame.length;
  }
  return { samples, layout };
}
