/**
 * Client turn detection inside the transport: one turn detector on the stream of audio actually sent,
 * its decisions mapped onto the transport timeline, and each chunk cut where a commit belongs. Pure; the
 * transport appends, commits and emits.
 */
import type { ClientTurnDetection } from '../config/settings.js';
import { bytesPerMs, codecOf } from './audio.js';
import {
  createClientTurnDetector,
  type TurnDecision,
  type TurnDetector,
  type TurnDetectorAudioFormat,
} from './turn-detector.js';

/** What to do with one chunk: append `bytes`, then commit when `commit` is set; speech events in order. */
export type TurnStep =
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'commit' }
  | { kind: 'speech_started'; audioStartMs: number }
  | { kind: 'speech_stopped'; audioEndMs: number };

/** A detector bound to a position on the transport timeline (bytes), remade by `reset`. */
export class ClientTurns {
  readonly settings: ClientTurnDetection;
  readonly format: TurnDetectorAudioFormat;
  #detector: TurnDetector;
  /** Transport-timeline position (bytes) of the detector's 0 ms. */
  #origin: number;
  /** Bytes pushed since `#origin`. */
  #pushed = 0;
  readonly #perMs: number;
  /** Bytes per sample: a cut never splits a PCM16 sample. */
  readonly #sample: number;

  constructor(
    settings: ClientTurnDetection,
    format: TurnDetectorAudioFormat,
    origin: number,
  ) {
    this.settings = settings;
    this.format = format;
    const codec = codecOf(format);
    this.#perMs = bytesPerMs(codec);
    this.#sample = codec === 'pcm16' ? 2 : 1;
    this.#origin = origin;
    this.#detector = this.#make();
  }

  /** The turn ended some other way (the application committed or cleared): start afresh at `position`. */
  reset(position: number): void {
    this.#detector.reset();
    this.#origin = position;
    this.#pushed = 0;
  }

  /** Runs the detector on `bytes` (about to be appended) and says how to append them. */
  push(bytes: Uint8Array): TurnStep[] {
    const before = this.#pushed;
    const decisions = this.#detector.push(bytes);
    this.#pushed += bytes.byteLength;
    if (decisions.length === 0) return [{ kind: 'append', bytes }];
    const steps: TurnStep[] = [];
    let offset = 0;
    for (const decision of decisions) {
      if (decision.type === 'commit') {
        const cut = this.#cut(decision.atMs, before, bytes.byteLength);
        if (cut > offset)
          steps.push({ kind: 'append', bytes: bytes.subarray(offset, cut) });
        offset = Math.max(offset, cut);
        steps.push({ kind: 'commit' });
      } else steps.push(this.#speech(decision));
    }
    if (offset < bytes.byteLength)
      steps.push({ kind: 'append', bytes: bytes.subarray(offset) });
    return steps;
  }

  /** The stream ends here (`flush()`): what the detector still decides, without new audio. */
  flush(): TurnStep[] {
    const steps = this.#detector
      .flush()
      .map((d): TurnStep =>
        d.type === 'commit' ? { kind: 'commit' } : this.#speech(d),
      );
    this.reset(this.#origin + this.#pushed);
    return steps;
  }

  #speech(decision: Exclude<TurnDecision, { type: 'commit' }>): TurnStep {
    const originMs = this.#origin / this.#perMs;
    return decision.type === 'speech_started'
      ? {
          kind: 'speech_started',
          audioStartMs: originMs + decision.audioStartMs,
        }
      : { kind: 'speech_stopped', audioEndMs: originMs + decision.audioEndMs };
  }

  /** Where in this chunk (bytes from its start) a commit at `atMs` of the stream falls. */
  #cut(atMs: number, before: number, length: number): number {
    const position =
      Math.round((atMs * this.#perMs) / this.#sample) * this.#sample;
    return Math.min(Math.max(position - before, 0), length);
  }

  #make(): TurnDetector {
    const format = this.format;
    const { createDetector, type: _type, ...options } = this.settings;
    return createDetector
      ? createDetector(format)
      : createClientTurnDetector({ ...options, format });
  }
}

/**
 * The detector to run now: `previous` while the settings and format are the same, a new one starting at
 * `origin` when they changed, none when client turn detection is off.
 */
export function clientTurnsFor(
  previous: ClientTurns | undefined,
  settings: ClientTurnDetection | undefined,
  format: TurnDetectorAudioFormat,
  origin: number,
): ClientTurns | undefined {
  if (!settings) return undefined;
  if (previous?.settings === settings && previous.format === format)
    return previous;
  return new ClientTurns(settings, format, origin);
}
