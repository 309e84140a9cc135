/**
 * Which audio each committed turn covers, and which turns still wait for their final transcript. Pure.
 *
 * Positions are byte offsets on the transport's timeline (see `replay-buffer.ts`). A turn covers
 * `[end of the previous turn, its commit point)`. The ledger keeps every turn from the oldest one still
 * pending onwards, so after a reconnect the transport knows what to replay (pending turns and the
 * uncommitted tail), what to skip (turns already transcribed) and where each new item belongs in history.
 */

export interface Turn {
  itemId: string;
  start: number;
  end: number;
  /** `Date.now()` at commit, for the transcript watchdog. */
  committedAt: number;
  settled: boolean;
}

/** An anchor meaning "after the item committed just before it on the new socket". */
export const AFTER_PREVIOUS: unique symbol = Symbol('after previous');

/** What a new socket does with the kept turns when the replay buffer starts at a given position. */
export interface ReplayPlan {
  /** Pending turns whose audio was partly dropped: they cannot be replayed and are lost. */
  lost: Turn[];
  /** Where the replay starts (past the lost turns). */
  from: number;
  /** Pending turns replayed: their items are removed and come back under new ids. */
  replayed: Turn[];
  /** Settled turns' audio in the replay range, left out of it. */
  skip: Array<readonly [number, number]>;
  /**
   * Where each item committed on the new socket goes in history, in order: one entry per replayed turn and
   * one for the uncommitted tail. An id: after that item; `null`: first; `AFTER_PREVIOUS`: after the item
   * committed just before it on the new socket.
   */
  anchors: Array<string | null | typeof AFTER_PREVIOUS>;
  /** Settled turns after `from`, carried over (`restart`) so later turns start after them. */
  settledAfter: Turn[];
  /** The last item whose audio lies before `from`: what the restarted ledger's turns follow. */
  beforeFrom: string | null;
}

export class TurnLedger {
  /** Turns from the oldest pending one on, in commit order; `#head` skips settled ones already dropped. */
  #turns: Turn[] = [];
  readonly #byId = new Map<string, Turn>();
  #lastEnd = 0;
  /** The item just before the first kept turn (the last one settled and dropped), or `null`. */
  #beforeFirst: string | null = null;
  /** Settled turns after `#lastEnd` carried over a reconnect (their audio is not replayed). */
  #gaps: Turn[] = [];

  /** Where the next turn starts: the end of the last one. */
  get lastEnd(): number {
    return this.#lastEnd;
  }

  /** The item id just before the first kept turn. */
  get itemBeforeFirst(): string | null {
    return this.#beforeFirst;
  }

  /** Kept turns, in commit order (settled ones among them are skipped on replay). */
  get turns(): readonly Turn[] {
    return this.#gaps.length ? [...this.#turns, ...this.#gaps] : this.#turns;
  }

  get pendingCount(): number {
    let n = 0;
    for (const turn of this.#turns) if (!turn.settled) n++;
    return n;
  }

  /** Audio before this position is no longer needed: every turn before it has its transcript. */
  get releasePosition(): number {
    return this.#turns[0]?.start ?? this.#lastEnd;
  }

  has(itemId: string): boolean {
    return this.#byId.has(itemId);
  }

  /** A turn was committed up to `end` (clamped so turns never overlap or go backwards). */
  commit(itemId: string, end: number, now: number): Turn {
    while (this.#gaps.length && this.#gaps[0]!.end <= end) {
      const gap = this.#gaps.shift()!;
      this.#turns.push(gap);
      this.#lastEnd = gap.end;
    }
    const start = this.#lastEnd;
    const turn: Turn = {
      itemId,
      start,
      end: Math.max(start, end),
      committedAt: now,
      settled: false,
    };
    this.#lastEnd = turn.end;
    this.#turns.push(turn);
    this.#byId.set(itemId, turn);
    return turn;
  }

  /** The turn got its final transcript (or gave up on it). Unknown ids are ignored. */
  settle(itemId: string): void {
    const turn = this.#byId.get(itemId);
    if (!turn) return;
    turn.settled = true;
    this.#byId.delete(itemId);
    let drop = 0;
    while (drop < this.#turns.length && this.#turns[drop]!.settled) {
      this.#beforeFirst = this.#turns[drop]!.itemId;
      drop++;
    }
    if (drop > 0) this.#turns.splice(0, drop);
  }

  /** Plans a replay from `replayStart` (the replay buffer's start). Does not change the ledger. */
  planReplay(replayStart: number): ReplayPlan {
    const turns = [...this.turns];
    const lost: Turn[] = [];
    let from = replayStart;
    for (const turn of turns) {
      if (turn.settled || turn.start >= replayStart) continue;
      lost.push(turn);
      from = Math.max(from, turn.end);
    }
    const replayed: Turn[] = [];
    const skip: ReplayPlan['skip'] = [];
    const anchors: ReplayPlan['anchors'] = [];
    const settledAfter: Turn[] = [];
    let previous: string | null | typeof AFTER_PREVIOUS = this.#beforeFirst;
    let beforeFrom = this.#beforeFirst;
    for (const turn of turns) {
      if (turn.end <= from && (turn.settled || lost.includes(turn)))
        beforeFrom = turn.itemId;
      if (lost.includes(turn)) {
        previous = turn.itemId;
        continue;
      }
      if (turn.settled) {
        if (turn.end > from) {
          skip.push([Math.max(turn.start, from), turn.end]);
          settledAfter.push(turn);
        }
        previous = turn.itemId;
        continue;
      }
      replayed.push(turn);
      anchors.push(previous);
      previous = AFTER_PREVIOUS;
    }
    anchors.push(previous);
    return { lost, from, replayed, skip, anchors, settledAfter, beforeFrom };
  }

  /** Pending turns committed more than `timeoutMs` before `now`. */
  overdue(now: number, timeoutMs: number): Turn[] {
    const out: Turn[] = [];
    for (const turn of this.#turns)
      if (!turn.settled && now - turn.committedAt >= timeoutMs) out.push(turn);
    return out;
  }

  /**
   * Starts over at `position` (after a reconnect, once pending turns were handed to the replay): the next
   * turn starts there, and `beforeFirst` is the item new turns follow.
   */
  restart(
    position: number,
    beforeFirst: string | null,
    settledAfter: readonly Turn[] = [],
  ): void {
    this.#turns = [];
    this.#byId.clear();
    this.#lastEnd = position;
    this.#beforeFirst = beforeFirst;
    this.#gaps = settledAfter.filter((t) => t.settled && t.start >= position);
  }
}
