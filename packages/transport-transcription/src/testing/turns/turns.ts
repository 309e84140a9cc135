/**
 * Turn scheduling: after a commit, decides a turn's transcript (or failure) from the script, spreads its
 * deltas over the completion delay, and releases `completed`/`failed` events in the scripted order.
 */
import { timelineOrder } from './order.js';
import { TimerSet } from '../util/timers.js';
import {
  completedEvent,
  deltaEvent,
  deltaPieces,
  failedEvent,
  segmentEvents,
  type TurnTranscription,
} from './transcript-events.js';
import { factsOf } from '../session/model-rules.js';
import type {
  SimulatorTurn,
  TranscriptionServerSimulatorOptions,
} from '../types.js';

type Json = Record<string, unknown>;

/** The scripting options that shape transcripts. */
export type TurnScript = Pick<
  TranscriptionServerSimulatorOptions,
  'transcripts' | 'completionDelayMs' | 'completionOrder' | 'failTurns'
>;

const DEFAULT_COMPLETION_DELAY_MS = 20;

/** The default transcript: a description of the audio, so tests can see which turn it came from. */
function describeAudio(turn: SimulatorTurn): string {
  return `[${(turn.durationMs / 1000).toFixed(2)} s of audio]`;
}

/** Per-connection scheduler of transcription events. */
export class TurnScheduler {
  readonly #script: TurnScript;
  readonly #send: (event: Json) => void;
  readonly #timers = new TimerSet();
  readonly #order: ReturnType<typeof timelineOrder>;
  #cancelled = false;

  constructor(script: TurnScript, send: (event: Json) => void) {
    this.#script = script;
    this.#send = send;
    this.#order = timelineOrder(
      script.completionOrder ?? 'in-order',
      (events) => this.#emit(events),
    );
  }

  /** Starts transcribing a committed turn (call after `committed` and the item events were sent). */
  schedule(turn: SimulatorTurn, transcription: TurnTranscription): void {
    const delayMs = Math.max(0, this.#delayOf(turn));
    const startedAt = performance.now();
    this.#order.pending(turn.index);
    const fail = this.#fails(turn);
    const text = fail ? Promise.resolve(null) : this.#transcriptOf(turn);
    text.then(
      (value) =>
        this.#whenTextKnown(turn, transcription, value, startedAt + delayMs),
      // A script that throws is a failed transcription, not a crashed server.
      () => this.#whenTextKnown(turn, transcription, null, startedAt + delayMs),
    );
  }

  /** Stops everything (connection closed, simulator closed). */
  cancel(): void {
    this.#cancelled = true;
    this.#timers.clearAll();
  }

  #whenTextKnown(
    turn: SimulatorTurn,
    transcription: TurnTranscription,
    text: string | null,
    doneAt: number,
  ): void {
    if (this.#cancelled) return;
    if (text === null) {
      this.#timers.after(doneAt - performance.now(), () =>
        this.#order.ready(turn.index, [failedEvent(transcription)]),
      );
      return;
    }
    // Only what was not streamed before the commit; if the final text does not continue what was streamed
    // (a script that changed its mind), `completed` alone carries it, as a real revision would.
    const streamed = transcription.streamedText;
    const pieces = text.startsWith(streamed)
      ? deltaPieces(text.slice(streamed.length), transcription.model)
      : [];
    const remaining = doneAt - performance.now();
    // Deltas land evenly before the completion time; whatever is already late goes out at once, in order.
    pieces.forEach((piece, index) => {
      this.#timers.after((remaining * (index + 1)) / (pieces.length + 1), () =>
        this.#emit([deltaEvent(transcription, piece)]),
      );
    });
    this.#timers.after(remaining, () => {
      // INFERRED: the cookbook says gpt-4o-transcribe-diarize is not supported in realtime at all.
      const segments = factsOf(transcription.model).diarization
        ? segmentEvents(transcription, text)
        : [];
      this.#emit(segments);
      this.#order.ready(turn.index, [completedEvent(transcription, text)]);
    });
  }

  #emit(events: Json[]): void {
    if (this.#cancelled) return;
    for (const event of events) this.#send(event);
  }

  #delayOf(turn: SimulatorTurn): number {
    const option = this.#script.completionDelayMs;
    if (typeof option === 'function') return option(turn);
    return option ?? DEFAULT_COMPLETION_DELAY_MS;
  }

  #fails(turn: SimulatorTurn): boolean {
    const option = this.#script.failTurns;
    if (typeof option === 'function') return option(turn);
    return option?.includes(turn.index) ?? false;
  }

  async #transcriptOf(turn: SimulatorTurn): Promise<string> {
    const option = this.#script.transcripts;
    if (typeof option === 'function') return String(await option(turn));
    if (Array.isArray(option)) return option[turn.index] ?? '';
    return describeAudio(turn);
  }
}
