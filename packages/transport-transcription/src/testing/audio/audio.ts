/**
 * Audio facts per session format: how many bytes a millisecond takes, and the RMS energy of a frame
 * (0..1 of full scale) that the VAD compares against its threshold.
 */
import { A_LAW_TABLE, MU_LAW_TABLE } from './g711.js';
import type { SessionSettings } from '../session/settings.js';

type Format = SessionSettings['format'];

/** Bytes per millisecond: PCM16 mono at 24 kHz is 48; G.711 at 8 kHz (INFERRED rate, §9) is 8. */
export function bytesPerMs(format: Format): number {
  return format.type === 'audio/pcm' ? (format.rate / 1000) * 2 : 8;
}

/** Bytes per sample, so cuts never split a PCM16 sample. */
export function bytesPerSample(format: Format): number {
  return format.type === 'audio/pcm' ? 2 : 1;
}

/** Root-mean-square level of one frame, normalised so a full-scale square wave is 1. */
export function frameRms(frame: Uint8Array, format: Format): number {
  let sum = 0;
  let count = 0;
  if (format.type === 'audio/pcm') {
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    for (let offset = 0; offset + 1 < frame.byteLength; offset += 2) {
      const sample = view.getInt16(offset, true);
      sum += sample * sample;
      count++;
    }
  } else {
    const lookup = format.type === 'audio/pcmu' ? MU_LAW_TABLE : A_LAW_TABLE;
    for (const byte of frame) {
      const sample = lookup[byte] ?? 0;
      sum += sample * sample;
      count++;
    }
  }
  return count === 0 ? 0 : Math.sqrt(sum / count) / 32768;
}

/** Strict base64 (the real server refuses what does not decode; the exact rule is INFERRED). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 audio, or returns `null` when the text is not valid (padded) base64. */
export function decodeBase64Audio(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  return Buffer.from(text, 'base64');
}
