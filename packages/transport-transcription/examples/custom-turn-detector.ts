/**
 * Bringing your own turn detection, two ways, with trivial rules standing in for a real model:
 *
 * 1. `createPeakGateDetector`: your own per-frame speech rule (here: "the loudest sample is above a
 *    fixed level") plugged into the built-in turn logic with `isSpeech`. This is the way in for a neural
 *    VAD such as Silero: score the frame, return `probability >= 0.5`; minimum speech, hangover,
 *    padding, the maximum turn and the 100 ms rule stay the detector's.
 * 2. `FixedLengthTurnDetector`: the whole `TurnDetector` contract implemented from scratch (here: one
 *    turn per `turnMs` of audio, whatever it holds), for rules that are not per-frame.
 *
 * Run it:  npx tsx examples/custom-turn-detector.ts speech-24k-mono.pcm
 */
import { readFile } from 'node:fs/promises';
import {
  createClientTurnDetector,
  MIN_TURN_MS,
  type ClientTurnDetectorOptions,
  type TurnDecision,
  type TurnDetector,
  type TurnDetectorFactory,
} from '@agents-transcription/transport';

/** A frame is speech when its loudest sample reaches `peak` (a fraction of full scale). */
export function createPeakGateDetector(
  peak: number,
  options: Omit<ClientTurnDetectorOptions, 'isSpeech'> = {},
): TurnDetector {
  return createClientTurnDetector({
    ...options,
    isSpeech: (frame) => {
      for (let i = 0; i < frame.length; i++) {
        if (Math.abs(frame[i]!) >= peak) return true;
      }
      return false;
    },
  });
}

/** Commits every `turnMs` of 24 kHz PCM16 audio; `flush()` commits the rest if it is 100 ms or more. */
export class FixedLengthTurnDetector implements TurnDetector {
  readonly #turnMs: number;
  #bytes = 0;
  #turnStartMs = 0;

  constructor(turnMs: number) {
    if (!Number.isFinite(turnMs) || turnMs < MIN_TURN_MS)
      throw new RangeError(
        `FixedLengthTurnDetector: turnMs must be at least ${MIN_TURN_MS}; got ${turnMs}.`,
      );
    this.#turnMs = turnMs;
  }

  push(audio: ArrayBuffer | Uint8Array | Int16Array): readonly TurnDecision[] {
    this.#bytes += audio.byteLength;
    const out: TurnDecision[] = [];
    // 48 bytes per ms at 24 kHz PCM16. Each boundary is reported where it falls, even mid-chunk.
    while (this.#bytes / 48 - this.#turnStartMs >= this.#turnMs) {
      const atMs = this.#turnStartMs + this.#turnMs;
      out.push(...this.#turn(atMs, 'max_turn'));
    }
    return out;
  }

  flush(): readonly TurnDecision[] {
    const atMs = this.#bytes / 48;
    return atMs - this.#turnStartMs >= MIN_TURN_MS
      ? this.#turn(atMs, 'flush')
      : [];
  }

  reset(): void {
    this.#bytes = 0;
    this.#turnStartMs = 0;
  }

  #turn(atMs: number, reason: 'max_turn' | 'flush'): TurnDecision[] {
    const audioStartMs = this.#turnStartMs;
    this.#turnStartMs = atMs;
    return [
      { type: 'speech_started', audioStartMs, atMs: audioStartMs },
      { type: 'speech_stopped', audioEndMs: atMs, atMs },
      { type: 'commit', audioStartMs, audioEndMs: atMs, atMs, reason },
    ];
  }
}

/** What a transport would take (see docs/client-turn-detection.md): one detector per stream. */
export const peakGateFactory: TurnDetectorFactory = (format) =>
  createPeakGateDetector(0.1, { format, silenceDurationMs: 400 });

/** Splits `audio` (24 kHz PCM16) into turns with `detector`, pushing 20 ms chunks as a microphone would. */
export function turnsOf(
  detector: TurnDetector,
  audio: Uint8Array,
): Array<{ startMs: number; endMs: number; commitAtMs: number }> {
  const turns: Array<{ startMs: number; endMs: number; commitAtMs: number }> =
    [];
  const collect = (decisions: readonly TurnDecision[]) => {
    for (const d of decisions)
      if (d.type === 'commit')
        turns.push({
          startMs: d.audioStartMs,
          endMs: d.audioEndMs,
          commitAtMs: d.atMs,
        });
  };
  for (let at = 0; at < audio.length; at += 960)
    collect(detector.push(audio.subarray(at, at + 960)));
  collect(detector.flush());
  return turns;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error(
      'usage: npx tsx examples/custom-turn-detector.ts <24 kHz mono PCM16 file>',
    );
    process.exit(2);
  }
  const audio = new Uint8Array(await readFile(file));
  for (const turn of turnsOf(peakGateFactory('audio/pcm'), audio))
    console.log(
      `turn ${turn.startMs}–${turn.endMs} ms, committed at ${turn.commitAtMs} ms`,
    );
}
