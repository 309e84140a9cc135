/**
 * The reconnect loop: the one owner of the reconnect timer. Every way a running session loses its socket (a
 * close, a dead socket, `session_expired`, a failed attempt) comes through {@link Reconnector.lost} or the
 * attempt's own result, and a loop that runs ignores further losses: no failure can start a second loop.
 *
 * Attempts count from the last connection that proved healthy, not from the last one that completed its
 * setup, so a server that accepts and closes at once still backs off and, in the end, is given up on.
 */
import { TranscriptionTransportError } from '../errors.js';
import type { ReconnectingEvent } from '../events.js';
import { clampDelay, type ReconnectPolicy } from './reconnect-policy.js';

/** Errors after which another attempt with the same request cannot succeed. */
const FINAL_CODES = new Set([
  'AUTH_FAILED',
  'REQUEST_REJECTED',
  'SESSION_UPDATE_REJECTED',
  'CONFIG_CONFLICT',
  'INSECURE_API_KEY',
  'INVALID_OPTION',
]);

/** What the loop does between attempts. */
export type ReconnectState =
  | { phase: 'idle' }
  | { phase: 'waiting'; attempt: number; timer: ReturnType<typeof setTimeout> }
  | { phase: 'attempting'; attempt: number; token: object };

export interface ReconnectorHooks<C> {
  /** Opens and configures a new socket; `undefined` when the transport moved on meanwhile. */
  open(): Promise<C | undefined>;
  reconnecting(event: ReconnectingEvent): void;
  reconnected(connection: C, attempt: number): void;
  giveUp(error: TranscriptionTransportError): void;
}

export class Reconnector<C> {
  #state: ReconnectState = { phase: 'idle' };
  /** Attempts since the last healthy connection. */
  #failures = 0;
  readonly #policy: ReconnectPolicy;
  readonly #hooks: ReconnectorHooks<C>;

  constructor(policy: ReconnectPolicy, hooks: ReconnectorHooks<C>) {
    this.#policy = policy;
    this.#hooks = hooks;
  }

  get state(): ReconnectState {
    return this.#state;
  }

  get running(): boolean {
    return this.#state.phase !== 'idle';
  }

  /** The socket in use was lost. Starts the loop, unless one runs already. */
  lost(error: TranscriptionTransportError): void {
    if (this.running) return;
    this.#next(error);
  }

  /** The connection in use proved healthy: the next loss starts counting attempts from 1 again. */
  healthy(): void {
    this.#failures = 0;
  }

  /** Stops the loop (close(), a new connect()). An attempt under way is ignored when it settles. */
  cancel(): void {
    if (this.#state.phase === 'waiting') clearTimeout(this.#state.timer);
    this.#state = { phase: 'idle' };
  }

  /** Starts over for a new session: no loop, no failures counted. */
  reset(): void {
    this.cancel();
    this.#failures = 0;
  }

  #next(error: TranscriptionTransportError): void {
    const attempt = ++this.#failures;
    const policy = this.#policy;
    if (attempt > policy.maxAttempts) {
      this.#state = { phase: 'idle' };
      return this.#hooks.giveUp(
        new TranscriptionTransportError(
          'CONNECTION_LOST',
          `Gave up reconnecting after ${policy.maxAttempts} attempts: ${error.message}`,
          { cause: error, serverError: error.serverError },
        ),
      );
    }
    const delayMs = clampDelay(policy.delayMs(attempt));
    const timer = setTimeout(() => void this.#attempt(attempt), delayMs);
    this.#state = { phase: 'waiting', attempt, timer };
    this.#hooks.reconnecting({ attempt, delayMs, error });
  }

  async #attempt(attempt: number): Promise<void> {
    const token = {};
    this.#state = { phase: 'attempting', attempt, token };
    const current = () =>
      this.#state.phase === 'attempting' && this.#state.token === token;
    let connection: C | undefined;
    try {
      connection = await this.#hooks.open();
    } catch (error) {
      if (!current()) return;
      const failure =
        error instanceof TranscriptionTransportError
          ? error
          : new TranscriptionTransportError('CONNECT_FAILED', String(error));
      if (FINAL_CODES.has(failure.code)) {
        this.#state = { phase: 'idle' };
        return this.#hooks.giveUp(failure);
      }
      return this.#next(failure);
    }
    if (!current() || connection === undefined) return;
    this.#state = { phase: 'idle' };
    this.#hooks.reconnected(connection, attempt);
  }
}
