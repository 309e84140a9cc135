/**
 * Input audio: validation, sizes and base64. Pure; no I/O.
 *
 * The server takes PCM16 little-endian mono at 24 kHz (`audio/pcm`) or 8 kHz G.711 bytes
 * (`audio/pcmu`, `audio/pcma`), at most 15 MiB per `input_audio_buffer.append`.
 */
import { AudioTooLargeError, InvalidAudioError } from '../errors.js';

/** How bytes map to time. */
export type AudioCodec = 'pcm16' | 'g711';

/** The most one `input_audio_buffer.append` may carry, decoded (protocol.md §9). */
export const MAX_APPEND_BYTES = 15 * 1024 * 1024;

/** The server refuses a commit of less than this much audio (`input_audio_buffer_commit_empty`). */
export const MIN_COMMIT_MS = 100;

/** Which codec a wire format type means. Unknown types are treated as PCM16, the server's default. */
export function codecOf(formatType: string | undefined): AudioCodec {
  return formatType === 'audio/pcmu' || formatType === 'audio/pcma'
    ? 'g711'
    : 'pcm16';
}

/** Bytes per millisecond: 24 kHz × 2 bytes for PCM16, 8 kHz × 1 byte for G.711. */
export function bytesPerMs(codec: AudioCodec): number {
  return codec === 'pcm16' ? 48 : 8;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/**
 * Checks one chunk of audio and returns a byte view of it (no copy).
 * Throws {@link InvalidAudioError} (a `TypeError`) or {@link AudioTooLargeError} (a `RangeError`)
 * naming the problem; it never touches the socket, so a refused chunk changes nothing.
 */
export function toAudioBytes(audio: unknown, codec: AudioCodec): Uint8Array {
  let bytes: Uint8Array;
  if (audio instanceof ArrayBuffer) {
    bytes = new Uint8Array(audio);
  } else if (audio instanceof Uint8Array || audio instanceof Int16Array) {
    bytes = new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
  } else if (ArrayBuffer.isView(audio)) {
    throw new InvalidAudioError(
      `sendAudio() takes PCM16 as an ArrayBuffer, Int16Array or Uint8Array; got a ${describe(audio)}. ` +
        (audio instanceof Float32Array
          ? 'Convert Float32 samples in [-1, 1] to Int16 first.'
          : 'Pass its bytes as a Uint8Array.'),
    );
  } else {
    throw new InvalidAudioError(
      `sendAudio() takes an ArrayBuffer, Int16Array or Uint8Array of audio; got ${describe(audio)}.`,
    );
  }
  if (codec === 'pcm16' && bytes.byteLength % 2 !== 0) {
    throw new InvalidAudioError(
      `sendAudio() got ${bytes.byteLength} bytes, which is not a whole number of PCM16 samples (2 bytes each).`,
    );
  }
  if (bytes.byteLength > MAX_APPEND_BYTES) {
    throw new AudioTooLargeError(
      `sendAudio() got ${bytes.byteLength} bytes; one append takes at most ${MAX_APPEND_BYTES} bytes (15 MiB). Send it in smaller chunks.`,
    );
  }
  return bytes;
}

/** Encodes bytes as base64. Each platform supplies the fastest one it has. */
export type Base64Encoder = (bytes: Uint8Array) => string;

/**
 * The browser encoder: the native `Uint8Array.prototype.toBase64` where the engine has it, else `btoa`
 * over binary strings built in chunks (chunked so `String.fromCharCode.apply` stays under the
 * engine's argument limit and so no per-byte string concatenation happens).
 */
export const encodeBase64InBrowser: Base64Encoder = (bytes) => {
  const native = (bytes as { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const CHUNK = 0x8000;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(
      String.fromCharCode.apply(
        null,
        bytes.subarray(i, i + CHUNK) as unknown as number[],
      ),
    );
  }
  return btoa(parts.join(''));
};

/**
 * Builds the `input_audio_buffer.append` frame. Base64 needs no JSON escaping, so concatenation gives
 * the same text as `JSON.stringify` without walking a string of up to 20 MB again.
 */
export function appendFrame(base64: string): string {
  return '{"type":"input_audio_buffer.append","audio":"' + base64 + '"}';
}
