/**
 * One session across sockets: what a socket's end means (a lost connection, a dying rotation candidate or
 * drained socket, or the end of the session), the reconnect loop, proactive rotation and the transcript
 * watchdog, wired to the connector that opens the sockets and the handover that moves the audio.
 *
 * It never sets the lifecycle itself: it says so through its hooks (`lost`, `takeOver`, `end`), and checks
 * by identity (`lifecycle()`) that work it started is still wanted.
 */
import type { AudioInput } from '../audio/audio-input.js';
import { bytesPerMs } from '../audio/audio.js';
import {
  DEFAULTS,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
  type ReliabilityStats,
} from '../config/options.js';
import type { Connection } from '../connection/connection.js';
import type { Connector } from '../connection/connector.js';
import type { EventSink } from '../emitter.js';
import type { TranscriptionTransportError } from '../errors.js';
import type { TranscriptionEventTypes } from '../events.js';
import type { TurnTracker } from '../history/turn-tracker.js';
import { Handover } from './handover.js';
import type { ReconnectPolicy } from './reconnect-policy.js';
import { Reconnector } from './reconnector.js';
import { Rotation } from './rotation.js';
import { Watchdog } from './watchdog.js';

/** What continuity reads from the transport, and how it tells the transport where the session is. */
export interface ContinuityDeps {
  connector: Connector;
  turns: TurnTracker;
  input: AudioInput;
  /** The lifecycle value now, compared by identity only: work started under another value is stale. */
  lifecycle(): object;
  /** The connection audio goes to, while connected. */
  current(): Connection | undefined;
  /** The session lost `previous` and reconnects: the lifecycle becomes `reconnecting`. */
  lost(previous: Connection): void;
  /** `connection` takes the audio from now on: the lifecycle becomes `connected` to it. */
  takeOver(connection: Connection): void;
  /** The session ends with `error` (a final close, reconnecting given up, reconnection off). */
  end(error: TranscriptionTransportError): void;
  events: EventSink<TranscriptionEventTypes>;
}

/** Reconnects, rotation and the watchdog of one transport; see the file comment. */
export class Continuity {
  /** The proactive rotation (its state tells which sockets' frames still count). */
  readonly rotation: Rotation<Connection>;
  readonly #reconnector: Reconnector<Connection> | undefined;
  readonly #watchdog: Watchdog;
  readonly #handover: Handover;
  readonly #deps: ContinuityDeps;
  #reconnects = 0;

  /**
   * Without a `policy` the transport does not reconnect, and so does not rotate either. Reads
   * `rotateBeforeExpiryMs` and `transcriptTimeoutMs` (validated).
   */
  constructor(
    policy: ReconnectPolicy | undefined,
    options: OpenAIRealtimeTranscriptionWebSocketOptions,
    deps: ContinuityDeps,
  ) {
    const rotateBeforeExpiryMs =
      options.rotateBeforeExpiryMs ?? DEFAULTS.rotateBeforeExpiryMs;
    const transcriptTimeoutMs =
      options.transcriptTimeoutMs ?? DEFAULTS.transcriptTimeoutMs;
    const { turns } = deps;
    this.#deps = deps;
    this.#handover = new Handover(turns, deps.input);
    this.#reconnector = policy
      ? new Reconnector(policy, {
          open: () => this.#openNext(),
          reconnecting: (event) => deps.events.emit('reconnecting', event),
          reconnected: (connection, attempt) =>
            this.#afterReconnect(connection, attempt),
          giveUp: (error) => deps.end(error),
        })
      : undefined;
    this.rotation = new Rotation(policy ? rotateBeforeExpiryMs : 0, {
      current: () => deps.current(),
      open: () => this.#openCandidate(),
      atCommitBoundary: (current) => current.writer.commits.length === 0,
      switchTo: (candidate, old) => this.#switchTo(candidate, old),
      drained: (old, itemIds) =>
        old.writer.commits.length === 0 &&
        itemIds.every((id) => !turns.awaitsFinal(id)),
      close: (connection, reason) => connection.close(reason),
      expiresAt: (connection) => connection.expiresAt,
    });
    this.#watchdog = new Watchdog(transcriptTimeoutMs, (now, timeoutMs) => {
      if (deps.current()) turns.timeOut(now, timeoutMs);
    });
  }

  /** Whether a socket's unexpected end is reconnected (else it ends the session). */
  get reconnects(): boolean {
    return this.#reconnector !== undefined;
  }

  /** A new session: no reconnects counted, no loop, no rotation. */
  reset(): void {
    this.#reconnects = 0;
    this.#reconnector?.reset();
    this.rotation.reset();
  }

  /** `connect()` succeeded on `connection`: transcripts are watched, it is configured, its rotation scheduled. */
  start(connection: Connection): void {
    this.#watchdog.start();
    this.#deps.connector.configure(connection);
    this.rotation.schedule(connection);
  }

  /** The session ends: no loop, no rotation (its sockets are closed), no watchdog. */
  stop(): void {
    this.#reconnector?.cancel();
    this.rotation.reset();
    this.#watchdog.stop();
  }

  /** `connection` proved healthy: if it is the current one, reconnect attempts count from zero again. */
  healthy(connection: Connection): void {
    if (connection === this.#deps.current()) this.#reconnector?.healthy();
  }

  /** The settings changed: they go to every socket that will take audio (one in setup reads them itself). */
  reconfigure(): void {
    const current = this.#deps.current();
    if (current) this.#deps.connector.configure(current);
    const candidate = this.rotation.candidate;
    if (candidate) this.#deps.connector.configure(candidate);
  }

  /** A connection whose setup had succeeded ended. */
  ended(connection: Connection, error: TranscriptionTransportError): void {
    const rotation = this.rotation;
    const turns = this.#deps.turns;
    if (rotation.isDraining(connection)) {
      const owed = (rotation.ended(connection) ?? []).filter((id) =>
        turns.awaitsFinal(id),
      );
      // Their audio is still in the replay buffer: a reconnect replays them with everything else pending.
      const current = this.#deps.current();
      if (owed.length > 0 && current) this.#lost(current, error);
      return;
    }
    if (rotation.owns(connection)) {
      rotation.ended(connection); // a ready candidate died: the current session goes on
      return;
    }
    if (connection !== this.#deps.current()) return;
    const final =
      error.code === 'AUTH_FAILED' || error.code === 'REQUEST_REJECTED';
    if (this.#reconnector && !final) this.#lost(connection, error);
    else this.#deps.end(error);
  }

  /** A snapshot of the replay buffer, pending items and reconnections. */
  stats(): ReliabilityStats {
    const { input, turns } = this.#deps;
    const outbox = input.outbox;
    const perMs = bytesPerMs(input.codec);
    const replay = outbox.replay;
    const sent = this.#deps.current()?.writer.sent ?? replay.start;
    return {
      replayBufferedMs: replay.size / perMs,
      replayChunks: replay.chunkCount,
      unsentMs: (replay.end - Math.max(sent, replay.start)) / perMs,
      pendingItems: turns.pendingItemIds().length,
      ledgerTurns: turns.ledger.turns.length,
      trackedItems: turns.size,
      reconnects: this.#reconnects,
      droppedMs: outbox.droppedBytes / perMs,
    };
  }

  /** The one way into reconnecting. Audio keeps flowing into the replay buffer meanwhile. */
  #lost(connection: Connection, error: TranscriptionTransportError): void {
    connection.close('reconnecting');
    // The replay sends every pending turn again, the draining socket's too.
    this.rotation.reset();
    this.#deps.lost(connection);
    this.#reconnector!.lost(error);
  }

  /** A socket for a reconnect attempt or a rotation, while the lifecycle stays where it is now. */
  #openNext(): Promise<Connection | undefined> {
    const deps = this.#deps;
    const life = deps.lifecycle();
    return deps.connector.openNext(() => deps.lifecycle() === life);
  }

  async #openCandidate(): Promise<Connection | undefined> {
    const candidate = await this.#openNext();
    // Settings changed while it was set up go to it before it takes any audio.
    if (candidate) this.#deps.connector.configure(candidate);
    return candidate;
  }

  /** The new socket is set up: it takes over, is sent the settings if they changed, then the replay. */
  #afterReconnect(connection: Connection, attempt: number): void {
    const start = this.#handover.prepareReplay(connection);
    this.#reconnects++;
    this.#deps.takeOver(connection);
    this.#deps.connector.configure(connection);
    const replayedMs = this.#handover.replay(connection, start);
    this.#deps.events.emit('reconnected', { attempt, replayedMs });
    this.rotation.schedule(connection);
  }

  /** A rotation switches: new audio goes to the candidate; returns the old socket's turns still owed. */
  #switchTo(candidate: Connection, old: Connection): string[] {
    const itemIds = this.#handover.leave(old);
    this.#deps.takeOver(candidate);
    this.#reconnects++;
    const replayedMs = this.#handover.takeTail(candidate);
    this.#deps.events.emit('reconnected', { attempt: 0, replayedMs });
    return itemIds;
  }
}
