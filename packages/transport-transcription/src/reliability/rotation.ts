/**
 * Proactive rotation as a state machine: ahead of a session's `expires_at`, open the next session while the
 * current one keeps working, switch to it at a commit boundary, and keep the old socket only until the turns
 * committed on it have their finals.
 *
 * `idle → scheduled → opening → ready → (switch) → draining → idle`. Each session is scheduled at most once,
 * and only for a plausible expiry (between 1 s and 24 h ahead): an `expires_at` in milliseconds, in the past,
 * or absurdly far away never turns into a storm of new sessions.
 */
import { clampDelay } from './reconnect-policy.js';

/** A remaining lifetime beyond this is not believed (OpenAI sessions last 60 minutes). */
export const MAX_PLAUSIBLE_LIFETIME_MS = 24 * 60 * 60_000;
/** Sessions with less than this left are not rotated; they just expire (and the reconnect takes over). */
export const MIN_ROTATION_LIFETIME_MS = 1_000;

export type RotationState<C> =
  | { phase: 'idle' }
  | { phase: 'scheduled'; timer: ReturnType<typeof setTimeout>; of: C }
  | { phase: 'opening'; attempt: object; of: C }
  | { phase: 'ready'; candidate: C; of: C; switchAtNextCommit: boolean }
  | { phase: 'draining'; old: C; itemIds: string[] };

export interface RotationHooks<C> {
  /** The connection audio goes to now, if the session is connected. */
  current(): C | undefined;
  /** Opens and configures the next session; `undefined` when the transport moved on meanwhile. */
  open(): Promise<C | undefined>;
  /** Whether every commit written to the current socket was answered (a commit boundary). */
  atCommitBoundary(current: C): boolean;
  /** Moves audio to `candidate`; returns the ids of the old socket's turns still waiting for finals. */
  switchTo(candidate: C, old: C): string[];
  /** Whether the old socket delivered every final it owes. */
  drained(old: C, itemIds: readonly string[]): boolean;
  close(connection: C, reason: string): void;
  /** `expires_at` of a connection's session, epoch seconds. */
  expiresAt(connection: C): number | undefined;
}

/** When to start a rotation for a session expiring at `expiresAt` (epoch s), or `undefined` for never. */
export function rotationDelay(
  expiresAt: number | undefined,
  leadMs: number,
  now: number,
): number | undefined {
  if (expiresAt === undefined || leadMs <= 0) return undefined;
  const remaining = expiresAt * 1000 - now;
  if (
    !(remaining >= MIN_ROTATION_LIFETIME_MS) ||
    remaining > MAX_PLAUSIBLE_LIFETIME_MS
  )
    return undefined;
  // Short sessions rotate half-way rather than at once.
  return clampDelay(
    remaining > 2 * leadMs ? remaining - leadMs : remaining / 2,
  );
}

export class Rotation<C extends object> {
  #state: RotationState<C> = { phase: 'idle' };
  /** Sessions already scheduled once: a session rotates at most once in its lifetime. */
  #scheduled = new WeakSet<C>();
  readonly #leadMs: number;
  readonly #hooks: RotationHooks<C>;

  constructor(leadMs: number, hooks: RotationHooks<C>) {
    this.#leadMs = leadMs;
    this.#hooks = hooks;
  }

  get state(): RotationState<C> {
    return this.#state;
  }

  /** The candidate being set up or ready, or the old socket draining: sockets whose frames still count. */
  owns(connection: C): boolean {
    const s = this.#state;
    return (
      (s.phase === 'ready' && s.candidate === connection) ||
      (s.phase === 'draining' && s.old === connection)
    );
  }

  /** The ready candidate (it gets settings changes too), if any. */
  get candidate(): C | undefined {
    return this.#state.phase === 'ready' ? this.#state.candidate : undefined;
  }

  isDraining(connection: C): boolean {
    return this.#state.phase === 'draining' && this.#state.old === connection;
  }

  /** A turn committed on the draining socket (a VAD commit racing our clear, or a late ack). */
  noteDrainingItem(connection: C, itemId: string): void {
    if (this.#state.phase === 'draining' && this.#state.old === connection)
      this.#state.itemIds.push(itemId);
  }

  drainingItemIds(connection: C): readonly string[] {
    return this.#state.phase === 'draining' && this.#state.old === connection
      ? this.#state.itemIds
      : [];
  }

  /** Schedules the rotation of `connection`'s session, once per session and only for a plausible expiry. */
  schedule(connection: C): void {
    if (this.#state.phase !== 'idle' || this.#scheduled.has(connection)) return;
    const delay = rotationDelay(
      this.#hooks.expiresAt(connection),
      this.#leadMs,
      Date.now(),
    );
    if (delay === undefined) return;
    this.#scheduled.add(connection);
    const timer = setTimeout(() => void this.#open(connection), delay);
    (timer as { unref?: () => void }).unref?.();
    this.#state = { phase: 'scheduled', timer, of: connection };
  }

  /** A commit was written or answered: a ready candidate waiting for a boundary may take over now. */
  commitBoundary(): void {
    const s = this.#state;
    if (s.phase !== 'ready' || !s.switchAtNextCommit) return;
    if (this.#hooks.current() !== s.of) return this.#abandon();
    if (this.#hooks.atCommitBoundary(s.of)) this.#switch(s.candidate, s.of);
  }

  /** A turn settled: the draining socket may be done. */
  settled(): void {
    const s = this.#state;
    if (s.phase !== 'draining' || !this.#hooks.drained(s.old, s.itemIds))
      return;
    this.#hooks.close(s.old, 'rotated to a new session');
    this.#state = { phase: 'idle' };
    const current = this.#hooks.current();
    if (current) this.schedule(current);
  }

  /**
   * A socket the rotation holds ended. A candidate: the current session goes on (the reconnect after
   * `session_expired` takes over). The draining socket: returns the ids of the turns it still owed.
   */
  ended(connection: C): string[] | undefined {
    const s = this.#state;
    if (s.phase === 'ready' && s.candidate === connection) {
      this.#state = { phase: 'idle' };
      return undefined;
    }
    if (s.phase === 'draining' && s.old === connection) {
      this.#state = { phase: 'idle' };
      return s.itemIds;
    }
    return undefined;
  }

  /** Drops whatever the rotation holds (the session ended, or reconnects and replays everything). */
  reset(): void {
    const s = this.#state;
    this.#state = { phase: 'idle' };
    if (s.phase === 'scheduled') clearTimeout(s.timer);
    if (s.phase === 'ready')
      this.#hooks.close(s.candidate, 'rotation abandoned');
    if (s.phase === 'draining') this.#hooks.close(s.old, 'rotated');
  }

  async #open(of: C): Promise<void> {
    if (this.#hooks.current() !== of) {
      this.#state = { phase: 'idle' };
      return;
    }
    const attempt = {};
    this.#state = { phase: 'opening', attempt, of };
    let candidate: C | undefined;
    try {
      candidate = await this.#hooks.open();
    } catch {
      // The current session goes on; the reconnect after session_expired takes over.
      if (this.#isAttempt(attempt)) this.#state = { phase: 'idle' };
      return;
    }
    if (!candidate) return;
    if (!this.#isAttempt(attempt) || this.#hooks.current() !== of) {
      if (this.#isAttempt(attempt)) this.#state = { phase: 'idle' };
      this.#hooks.close(candidate, 'rotation abandoned');
      return;
    }
    // Switch at a commit boundary: now if the last commit was answered, else right after the next commit.
    if (this.#hooks.atCommitBoundary(of)) this.#switch(candidate, of);
    else
      this.#state = {
        phase: 'ready',
        candidate,
        of,
        switchAtNextCommit: true,
      };
  }

  #isAttempt(attempt: object): boolean {
    return this.#state.phase === 'opening' && this.#state.attempt === attempt;
  }

  #switch(candidate: C, old: C): void {
    const itemIds = this.#hooks.switchTo(candidate, old);
    this.#state = { phase: 'draining', old, itemIds };
    this.settled(); // nothing owed: closes the old socket and schedules the new session at once
  }

  #abandon(): void {
    const s = this.#state;
    this.#state = { phase: 'idle' };
    if (s.phase === 'ready')
      this.#hooks.close(s.candidate, 'rotation abandoned');
  }
}
