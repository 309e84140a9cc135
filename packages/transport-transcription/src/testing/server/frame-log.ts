/**
 * The record of every frame in both directions, with `waitFor` so tests can await traffic instead of sleeping.
 */
import type { SimulatorLogEntry } from '../types.js';

interface Waiter {
  predicate: (entry: SimulatorLogEntry) => boolean;
  resolve: (entry: SimulatorLogEntry) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class FrameLog {
  readonly entries: SimulatorLogEntry[] = [];
  readonly #waiters = new Set<Waiter>();

  /** Appends an entry and settles the waiters it matches. */
  record(entry: SimulatorLogEntry): void {
    this.entries.push(entry);
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(entry)) continue;
      this.#waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(entry);
    }
  }

  /** Events of one direction, optionally of one type. */
  events(
    direction: SimulatorLogEntry['direction'],
    type?: string,
  ): SimulatorLogEntry['event'][] {
    return this.entries
      .filter(
        (entry) =>
          entry.direction === direction &&
          (type === undefined || entry.event.type === type),
      )
      .map((entry) => entry.event);
  }

  /** The first entry matching `predicate`, already logged or future; rejects after `timeoutMs`. */
  waitFor(
    predicate: (entry: SimulatorLogEntry) => boolean,
    timeoutMs = 5000,
  ): Promise<SimulatorLogEntry> {
    const found = this.entries.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(
            new Error(
              `simulator.waitFor: no matching frame within ${timeoutMs} ms (${this.entries.length} frames logged)`,
            ),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Rejects every pending `waitFor` (the simulator is closing), so no timer outlives it. */
  rejectAll(reason: string): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.#waiters.clear();
  }
}
