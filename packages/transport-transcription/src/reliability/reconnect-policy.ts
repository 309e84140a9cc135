/**
 * When to try reconnecting again: exponential backoff with full jitter. Pure; no I/O, no timers.
 */

/** Options of automatic reconnection. */
/** Backoff of automatic reconnection (`reconnect` option). */
export interface ReconnectOptions {
  /**
   * Attempts after one loss before giving up (default 15: with the other defaults that is at least 75 s of
   * outage even with the most jitter, about 2.5 min typically). The count restarts once a new connection
   * proved healthy (it got its first `committed` or transcript, or stayed up 5 s), not merely when its
   * setup succeeded.
   */
  maxAttempts?: number;
  /** Delay before the first retry, in ms (default 250). */
  initialDelayMs?: number;
  /** Longest delay between attempts, in ms (default 15 000). */
  maxDelayMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /**
   * Share of each delay that is randomised, 0..1 (default 0.5): the delay is drawn from
   * `[d × (1 − jitter), d]`, so many clients dropped together do not reconnect in step.
   */
  jitter?: number;
}

export interface ReconnectPolicy {
  readonly maxAttempts: number;
  /** The delay before attempt `attempt` (1-based). */
  delayMs(attempt: number): number;
}

export const RECONNECT_DEFAULTS = {
  maxAttempts: 15,
  initialDelayMs: 250,
  maxDelayMs: 15_000,
  factor: 2,
  jitter: 0.5,
} as const;

/** The longest delay `setTimeout` takes (2^31 − 1 ms); anything longer fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A delay `setTimeout` honours: finite, non-negative, at most {@link MAX_TIMER_MS}. */
export function clampDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, MAX_TIMER_MS);
}

/** Validates the options (throwing a `RangeError` naming the bad one) and builds the policy. */
export function reconnectPolicy(
  options: ReconnectOptions = {},
  random: () => number = Math.random,
): ReconnectPolicy {
  const o = { ...RECONNECT_DEFAULTS, ...stripUndefined(options) };
  const check = (name: string, ok: boolean, value: number) => {
    if (!ok)
      throw new RangeError(
        `reconnect.${name} is out of range; got ${JSON.stringify(value)}.`,
      );
  };
  check('maxAttempts', o.maxAttempts >= 0, o.maxAttempts);
  check('initialDelayMs', o.initialDelayMs >= 0, o.initialDelayMs);
  check('maxDelayMs', o.maxDelayMs >= o.initialDelayMs, o.maxDelayMs);
  check('factor', o.factor >= 1, o.factor);
  check('jitter', o.jitter >= 0 && o.jitter <= 1, o.jitter);
  return {
    maxAttempts: o.maxAttempts,
    delayMs(attempt) {
      const base = Math.min(
        o.maxDelayMs,
        o.initialDelayMs * o.factor ** Math.max(0, attempt - 1),
      );
      return Math.round(base * (1 - o.jitter * random()));
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
