/**
 * Live captions of the streaming models (`preCommitDeltas` in the models table): deltas for the item the next
 * commit will carry, sent while that turn's audio is still arriving, before `input_audio_buffer.committed`.
 *
 * INFERRED, all of it but the existence of such deltas ([DOC-RTT]: "returns transcript deltas as speech
 * arrives"): the cadence (one word per `MS_PER_WORD` of buffered audio), that the last word waits for the
 * commit, and that the deltas carry the item id the commit announces. The simulator cannot listen, so it only
 * knows a turn's text early when the script is a list (`transcripts[index]`); a function or the default
 * description needs the committed audio, and those turns stream after the commit only.
 */
import { deltaEvent, deltaPieces } from './transcript-events.js';

type Json = Record<string, unknown>;

/** About three words a second, a conversational speaking rate. */
export const MS_PER_WORD = 300;

export class PreCommitDeltas {
  #itemId: string | null = null;
  #pieces: string[] = [];
  #sent = 0;

  /** The text already streamed for the open turn (the scheduler sends only the rest after the commit). */
  get streamedText(): string {
    return this.#pieces.slice(0, this.#sent).join('');
  }

  /**
   * After an append: the deltas now due for `itemId`, whose predicted text is `text` (null: unknown).
   * `bufferedMs` is the turn's audio so far.
   */
  advance(
    turn: { itemId: string; model: string; logprobs: boolean },
    text: string | null,
    bufferedMs: number,
  ): Json[] {
    if (this.#itemId !== turn.itemId) {
      this.#itemId = turn.itemId;
      this.#pieces = text === null ? [] : deltaPieces(text, turn.model);
      this.#sent = 0;
    }
    const due = Math.min(
      this.#pieces.length - 1,
      Math.floor(bufferedMs / MS_PER_WORD),
    );
    const events: Json[] = [];
    for (; this.#sent < due; this.#sent++) {
      events.push(deltaEvent(turn, this.#pieces[this.#sent] ?? ''));
    }
    return events;
  }

  /** The turn was committed or cleared: the next audio starts a new turn. */
  reset(): void {
    this.#itemId = null;
    this.#pieces = [];
    this.#sent = 0;
  }
}
