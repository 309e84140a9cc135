/**
 * `flush()` and `close({ drain: true })` waiting for the session to drain: every committed turn has its
 * final and all audio was written. Waiters are checked when something could have changed it (a turn
 * settled, a frame arrived, the lifecycle moved), never on a poll; with nobody waiting a check costs one
 * comparison, since it runs once per server event.
 */
import type { Connection } from '../connection/connection.js';
import { TranscriptionTransportError } from '../errors.js';

/** What a waiter asks each time it is checked. */
export interface DrainState {
  /** The session still takes audio (from `connect()` until `close()` or a final failure). */
  accepting(): boolean;
  /** The connection audio goes to now, if connected. */
  current(): Connection | undefined;
  /** Transport-timeline position of the end of the audio sent so far. */
  end(): number;
  /** Turns still waiting for a final (committed or pre-commit). */
  pending(): number;
}

/** The waiters of `flush()`; see the file comment. */
export class DrainWaiters {
  readonly #waiters = new Set<() => void>();
  readonly #state: DrainState;

  constructor(state: DrainState) {
    this.#state = state;
  }

  /** Resolves `true` once drained, `false` after `timeoutMs` or when the session ends first. */
  wait(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (done: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(done);
      };
      const check = () => {
        if (!this.#state.accepting()) return finish(false);
        if (this.#drained()) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** Something changed: every waiter looks again. */
  check(): void {
    if (this.#waiters.size === 0) return;
    for (const check of [...this.#waiters]) check();
  }

  /**
   * After a drain that timed out: the one `error` naming the commits the server never answered on the
   * current socket, if there are any.
   */
  unanswered(): TranscriptionTransportError | undefined {
    const unanswered = this.#state.current()?.writer.commits.length ?? 0;
    if (unanswered === 0) return undefined;
    const one = unanswered === 1;
    return new TranscriptionTransportError(
      'TRANSCRIPTION_TIMEOUT',
      `close({ drain: true }) timed out: ${unanswered} committed turn${one ? '' : 's'} the server never acknowledged ${one ? 'was' : 'were'} given up.`,
    );
  }

  #drained(): boolean {
    const state = this.#state;
    const connection = state.current();
    return (
      connection !== undefined &&
      connection.writer.sent >= state.end() &&
      connection.writer.commits.length === 0 &&
      state.pending() === 0
    );
  }
}
