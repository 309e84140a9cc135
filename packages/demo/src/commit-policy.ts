/**
 * When the demo commits itself, with `--vad none --commit-every N` (`turn_detection: null`): every N
 * seconds. Commits at silence gaps are the transport's client turn detector's (`client_vad`), not the
 * demo's. Pure: it sees each 100 ms frame with its offset in the stream and answers whether to commit
 * after it, and which span of speech the commit covers (for subtitle timestamps).
 */
import { rms, samplesToMs } from './audio/pcm.js';

/** RMS (fraction of full scale) above which a frame counts as speech; the simulator's VAD uses the same. */
export const SPEECH_RMS = 0.02;
/** The server refuses commits of less than 100 ms of audio. */
export const MIN_COMMIT_MS = 100;

/** Audio offsets, in ms from the start of the stream, of what a commit holds. */
export interface Span {
  startMs: number;
  endMs: number;
}

export interface CommitPolicy {
  /** Feeds the frame that starts at `startMs`; returns the span to commit after it, if any. */
  push(frame: Int16Array, startMs: number): Span | undefined;
  /** End of input (or Ctrl-C): the span to commit for whatever is still buffered, if worth committing. */
  flush(endMs: number): Span | undefined;
}

/**
 * Commits every `everyMs` of audio. An interval with no speech is not committed (it stays in the buffer
 * and goes out with the next commit), for the same reason as above.
 */
export class IntervalCommitPolicy implements CommitPolicy {
  readonly #everyMs: number;
  readonly #speechRms: number;
  #spanStartMs = 0;
  #nextBoundaryMs: number;
  #heardSpeech = false;

  constructor(options: { everyMs: number; speechRms?: number }) {
    this.#everyMs = options.everyMs;
    this.#nextBoundaryMs = options.everyMs;
    this.#speechRms = options.speechRms ?? SPEECH_RMS;
  }

  push(frame: Int16Array, startMs: number): Span | undefined {
    const endMs = startMs + samplesToMs(frame.length);
    if (rms(frame) >= this.#speechRms) this.#heardSpeech = true;
    if (endMs < this.#nextBoundaryMs) return undefined;
    // Boundaries stay on the N-second grid whether or not this interval is committed.
    this.#nextBoundaryMs += this.#everyMs;
    return this.#heardSpeech ? this.#take(endMs) : undefined;
  }

  flush(endMs: number): Span | undefined {
    if (!this.#heardSpeech || endMs - this.#spanStartMs < MIN_COMMIT_MS)
      return undefined;
    return this.#take(endMs);
  }

  #take(endMs: number): Span {
    const span = { startMs: this.#spanStartMs, endMs };
    this.#spanStartMs = endMs;
    this.#heardSpeech = false;
    return span;
  }
}
