/**
 * Timers the simulator owns, tracked so that closing a connection or the server cancels every one of them
 * (a leaked timer would keep vitest from exiting).
 */
export class TimerSet {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  /** Runs `fn` after `ms`, unless `clearAll()` comes first. */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    this.#timers.add(timer);
  }

  /** Cancels everything still pending. */
  clearAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
