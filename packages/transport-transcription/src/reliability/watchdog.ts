/**
 * The transcript watchdog: a timer that, while the session runs, asks the turn tracker to give up on every
 * turn (pre-commit ones included) without a final for `transcriptTimeoutMs`. `0` turns it off.
 */
export class Watchdog {
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #timeoutMs: number;
  readonly #check: (now: number, timeoutMs: number) => void;

  constructor(
    timeoutMs: number,
    check: (now: number, timeoutMs: number) => void,
  ) {
    this.#timeoutMs = timeoutMs;
    this.#check = check;
  }

  start(): void {
    this.stop();
    const timeoutMs = this.#timeoutMs;
    if (timeoutMs === 0) return;
    this.#timer = setInterval(
      () => this.#check(Date.now(), timeoutMs),
      Math.max(10, Math.min(1000, timeoutMs / 4)),
    );
    (this.#timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
