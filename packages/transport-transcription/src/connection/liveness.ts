/**
 * Dead-socket detection by ping/pong, for sockets that expose them (`ws` in Node). Browsers' `WebSocket`
 * has no `ping()`: there the transport relies on the browser reporting the close (see docs/reliability.md).
 */

/** Options of the liveness check. */
/** Dead-socket detection by ping (`liveness` option; Node `ws` sockets only). */
export interface LivenessOptions {
  /** How often to ping while no frame arrives, in ms (default 15 000). */
  intervalMs?: number;
  /** How long to wait for a pong (or any frame) before declaring the socket dead, in ms (default 10 000). */
  timeoutMs?: number;
}

/** The members of `ws`'s WebSocket the check uses; absent on browser sockets. */
export interface PingableSocket {
  ping?: () => void;
  on?: (event: 'pong', listener: () => void) => unknown;
  off?: (event: 'pong', listener: () => void) => unknown;
}

export const LIVENESS_DEFAULTS = { intervalMs: 15_000, timeoutMs: 10_000 };

/**
 * Starts watching `socket`. Call `alive()` on every frame received. `onDead` is called once when a ping went
 * unanswered for `timeoutMs`. Returns `undefined` when the socket cannot ping.
 */
export function watchLiveness(
  socket: PingableSocket,
  options: LivenessOptions,
  onDead: () => void,
): { alive(): void; stop(): void } | undefined {
  if (typeof socket.ping !== 'function' || typeof socket.on !== 'function')
    return undefined;
  const intervalMs = options.intervalMs ?? LIVENESS_DEFAULTS.intervalMs;
  const timeoutMs = options.timeoutMs ?? LIVENESS_DEFAULTS.timeoutMs;
  let lastSeen = Date.now();
  let pingSentAt: number | undefined;
  let stopped = false;
  const alive = () => {
    lastSeen = Date.now();
    pingSentAt = undefined;
  };
  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    if (pingSentAt !== undefined && now - pingSentAt >= timeoutMs) {
      stop();
      onDead();
      return;
    }
    if (pingSentAt === undefined && now - lastSeen >= intervalMs) {
      pingSentAt = now;
      try {
        socket.ping!();
      } catch {
        // A socket that cannot ping is closing; its close event follows.
      }
    }
  };
  const timer = setInterval(
    tick,
    Math.max(10, Math.min(intervalMs, timeoutMs) / 4),
  );
  (timer as { unref?: () => void }).unref?.();
  socket.on('pong', alive);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    socket.off?.('pong', alive);
  };
  return { alive, stop };
}
