/**
 * The record of the frames in both directions, with `waitFor` so tests can await traffic instead of sleeping.
 *
 * The record is bounded (the last {@link FrameLogLimits.frames} frames and at most
 * {@link FrameLogLimits.bytes} of them), oldest dropped first: a simulator that runs for an hour (the offline
 * demo) would otherwise keep every audio frame it ever received. `waitFor` does not depend on the record:
 * every frame is offered to the pending waiters as it arrives, kept or not.
 */
import type { SimulatorLogEntry } from '../types.js';

/** How much of the traffic the log keeps. */
export interface FrameLogLimits {
  /** Frames kept, at most. */
  frames: number;
  /** Bytes of frames kept (their size on the wire), at most. */
  bytes: number;
}

/**
 * The defaults: 10 000 frames or 16 MiB, whichever is reached first. 16 MiB is about 4 minutes of 100 ms
 * PCM16 appends (6.4 KB of base64 each), far more than a test reads back, and keeps an hour-long offline
 * demo flat.
 */
export const DEFAULT_FRAME_LOG_LIMITS: Readonly<FrameLogLimits> = Object.freeze(
  { frames: 10_000, bytes: 16 * 2 ** 20 },
);

interface Waiter {
  predicate: (entry: SimulatorLogEntry) => boolean;
  resolve: (entry: SimulatorLogEntry) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class FrameLog {
  /** The frames kept, oldest first. The same array for the log's whole life (`simulator.log` is this). */
  readonly entries: SimulatorLogEntry[] = [];
  readonly limits: Readonly<FrameLogLimits>;
  /** The wire size of each kept entry, parallel to `entries`. */
  readonly #sizes: number[] = [];
  #bytes = 0;
  #dropped = 0;
  readonly #waiters = new Set<Waiter>();

  constructor(limits: Readonly<FrameLogLimits> = DEFAULT_FRAME_LOG_LIMITS) {
    this.limits = limits;
  }

  /** Frames dropped from the front of the log so far to stay within the limits. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Bytes of the frames kept now. */
  get bytes(): number {
    this.#resync();
    return this.#bytes;
  }

  /** Appends an entry of `bytes` wire bytes, drops the oldest beyond the limits, and settles the waiters it matches. */
  record(entry: SimulatorLogEntry, bytes: number): void {
    this.#resync();
    this.entries.push(entry);
    this.#sizes.push(bytes);
    this.#bytes += bytes;
    while (
      this.entries.length > this.limits.frames ||
      this.#bytes > this.limits.bytes
    ) {
      this.entries.shift();
      this.#bytes -= this.#sizes.shift()!;
      this.#dropped++;
    }
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(entry)) continue;
      this.#waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(entry);
    }
  }

  /** Events of one direction, optionally of one type (of the frames kept). */
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

  /** The first entry matching `predicate`, among the kept ones or future; rejects after `timeoutMs`. */
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

  /**
   * `simulator.log` is this very array, and some callers empty it to read it incrementally
   * (`log.length = 0`). Entries removed that way are taken to be the oldest, so the sizes follow.
   */
  #resync(): void {
    const removed = this.#sizes.length - this.entries.length;
    if (removed <= 0) return;
    for (const size of this.#sizes.splice(0, removed)) this.#bytes -= size;
  }
}

/**
 * `options.logLimit` checked and filled with the defaults.
 *
 * @throws TypeError naming the field and the value when a limit is not a whole number ≥ 0 (or `Infinity`).
 */
export function frameLogLimits(option: unknown): Readonly<FrameLogLimits> {
  if (option === undefined) return DEFAULT_FRAME_LOG_LIMITS;
  if (typeof option !== 'object' || option === null || Array.isArray(option))
    throw new TypeError(
      `createTranscriptionServerSimulator: options.logLimit must be an object such as { frames: 1000 }, got ${shown(option)}.`,
    );
  const limits = { ...DEFAULT_FRAME_LOG_LIMITS };
  for (const [key, value] of Object.entries(option)) {
    if (key !== 'frames' && key !== 'bytes')
      throw new TypeError(
        `createTranscriptionServerSimulator: options.logLimit takes frames and bytes, got an unknown field ${JSON.stringify(key)}.`,
      );
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !(Number.isSafeInteger(value) || value === Infinity) ||
      value < 0
    )
      throw new TypeError(
        `createTranscriptionServerSimulator: options.logLimit.${key} must be a whole number ≥ 0 or Infinity, got ${shown(value)}.`,
      );
    limits[key] = value;
  }
  return Object.freeze(limits);
}

function shown(value: unknown): string {
  return typeof value === 'number'
    ? String(value)
    : (JSON.stringify(value) ?? String(value));
}
