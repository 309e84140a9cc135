/**
 * The input audio buffer of one connection: the session's audio timeline, the uncommitted bytes, and the VAD
 * framing that turns appends into speech start/stop decisions and automatic commits.
 */
import { bytesPerMs, bytesPerSample, frameRms } from './audio.js';
import type { SessionSettings } from '../session/settings.js';
import { EnergyVad, VAD_FRAME_MS, type VadSettings } from './vad.js';

/** Audio taken out of the buffer by a commit. */
export interface CommittedAudio {
  audio: Uint8Array;
  durationMs: number;
}

/** What one append caused, in order. */
export type BufferEvent =
  | { kind: 'speech_started'; audioStartMs: number }
  | { kind: 'speech_stopped'; audioEndMs: number; committed: CommittedAudio };

export class InputAudioBuffer {
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  /** Where the uncommitted buffer starts on the session timeline. */
  #startMs = 0;
  /** Everything ever appended, in ms: the timeline `audio_start_ms`/`audio_end_ms` refer to. */
  #timelineMs = 0;
  /** Bytes of an incomplete VAD frame, and where the next frame starts. */
  #pending: Uint8Array = new Uint8Array(0);
  #frameStartMs = 0;
  #speechStartMs = 0;
  readonly #vad = new EnergyVad();

  /** Milliseconds of audio waiting to be committed. */
  bufferedMs(format: SessionSettings['format']): number {
    return this.#bytes / bytesPerMs(format);
  }

  /** Adds audio; with `vad` set, runs the VAD over whole 20 ms frames and auto-commits finished turns. */
  append(
    bytes: Uint8Array,
    format: SessionSettings['format'],
    vad: VadSettings | null,
  ): BufferEvent[] {
    const perMs = bytesPerMs(format);
    this.#chunks.push(bytes);
    this.#bytes += bytes.byteLength;
    this.#timelineMs += bytes.byteLength / perMs;
    if (!vad) {
      this.#frameStartMs = this.#timelineMs;
      this.#pending = new Uint8Array(0);
      return [];
    }
    const events: BufferEvent[] = [];
    const data = concat([this.#pending, bytes]);
    const frameBytes = VAD_FRAME_MS * perMs;
    let offset = 0;
    for (; offset + frameBytes <= data.byteLength; offset += frameBytes) {
      const rms = frameRms(data.subarray(offset, offset + frameBytes), format);
      const decision = this.#vad.frame(
        rms,
        this.#frameStartMs,
        this.#startMs,
        vad,
      );
      this.#frameStartMs += VAD_FRAME_MS;
      if (decision?.kind === 'start') {
        this.#speechStartMs = decision.audioStartMs;
        events.push({
          kind: 'speech_started',
          audioStartMs: decision.audioStartMs,
        });
      } else if (decision?.kind === 'stop') {
        const committed = this.#take(
          this.#speechStartMs,
          decision.audioEndMs,
          format,
        );
        events.push({
          kind: 'speech_stopped',
          audioEndMs: decision.audioEndMs,
          committed,
        });
      }
    }
    this.#pending = data.slice(offset);
    return events;
  }

  /** Takes the whole buffer (manual commit); the VAD forgets any turn in progress. */
  commit(format: SessionSettings['format']): CommittedAudio {
    const audio = concat(this.#chunks);
    const committed = {
      audio,
      durationMs: audio.byteLength / bytesPerMs(format),
    };
    this.clear();
    return committed;
  }

  /** Drops the buffer; the timeline keeps counting (it measures all audio written in the session). */
  clear(): void {
    this.#chunks = [];
    this.#bytes = 0;
    this.#startMs = this.#timelineMs;
    this.#frameStartMs = this.#timelineMs;
    this.#pending = new Uint8Array(0);
    this.#vad.reset();
  }

  /** Cuts `[fromMs, toMs)` out as a turn; audio before it is dropped, audio after it stays buffered. */
  #take(
    fromMs: number,
    toMs: number,
    format: SessionSettings['format'],
  ): CommittedAudio {
    const all = concat(this.#chunks);
    const toOffset = (ms: number) => {
      const raw = Math.round((ms - this.#startMs) * bytesPerMs(format));
      return Math.min(all.byteLength, raw - (raw % bytesPerSample(format)));
    };
    const audio = all.slice(toOffset(fromMs), toOffset(toMs));
    const rest = all.subarray(toOffset(toMs));
    this.#chunks = [rest];
    this.#bytes = rest.byteLength;
    this.#startMs = toMs;
    return { audio, durationMs: toMs - fromMs };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  return Buffer.concat(parts);
}
