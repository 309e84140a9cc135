/**
 * `OpenAIRealtimeTranscriptionWebSocket`: a `RealtimeTransportLayer` for transcription sessions. The facade:
 * the lifecycle as one union, the wiring of the jobs, the getters, and public methods that hand off to them:
 * configuration `connect/updateSessionConfig → connection/connector → config/ → wire/configuration-event`;
 * audio `sendAudio → audio/audio-input (mute, client turns) → audio/audio-outbox → connection writer`;
 * events `connection → history/server-event-dispatch → history/turn-tracker → history/history-feed → emit`;
 * keeping it alive `reliability/continuity` (reconnect loop, rotation, handover, watchdog); `flush()` waits
 * in `history/drain-waiters`.
 */
import type {
  RealtimeClientMessage,
  RealtimeItem,
  RealtimeSessionConfig,
  RealtimeTransportLayer,
  RealtimeTransportLayerConnectOptions,
} from '@openai/agents-realtime';
import { AudioInput } from './audio/audio-input.js';
import { codecOf, toAudioBytes } from './audio/audio.js';
import {
  DEFAULTS,
  validateOptions,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
  type ReliabilityStats,
} from './config/options.js';
import type { ConfigWarning } from './config/warnings.js';
import { printUnheard } from './config/warnings.js';
import type { Connection } from './connection/connection.js';
import { Connector } from './connection/connector.js';
import { redacted } from './connection/open-connection.js';
import { TypedEmitter } from './emitter.js';
import { TranscriptionTransportError } from './errors.js';
import type { TranscriptionEventTypes } from './events.js';
import { DrainWaiters } from './history/drain-waiters.js';
import { HistoryFeed } from './history/history-feed.js';
import { ServerEventDispatch } from './history/server-event-dispatch.js';
import { TurnTracker } from './history/turn-tracker.js';
import type { Platform } from './platform/platform.js';
import { Continuity } from './reliability/continuity.js';
import {
  appendedAudio,
  assertSendable,
  removedItems,
  unsupported,
} from './wire/allowlist.js';
import type { WireSession } from './wire/wire-session.js';
import { OPEN } from './wire/url-and-auth.js';

export type {
  OpenAIRealtimeTranscriptionWebSocketOptions,
  ReliabilityStats,
} from './config/options.js';

/**
 * Where the session is. Stale work (a connect or an attempt that was overtaken) compares identity: an
 * attempt owns the lifecycle only while `lifecycle.attempt` is the object it started with.
 */
export type Lifecycle =
  | { status: 'disconnected' }
  | { status: 'connecting'; attempt: object }
  | { status: 'connected'; connection: Connection }
  | { status: 'reconnecting'; previous: Connection; attempt: object };

type Status = RealtimeTransportLayer['status'];

/** The platform-independent transport; the package entry points bind it to Node or the browser. */
export class TranscriptionTransport
  extends TypedEmitter<TranscriptionEventTypes>
  implements RealtimeTransportLayer
{
  #life: Lifecycle = { status: 'disconnected' };
  #sdkStatus: Status = 'disconnected';
  readonly #connector: Connector;
  readonly #input: AudioInput;
  readonly #turns: TurnTracker;
  readonly #feed: HistoryFeed;
  readonly #continuity: Continuity;
  readonly #drains: DrainWaiters;
  readonly #dispatch: ServerEventDispatch;

  constructor(
    options: OpenAIRealtimeTranscriptionWebSocketOptions,
    platform: Platform,
  ) {
    super();
    const policy = validateOptions(options);
    const warn = (warning: ConfigWarning) =>
      printUnheard(warning, this.emit('warning', warning));
    this.#feed = new HistoryFeed(options, {
      forget: (itemId) => this.#turns.remove(itemId),
      // A turn has its final (or never will): release audio nobody needs, a drained socket may close.
      settled: () => {
        this.#input.outbox.release(this.#turns.ledger.releasePosition);
        this.#continuity.rotation.settled();
        this.#drains.check();
      },
      events: this,
    });
    this.#turns = new TurnTracker(this.#feed);
    this.#input = new AudioInput(options, {
      current: () => this.#current,
      explicit: () => this.#connector.explicit,
      serverSession: () => this.serverSession,
      turns: this.#turns,
      // A rotation waits for a commit boundary.
      committed: () => this.#continuity.rotation.commitBoundary(),
      warn,
      events: this,
    });
    this.#connector = new Connector({ ...options }, platform, {
      events: {
        onEvent: (c, event, raw) => this.#dispatch.onEvent(c, event, raw),
        onEnd: (c, error) => this.#continuity.ended(c, error),
        onHealthy: (c) => this.#continuity.healthy(c),
      },
      input: this.#input,
      warn,
    });
    this.#continuity = new Continuity(policy, options, {
      connector: this.#connector,
      turns: this.#turns,
      input: this.#input,
      lifecycle: () => this.#life,
      current: () => this.#current,
      lost: (previous) =>
        this.#setLife({ status: 'reconnecting', previous, attempt: {} }),
      takeOver: (connection) => {
        this.#input.codec = connection.codec;
        this.#setLife({ status: 'connected', connection });
      },
      end: (error) => this.#end(error),
      events: this,
    });
    this.#drains = new DrainWaiters({
      accepting: () => this.#accepting,
      current: () => this.#current,
      end: () => this.#input.outbox.replay.end,
      pending: () => this.#turns.pendingCount,
    });
    this.#dispatch = new ServerEventDispatch({
      turns: this.#turns,
      input: this.#input,
      continuity: this.#continuity,
      current: () => this.#current,
      serverSession: () => this.serverSession,
      connector: this.#connector,
      events: this,
      checkDrained: () => this.#drains.check(),
    });
  }

  // ---- getters ----

  get status(): Status {
    return this.#sdkStatus;
  }

  /** The lifecycle as the transport sees it (`reconnecting` shows as `'connecting'` in {@link status}). */
  get lifecycle(): Lifecycle['status'] {
    return this.#life.status;
  }

  get muted(): boolean {
    return this.#input.muted;
  }

  /** The session as the server last reported it on the current socket (`session.created/updated`). */
  get serverSession(): WireSession | undefined {
    return this.#latest?.session;
  }

  /** `expires_at` of the current server session (epoch seconds), from `session.created`. */
  get expiresAt(): number | undefined {
    return this.#latest?.expiresAt;
  }

  /** A snapshot of the replay buffer, pending items and reconnections. */
  get reliability(): ReliabilityStats {
    return this.#continuity.stats();
  }

  /** The connection audio goes to, while connected. */
  get #current(): Connection | undefined {
    return this.#life.status === 'connected'
      ? this.#life.connection
      : undefined;
  }

  /** The current connection, or while reconnecting the one that was lost. */
  get #latest(): Connection | undefined {
    const life = this.#life;
    return life.status === 'connected'
      ? life.connection
      : life.status === 'reconnecting'
        ? life.previous
        : undefined;
  }

  /** From a successful `connect()` until `close()` or a final failure: audio is accepted. */
  get #accepting(): boolean {
    return this.#latest !== undefined; // connected or reconnecting
  }

  // ---- lifecycle ----

  /**
   * Opens the socket and configures the transcription session. Resolves once the server confirmed the
   * configuration (`session.updated`), or at `session.created` when nothing needed sending. Rejects with a
   * {@link TranscriptionTransportError} naming the cause; the transport is then disconnected and reusable,
   * and nothing else is emitted (no `error`, no reconnect).
   */
  async connect(options: RealtimeTransportLayerConnectOptions): Promise<void> {
    if (this.#life.status !== 'disconnected') this.close();
    // Everything that can be refused is checked before any I/O.
    const apiKey = await this.#connector.prepare(options);
    this.#input.reset(codecOf(this.#connector.explicit.format?.type));
    this.#turns.restart(0);
    this.#feed.reset();
    this.#continuity.reset();
    const life: Lifecycle = { status: 'connecting', attempt: {} };
    this.#setLife(life);
    const wanted = () => this.#life === life;
    let connection: Connection | undefined;
    try {
      connection = await this.#connector.open(apiKey, wanted);
    } catch (error) {
      if (this.#life === life) this.#setLife({ status: 'disconnected' });
      throw redacted(error, apiKey);
    }
    this.#setLife({ status: 'connected', connection });
    this.#continuity.start(connection);
  }

  /** Ends the session (a final close, reconnecting given up, reconnection off) and says why. */
  #end(error: TranscriptionTransportError): void {
    this.#teardown();
    this.emit('error', { type: 'error', error });
  }

  /** Forgets the socket, settles what can no longer complete, and reports `disconnected`. */
  #teardown(reason = 'client closed'): void {
    const connection = this.#latest;
    this.#setLife({ status: 'disconnected' });
    this.#continuity.stop();
    connection?.close(reason);
    this.#turns.endAll();
    this.#feed.dropPartials(); // every item in progress just got its final
    this.#input.reset();
  }

  #setLife(life: Lifecycle): void {
    this.#life = life;
    const status: Status =
      life.status === 'reconnecting' ? 'connecting' : life.status;
    if (this.#sdkStatus !== status) {
      this.#sdkStatus = status;
      this.emit('connection_change', status);
    }
    this.#drains.check();
  }

  /**
   * Closes the socket (code 1000). Items still waiting for a transcript are marked `incomplete`.
   * With `{ drain: true }`, first commits buffered audio (≥ 100 ms) and waits up to `timeoutMs`
   * (default 10 000) for pending finals, then closes; the promise resolves to `true` when everything
   * arrived in time. A drain that times out reports every turn it gives up (`transcript_failed`, and one
   * `error` naming the commits the server never acknowledged). Plain `close()` stays synchronous.
   */
  close(): void;
  close(options: { drain: true; timeoutMs?: number }): Promise<boolean>;
  close(options?: {
    drain?: boolean;
    timeoutMs?: number;
  }): void | Promise<boolean> {
    if (options?.drain) {
      return this.flush({ timeoutMs: options.timeoutMs }).then((done) => {
        const error = done ? undefined : this.#drains.unanswered();
        if (error) this.emit('error', { type: 'error', error });
        this.close();
        return done;
      });
    }
    if (this.#life.status === 'disconnected') return;
    this.#teardown();
  }

  /**
   * Commits the uncommitted tail (if ≥ 100 ms; with server turn detection only while speech is under way,
   * so trailing silence is not a turn) and waits until every committed item has its final transcript and
   * all audio was written, at most `timeoutMs` (default 10 000). Resolves `true` when drained, `false` on
   * timeout or when the session ended first. Never rejects.
   */
  flush(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (!this.#accepting) return Promise.resolve(false);
    this.#input.flushTail(this.#latest);
    return this.#drains.wait(options.timeoutMs ?? DEFAULTS.flushTimeoutMs);
  }

  /**
   * Appends audio: PCM16 LE 24 kHz mono (`ArrayBuffer`, `Int16Array` or `Uint8Array` of whole samples),
   * or G.711 bytes for `audio/pcmu`/`audio/pcma` sessions; at most 15 MiB per call. With `commit`, ends
   * the turn (needed when turn detection is off); a commit of under 100 ms of audio is not sent.
   * Throws a `TypeError`/`RangeError` for bad audio and `NOT_CONNECTED` before `connect()` resolves;
   * nothing is sent then. While reconnecting it does not throw: audio waits in the replay buffer. When the
   * socket does not drain, it throws `AUDIO_BACKPRESSURE` once `backpressure.maxQueuedMs` of audio waits.
   * The bytes are copied, so the buffer you pass may be reused as soon as this returns.
   */
  sendAudio(
    audio: ArrayBuffer | Int16Array | Uint8Array,
    options: { commit?: boolean } = {},
  ): void {
    const bytes = toAudioBytes(audio, this.#input.codec);
    if (!this.#accepting) this.#requireOpen('sendAudio');
    this.#input.send(bytes);
    if (options.commit) this.#input.appCommit();
  }

  // ---- the rest of RealtimeTransportLayer ----

  /**
   * Sends a raw client event. Only what a transcription session takes passes: `input_audio_buffer.*`,
   * and `session.update` with `session.type: 'transcription'` (`transcription_session.update` with the
   * legacy dialect). Anything else throws `UNSUPPORTED_OPERATION` and nothing is sent.
   */
  sendEvent(event: RealtimeClientMessage): void {
    assertSendable(event, this.#connector.dialect);
    const type = event.type;
    // Audio events go through the replay buffer so they survive a reconnect and keep the timeline right.
    if (type === 'input_audio_buffer.append')
      return this.sendAudio(appendedAudio(event));
    if (type === 'input_audio_buffer.commit') {
      if (!this.#accepting) this.#requireOpen('sendEvent');
      return this.#input.appCommit();
    }
    const connection = this.#requireOpen('sendEvent');
    connection.socket.send(JSON.stringify(event));
    // The cleared tail is never transcribed: mark it done so a replay skips it.
    if (type === 'input_audio_buffer.clear')
      this.#turns.cleared(this.#input.cleared(), Date.now());
  }

  /**
   * Called by `RealtimeSession` on agent changes and handoffs. Sends a transcription update only when a
   * transcription setting changed; agent fields are dropped (one warning each). The change reaches every
   * socket that will take audio: the current one, a rotation's candidate, and any socket still in setup.
   */
  updateSessionConfig(config: Partial<RealtimeSessionConfig>): void {
    if (this.#connector.update(config)) this.#continuity.reconfigure();
  }

  /** Drops audio while muted (a commit still ends the turn with what was sent before). */
  mute(muted: boolean): void {
    this.#input.muted = muted;
  }

  /** A transcription session has no response to interrupt. */
  interrupt(): void {}

  sendMessage(): void {
    throw unsupported('sendMessage()', 'text messages');
  }

  addImage(): void {
    throw unsupported('addImage()', 'images');
  }

  requestResponse(): void {
    throw unsupported('requestResponse()', 'responses');
  }

  sendFunctionCallOutput(): void {
    throw unsupported('sendFunctionCallOutput()', 'tool calls');
  }

  sendMcpResponse(): void {
    throw unsupported('sendMcpResponse()', 'MCP approvals');
  }

  /**
   * `RealtimeSession.updateHistory()`: removing items is done locally (the server keeps no history to
   * edit in a transcription session); adding or changing items is refused.
   */
  resetHistory(oldHistory: RealtimeItem[], newHistory: RealtimeItem[]): void {
    for (const item of removedItems(oldHistory, newHistory)) {
      this.#turns.remove(item.itemId);
      this.#feed.deleted(item.itemId);
    }
  }

  #requireOpen(what: string): Connection {
    const connection = this.#current;
    if (!connection || connection.socket.readyState !== OPEN) {
      throw new TranscriptionTransportError(
        'NOT_CONNECTED',
        `${what} needs a connected session; call it after connect() resolves (status is '${this.#sdkStatus}').`,
      );
    }
    return connection;
  }
}
