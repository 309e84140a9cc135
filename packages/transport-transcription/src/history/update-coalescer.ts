/**
 * Coalesces partial-text `item_update`s: at most one per item per window, the latest text winning.
 *
 * Why: `RealtimeSession` applies every `item_update` through the SDK's `updateRealtimeHistory`, which copies
 * the whole history (O(history) per event). Every transcript delta was an `item_update`, so a long call paid
 * milliseconds per delta inside the SDK. Deltas of one turn arrive in bursts (six in 22 ms in a live
 * `gpt-4o-mini-transcribe` capture); with a window, the first delta of a burst shows at once and the rest
 * collapse into one update at the window's end, or into the final text.
 *
 * What is never delayed: an item's first appearance (its place in history), and every update that settles
 * it (completed / incomplete). A final drops the item's pending partial, so a partial can never land after
 * its final. Only updates that leave an already-emitted item `in_progress` (that is, change its text) wait.
 *
 * One timer per coalescer (one per transport), armed only while a partial waits; state is kept only for
 * items emitted and still in progress, so memory is bounded by the items waiting for a transcript.
 */

/** The fields the coalescer reads; the item itself is passed on untouched. */
export interface CoalescedItem {
  itemId: string;
  status?: string;
}

/** Where the time comes from: injectable so tests can drive it. */
export interface CoalescerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform clock, read when called (never captured at import time). */
const platformClock: CoalescerClock = {
  now: () => globalThis.performance?.now() ?? Date.now(),
  setTimeout: (callback, ms) => {
    const handle = globalThis.setTimeout(callback, ms);
    // A pending caption must not keep a Node process alive.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class UpdateCoalescer<Item extends CoalescedItem> {
  readonly #intervalMs: number;
  readonly #emit: (item: Item) => void;
  readonly #clock: CoalescerClock;
  /** Items emitted and still in progress → when their last update went out. */
  readonly #lastAt = new Map<string, number>();
  /** The newest partial not yet emitted, per item, in the order they began waiting. */
  readonly #pending = new Map<string, Item>();
  #timer: unknown;
  /** When the armed timer fires (clock time), or `undefined` when none is armed. */
  #timerAt: number | undefined;

  /**
   * @param intervalMs the window: at most one partial update per item per `intervalMs`; `0` passes every
   *   update straight through.
   * @param emit called with each update that goes out, synchronously for everything but delayed partials.
   */
  constructor(
    intervalMs: number,
    emit: (item: Item) => void,
    clock: CoalescerClock = platformClock,
  ) {
    this.#intervalMs = intervalMs;
    this.#emit = emit;
    this.#clock = clock;
  }

  /** Partial updates waiting for their window to end. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Items the coalescer remembers (emitted, still in progress). */
  get trackedCount(): number {
    return this.#lastAt.size;
  }

  /** An item update from the transport: emitted now, or (a partial within its window) a little later. */
  update(item: Item): void {
    if (this.#intervalMs === 0) return this.#emit(item);
    const id = item.itemId;
    if (item.status !== 'in_progress') {
      // A final: it supersedes any pending partial, and the item needs no state any more.
      this.forget(id);
      return this.#emit(item);
    }
    const now = this.#clock.now();
    const lastAt = this.#lastAt.get(id);
    // First appearance (its place in history) goes out at once, as does a partial after a quiet window.
    if (
      lastAt === undefined ||
      (now >= lastAt + this.#intervalMs && !this.#pending.has(id))
    )
      return this.#emitTimed(id, item, now);
    const dueAt = lastAt + this.#intervalMs;
    this.#pending.set(id, item);
    this.#arm(Math.max(dueAt, now));
  }

  /** The item left history (`item_deleted`) or settled: its pending partial must not bring it back. */
  forget(itemId: string): void {
    this.#lastAt.delete(itemId);
    this.#pending.delete(itemId);
    if (this.#pending.size === 0) this.#disarm();
  }

  /** Emits every pending partial now, in the order they began waiting. */
  flush(): void {
    this.#disarm();
    const now = this.#clock.now();
    for (const id of [...this.#pending.keys()]) this.#release(id, now);
  }

  /** Drops all state without emitting (a new `connect()`: the SDK's history starts empty). */
  reset(): void {
    this.#disarm();
    this.#lastAt.clear();
    this.#pending.clear();
  }

  #release(itemId: string, now: number): void {
    const item = this.#pending.get(itemId);
    if (!item) return;
    this.#pending.delete(itemId);
    this.#emitTimed(itemId, item, now);
  }

  /**
   * Emits and starts the item's window when the listeners return: when applying an update takes longer
   * than the window (the SDK at tens of thousands of items on a busy machine), the next one still waits a
   * full window instead of going out at once, so the coalescing holds under load.
   */
  #emitTimed(itemId: string, item: Item, now: number): void {
    this.#lastAt.set(itemId, now);
    this.#emit(item);
    if (this.#lastAt.has(itemId)) this.#lastAt.set(itemId, this.#clock.now());
  }

  #arm(at: number): void {
    if (this.#timerAt !== undefined && this.#timerAt <= at) return;
    this.#disarm();
    this.#timerAt = at;
    this.#timer = this.#clock.setTimeout(
      () => this.#onTimer(),
      Math.max(0, at - this.#clock.now()),
    );
  }

  #disarm(): void {
    if (this.#timerAt === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = undefined;
  }

  #onTimer(): void {
    // Timers may fire a hair early on some clocks: the armed time counts as reached.
    const now = Math.max(this.#clock.now(), this.#timerAt ?? 0);
    this.#timer = undefined;
    this.#timerAt = undefined;
    let next: number | undefined;
    for (const id of [...this.#pending.keys()]) {
      const dueAt = (this.#lastAt.get(id) ?? 0) + this.#intervalMs;
      if (dueAt <= now) this.#release(id, now);
      else next = next === undefined ? dueAt : Math.min(next, dueAt);
    }
    if (next !== undefined) this.#arm(next);
  }
}
