/**
 * `OpenAIRealtimeTranscriptionWebSocket`: a `RealtimeTransportLayer` for transcription sessions.
 *
 * The facade: the lifecycle as one union, the dispatch of server events, and the getters. The jobs live in
 * their folders: configuration `connect/updateSessionConfig → config/ → wire/configuration-event → connection`;
 * audio `sendAudio → audio/audio-outbox → connection writer`; events `connection → wire/server-events →
 * history/turn-tracker → emit`; keeping it alive in `reliability/` (one reconnect loop, rotation).
 */
import type {
  RealtimeClientMessage,
  RealtimeItem,
  RealtimeSessionConfig,
  RealtimeTransportLayer,
  RealtimeTransportLayerConnectOptions,
} from '@openai/agents-realtime';
import { AudioOutbox } from './audio/audio-outbox.js';
import {
  clientTurnsFor,
  type ClientTurns,
  type TurnStep,
} from './audio/client-turns.js';
import {
  bytesPerMs,
  codecOf,
  MIN_COMMIT_MS,
  toAudioBytes,
  type AudioCodec,
} from './audio/audio.js';
import { traitsOf } from './config/model-rules.js';
import {
  DEFAULTS,
  validateOptions,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
  type ReliabilityStats,
} from './config/options.js';
import { explicitSettings } from './config/explicit-settings.js';
import {
  clientTurnDetection,
  modelInEffect,
  shutdownWarning,
} from './config/model-in-effect.js';
import {
  assertDialectAccepts,
  settingsToSend,
} from './config/settings-to-send.js';
import { sameValue, type TranscriptionSettings } from './config/settings.js';
import { printUnheard, type ConfigWarning } from './config/warnings.js';
import type { Connection } from './connection/connection.js';
import {
  checkKey,
  openAnotherConnection,
  openConnection,
  redacted,
  type OpenContext,
} from './connection/open-connection.js';
import { TypedEmitter } from './emitter.js';
import {
  redactSecrets,
  TranscriptionTransportError,
  type ServerErrorDetail,
} from './errors.js';
import type { TranscriptionEventTypes } from './events.js';
import type { UserAudioItem } from './history/transcript-items.js';
import { HistoryWindow } from './history/history-window.js';
import { UpdateCoalescer } from './history/update-coalescer.js';
import { TurnTracker } from './history/turn-tracker.js';
import type { Platform } from './platform/platform.js';
import type { ReconnectPolicy } from './reliability/reconnect-policy.js';
import { Reconnector } from './reliability/reconnector.js';
import { Rotation } from './reliability/rotation.js';
import { Watchdog } from './reliability/watchdog.js';
import {
  appendedAudio,
  assertSendable,
  removedItems,
  unsupported,
} from './wire/allowlist.js';
import {
  configurationEvent,
  type Dialect,
} from './wire/configuration-event.js';
import type { InterpretedEvent, ServerEvent } from './wire/server-events.js';
import { normalizeWireFormat, type WireSession } from './wire/wire-session.js';
import { sdkUsage } from './wire/usage.js';
import { OPEN, resolveApiKey, transcriptionUrl } from './wire/url-and-auth.js';

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
  readonly #options: OpenAIRealtimeTranscriptionWebSocketOptions;
  readonly #platform: Platform;
  readonly #warned = new Set<string>();
  readonly #policy: ReconnectPolicy | undefined;
  #life: Lifecycle = { status: 'disconnected' };
  #sdkStatus: Status = 'disconnected';
  #explicit: TranscriptionSettings = {};
  /** The codec of the session's audio (the current connection's once it reported a format). */
  #codec: AudioCodec = 'pcm16';
  #muted = false;
  /** The client turn detector on the audio sent, while the session detects turns on the client. */
  #clientTurns: ClientTurns | undefined;
  #apiKeySource: RealtimeTransportLayerConnectOptions['apiKey'] | undefined;
  #url = '';
  #reconnects = 0;
  readonly #outbox: AudioOutbox;
  readonly #turns: TurnTracker;
  readonly #reconnector: Reconnector<Connection> | undefined;
  readonly #rotation: Rotation<Connection>;
  readonly #watchdog: Watchdog;
  /** `flush()` calls waiting for the session to drain; checked whenever a turn settles or a frame arrives. */
  readonly #drainWaiters = new Set<() => void>();
  /** What reaches `item_update`: partial texts coalesced per item (historyUpdates), finals at once. */
  readonly #coalescer: UpdateCoalescer<UserAudioItem>;
  /** The opt-in bound on settled items in the SDK's history (historyLimit). */
  readonly #window: HistoryWindow | undefined;

  constructor(
    options: OpenAIRealtimeTranscriptionWebSocketOptions,
    platform: Platform,
  ) {
    super();
    this.#policy = validateOptions(options);
    this.#options = { ...options };
    this.#platform = platform;
    this.#outbox = new AudioOutbox(
      options.replayBufferMs ?? DEFAULTS.replayBufferMs,
      options.backpressure?.maxQueuedMs ?? DEFAULTS.maxQueuedMs,
      {
        warn: (warning) => this.#warnOnce(warning),
        dropMatters: (start) => this.#dropMatters(start),
      },
    );
    this.#window = options.historyLimit
      ? new HistoryWindow(options.historyLimit.maxItems)
      : undefined;
    this.#coalescer = new UpdateCoalescer(
      options.historyUpdates?.partialIntervalMs ?? DEFAULTS.partialIntervalMs,
      (item) => this.#emitItem(item),
    );
    this.#turns = new TurnTracker({
      update: (item) => this.#coalescer.update(item),
      failed: (itemId, error) => {
        this.emit('transcript_failed', { itemId, error });
        if (error.code === 'TRANSCRIPTION_TIMEOUT')
          this.emit('error', { type: 'error', error });
      },
      deleted: (itemId) => this.#deleted(itemId),
      settled: () => this.#onSettled(),
    });
    this.#reconnector = this.#policy
      ? new Reconnector(this.#policy, {
          open: () => this.#openNext(),
          reconnecting: (event) => this.emit('reconnecting', event),
          reconnected: (connection, attempt) =>
            this.#afterReconnect(connection, attempt),
          giveUp: (error) => this.#end(error),
        })
      : undefined;
    this.#rotation = new Rotation(
      this.#policy
        ? (options.rotateBeforeExpiryMs ?? DEFAULTS.rotateBeforeExpiryMs)
        : 0,
      {
        current: () => this.#current,
        open: () => this.#openCandidate(),
        atCommitBoundary: (current) => current.writer.commits.length === 0,
        switchTo: (candidate, old) => this.#switchTo(candidate, old),
        drained: (old, itemIds) =>
          old.writer.commits.length === 0 &&
          itemIds.every((id) => !this.#turns.awaitsFinal(id)),
        close: (connection, reason) => connection.close(reason),
        expiresAt: (connection) => connection.expiresAt,
      },
    );
    this.#watchdog = new Watchdog(
      options.transcriptTimeoutMs ?? DEFAULTS.transcriptTimeoutMs,
      (now, timeoutMs) => {
        if (this.#life.status === 'connected')
          this.#turns.timeOut(now, timeoutMs);
      },
    );
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
    return this.#muted;
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
    const perMs = bytesPerMs(this.#codec);
    const replay = this.#outbox.replay;
    const sent = this.#current?.writer.sent ?? replay.start;
    return {
      replayBufferedMs: replay.size / perMs,
      replayChunks: replay.chunkCount,
      unsentMs: (replay.end - Math.max(sent, replay.start)) / perMs,
      pendingItems: this.#turns.pendingItemIds().length,
      ledgerTurns: this.#turns.ledger.turns.length,
      trackedItems: this.#turns.size,
      reconnects: this.#reconnects,
      droppedMs: this.#outbox.droppedBytes / perMs,
    };
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
    return (
      this.#life.status === 'connected' || this.#life.status === 'reconnecting'
    );
  }

  get #dialect(): Dialect {
    return this.#options.dialect ?? 'ga';
  }

  get #minCommitBytes(): number {
    return MIN_COMMIT_MS * bytesPerMs(this.#codec);
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
    const explicit = explicitSettings(
      this.#options.session,
      options.initialSessionConfig,
    );
    assertDialectAccepts(this.#dialect, explicit.settings);
    const url = transcriptionUrl(options.url ?? this.#options.url);
    const apiKeySource = options.apiKey ?? this.#options.apiKey;
    const apiKey = checkKey(
      await resolveApiKey(apiKeySource),
      this.#platform,
      this.#options.useInsecureApiKey,
    );
    this.#warn(explicit.warnings);
    this.#explicit = explicit.settings;
    this.#codec = codecOf(explicit.settings.format?.type);
    this.#apiKeySource = apiKeySource;
    this.#url = url;
    this.#outbox.reset();
    this.#clientTurns = undefined;
    this.#turns.restart(0);
    this.#coalescer.reset();
    this.#window?.reset();
    this.#reconnects = 0;
    this.#reconnector?.reset();
    this.#rotation.reset();
    const attempt = {};
    const life: Lifecycle = { status: 'connecting', attempt };
    this.#setLife(life);
    let connection: Connection | undefined;
    try {
      connection = await openConnection(
        this.#openContext(),
        apiKey,
        0,
        () => this.#life === life,
      );
    } catch (error) {
      if (this.#life === life) this.#setLife({ status: 'disconnected' });
      throw redacted(error, apiKey);
    }
    this.#setLife({ status: 'connected', connection });
    this.#watchdog.start();
    this.#configure(connection);
    this.#rotation.schedule(connection);
  }

  /** How this transport opens every connection (connect, reconnect, rotation). */
  #openContext(): OpenContext {
    const options = this.#options;
    return {
      url: this.#url,
      platform: this.#platform,
      createWebSocket: options.createWebSocket,
      useInsecureApiKey: options.useInsecureApiKey,
      plan: {
        explicit: () => this.#explicit,
        settingsFor: (explicit, server) => settingsToSend(explicit, server),
        dialect: this.#dialect,
      },
      settings: () => ({
        encodeBase64: this.#platform.encodeBase64,
        highWaterMark:
          options.backpressure?.highWaterMark ?? DEFAULTS.highWaterMark,
        liveness: options.liveness,
        connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        codec: this.#codec,
      }),
      hooks: {
        onEvent: (c, event, raw) => this.#onEvent(c, event, raw),
        onEnd: (c, error) => this.#onEnd(c, error),
        onHealthy: (c) => {
          if (c === this.#current) this.#reconnector?.healthy();
        },
        // Every dropped frame may be a lost transcript: a `warning` each time (the console hears once per field).
        onProblem: (_c, problem) =>
          this.#warnOnce({ field: problem.field, message: problem.message }),
        onFault: (c, error) =>
          this.#warnOnce({
            field: 'server',
            message: `A server frame could not be handled and was dropped: ${redactSecrets(String((error as Error)?.message ?? error), c.apiKey)}`,
          }),
      },
    };
  }

  /** A socket for a reconnect attempt or a rotation, while the lifecycle stays where it is now. */
  #openNext(): Promise<Connection | undefined> {
    const life = this.#life;
    return openAnotherConnection(
      this.#openContext(),
      this.#apiKeySource,
      () => this.#outbox.replay.start,
      () => this.#life === life,
    );
  }

  async #openCandidate(): Promise<Connection | undefined> {
    const candidate = await this.#openNext();
    // Settings changed while it was set up go to it before it takes any audio.
    if (candidate) this.#configure(candidate);
    return candidate;
  }

  /** Sends the settings again if they changed since `connection` was configured. */
  #configure(connection: Connection): void {
    const explicit = this.#explicit;
    const shutdown = shutdownWarning(
      modelInEffect(explicit, connection.session),
    );
    if (shutdown) this.#warn([shutdown]);
    if (sameValue(connection.configuredWith, explicit)) return;
    connection.configuredWith = explicit;
    const settings = settingsToSend(explicit, connection.session);
    if (settings && connection.socket.readyState === OPEN)
      connection.socket.send(
        JSON.stringify(configurationEvent(this.#dialect, settings)),
      );
  }

  /** A connection whose setup had succeeded ended. */
  #onEnd(connection: Connection, error: TranscriptionTransportError): void {
    if (this.#rotation.isDraining(connection)) {
      const owed = (this.#rotation.ended(connection) ?? []).filter((id) =>
        this.#turns.awaitsFinal(id),
      );
      // Their audio is still in the replay buffer: a reconnect replays them with everything else pending.
      const current = this.#current;
      if (owed.length > 0 && current) this.#lost(current, error);
      return;
    }
    if (this.#rotation.owns(connection)) {
      this.#rotation.ended(connection); // a ready candidate died: the current session goes on
      return;
    }
    if (connection !== this.#current) return;
    const final =
      error.code === 'AUTH_FAILED' || error.code === 'REQUEST_REJECTED';
    if (this.#reconnector && !final) this.#lost(connection, error);
    else this.#end(error);
  }

  /** The one way into reconnecting. Audio keeps flowing into the replay buffer meanwhile. */
  #lost(connection: Connection, error: TranscriptionTransportError): void {
    connection.close('reconnecting');
    // The replay sends every pending turn again, the draining socket's too.
    this.#rotation.reset();
    this.#setLife({
      status: 'reconnecting',
      previous: connection,
      attempt: {},
    });
    this.#reconnector!.lost(error);
  }

  /**
   * The new socket is configured. Items committed on the old one without a final are removed (their audio
   * is replayed and transcribed again, so history holds each turn once); items whose audio no longer is in
   * the replay buffer are marked `incomplete`. Then the buffer is replayed, skipping turns already done.
   */
  #afterReconnect(connection: Connection, attempt: number): void {
    const outbox = this.#outbox;
    const replay = outbox.replay;
    const plan = this.#turns.replay(replay.start, (from) => {
      replay.release(from);
      return replay.start;
    });
    const from = replay.start;
    outbox.lastCommitAt = Math.max(
      from,
      Math.min(outbox.lastCommitAt, replay.end),
    );
    connection.writer.restart(from, plan.skip);
    connection.anchors = plan.anchors;
    outbox.replayed();
    this.#reconnects++;
    this.#codec = connection.codec;
    this.#setLife({ status: 'connected', connection });
    this.#configure(connection);
    const skipped = plan.skip.reduce((sum, [a, b]) => sum + (b - a), 0);
    const replayedBytes = Math.max(0, replay.end - from - skipped);
    connection.writer.flush(replay, this.#minCommitBytes);
    this.emit('reconnected', {
      attempt,
      replayedMs: replayedBytes / bytesPerMs(this.#codec),
    });
    this.#rotation.schedule(connection);
  }

  /**
   * New audio goes to the candidate from here on; the uncommitted tail is sent to it again. The old socket is
   * cleared (so its VAD cannot commit the tail too) and kept only until its pending turns have their finals.
   */
  #switchTo(candidate: Connection, old: Connection): string[] {
    old.stopWriting();
    if (old.socket.readyState === OPEN)
      old.socket.send('{"type":"input_audio_buffer.clear"}');
    const itemIds = this.#turns.ledger.turns
      .filter((turn) => !turn.settled)
      .map((turn) => turn.itemId);
    this.#codec = candidate.codec;
    this.#setLife({ status: 'connected', connection: candidate });
    const replay = this.#outbox.replay;
    const from = Math.max(replay.start, this.#outbox.lastCommitAt);
    candidate.writer.restart(from, []);
    this.#reconnects++;
    candidate.writer.flush(replay, this.#minCommitBytes);
    this.emit('reconnected', {
      attempt: 0,
      replayedMs: (replay.end - from) / bytesPerMs(this.#codec),
    });
    return itemIds;
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
    this.#reconnector?.cancel();
    this.#rotation.reset();
    this.#watchdog.stop();
    connection?.close(reason);
    // A transcript for audio committed on this socket can never arrive on another one.
    this.#turns.endAll(
      (itemId) =>
        new TranscriptionTransportError(
          'CONNECTION_LOST',
          `The connection ended before item ${itemId} was transcribed.`,
        ),
    );
    this.#coalescer.reset(); // every item in progress just got its final: nothing is left to flush
    this.#outbox.reset();
    this.#clientTurns = undefined;
  }

  #setLife(life: Lifecycle): void {
    this.#life = life;
    const status: Status =
      life.status === 'reconnecting' ? 'connecting' : life.status;
    if (this.#sdkStatus !== status) {
      this.#sdkStatus = status;
      this.emit('connection_change', status);
    }
    this.#checkDrained();
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
        const unanswered = this.#current?.writer.commits.length ?? 0;
        if (!done && unanswered > 0)
          this.emit('error', {
            type: 'error',
            error: new TranscriptionTransportError(
              'TRANSCRIPTION_TIMEOUT',
              `close({ drain: true }) timed out: ${unanswered} committed turn${unanswered === 1 ? '' : 's'} the server never acknowledged ${unanswered === 1 ? 'was' : 'were'} given up.`,
            ),
          });
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
    const latest = this.#latest;
    const turns = this.#detector();
    if (turns) {
      // The client detector knows whether a turn is under way: trailing silence is not a turn, unless the
      // server already streams text for it (a live item): then it is committed, or that item never settles.
      const steps = turns.flush();
      this.#apply(steps);
      if (
        this.#turns.precommitCount > 0 &&
        !steps.some((step) => step.kind === 'commit')
      )
        this.#commit();
    } else if (!latest?.serverDetectsTurns || latest.speaking) this.#commit();
    const timeoutMs = options.timeoutMs ?? DEFAULTS.flushTimeoutMs;
    return new Promise((resolve) => {
      const finish = (done: boolean) => {
        clearTimeout(timer);
        this.#drainWaiters.delete(check);
        resolve(done);
      };
      const check = () => {
        if (!this.#accepting) return finish(false);
        if (this.#drained()) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.#drainWaiters.add(check);
      check();
    });
  }

  #drained(): boolean {
    const connection = this.#current;
    return (
      connection !== undefined &&
      connection.writer.sent >= this.#outbox.replay.end &&
      connection.writer.commits.length === 0 &&
      this.#turns.pendingCount === 0
    );
  }

  #checkDrained(): void {
    if (this.#drainWaiters.size === 0) return;
    for (const check of [...this.#drainWaiters]) check();
  }

  // ---- audio ----

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
    const bytes = toAudioBytes(audio, this.#codec);
    if (!this.#accepting) this.#requireOpen('sendAudio');
    if (!this.#muted && bytes.byteLength > 0) {
      const turns = this.#detector();
      if (turns) this.#apply(turns.push(bytes));
      else this.#append(bytes);
    }
    if (options.commit) this.#appCommit();
  }

  #append(bytes: Uint8Array): void {
    const connection = this.#current;
    this.#outbox.send(
      bytes,
      connection?.writer,
      this.#codec,
      connection?.socket.bufferedAmount ?? 0,
    );
  }

  /**
   * The client turn detector for the settings and model in effect now (made at the current end of the
   * stream when they change), or `undefined` when the server detects turns or the application commits.
   */
  #detector(): ClientTurns | undefined {
    const server = this.serverSession;
    const settings = clientTurnDetection(
      this.#explicit,
      modelInEffect(this.#explicit, server),
    );
    const format =
      this.#explicit.format?.type ??
      normalizeWireFormat(server?.audio?.input?.format)?.type;
    this.#clientTurns = clientTurnsFor(
      this.#clientTurns,
      settings,
      format === 'audio/pcmu' || format === 'audio/pcma' ? format : 'audio/pcm',
      this.#outbox.replay.end,
    );
    return this.#clientTurns;
  }

  /** Appends and commits as the client detector said; commits take the one commit path (replay boundaries). */
  #apply(steps: TurnStep[]): void {
    for (const step of steps) {
      if (step.kind === 'append') this.#append(step.bytes);
      else if (step.kind === 'commit') this.#commit();
      // No item exists before the commit: the id is empty (the `committed` item follows).
      else if (step.kind === 'speech_started')
        this.emit('speech_started', {
          itemId: '',
          audioStartMs: step.audioStartMs,
        });
      else
        this.emit('speech_stopped', {
          itemId: '',
          audioEndMs: step.audioEndMs,
        });
    }
  }

  /** A commit the application sent: the turn ends here, so the client detector starts afresh. */
  #appCommit(): void {
    this.#commit();
    this.#clientTurns?.reset(this.#outbox.replay.end);
  }

  #commit(): void {
    if (this.#outbox.commit(this.#current?.writer, this.#codec))
      this.#rotation.commitBoundary(); // a rotation waits for a commit boundary
  }

  #dropMatters(start: number): boolean {
    const ledger = this.#turns.ledger;
    return (
      ledger.turns.some((turn) => !turn.settled && turn.start < start) ||
      // committed audio whose `committed` event has not arrived yet
      (ledger.lastEnd < start && this.#outbox.lastCommitAt > ledger.lastEnd)
    );
  }

  /** A turn has its final (or never will): release audio nobody needs any more. */
  #onSettled(): void {
    this.#outbox.release(this.#turns.ledger.releasePosition);
    this.#rotation.settled();
    this.#checkDrained();
  }

  // ---- server events ----

  #onEvent(
    connection: Connection,
    event: InterpretedEvent | undefined,
    raw: ServerEvent,
  ): void {
    const owned =
      connection === this.#current || this.#rotation.owns(connection);
    // RealtimeSession writes a raw `completed` into its history itself: only finals this transport took pass.
    if (
      event?.kind !== 'completed' ||
      (owned && !this.#turns.isIgnored(event.itemId))
    )
      this.emit('*', raw);
    if (event && owned) this.#handle(event, connection);
    this.#checkDrained();
  }

  #handle(event: InterpretedEvent, connection: Connection): void {
    // A socket rotated away from still delivers the transcripts of its turns, and nothing else counts.
    if (this.#rotation.isDraining(connection)) {
      if (
        event.kind === 'session' ||
        event.kind === 'speech_started' ||
        event.kind === 'speech_stopped' ||
        event.kind === 'cleared'
      )
        return;
      if (
        (event.kind === 'committed' || event.kind === 'item_added') &&
        !this.#rotation.drainingItemIds(connection).includes(event.itemId) &&
        connection.writer.commits.length === 0
      ) {
        // A VAD commit that crossed our clear: that audio is transcribed on the new socket.
        this.#turns.remove(event.itemId);
        return;
      }
    }
    switch (event.kind) {
      case 'session':
        if (connection === this.#current) this.#codec = connection.codec;
        return;
      case 'error':
        return this.#onServerError(connection, event.error);
      case 'speech_started':
        return void this.emit('speech_started', {
          itemId: event.itemId,
          audioStartMs: this.#timelineMs(connection, event.audioStartMs),
        });
      case 'speech_stopped': {
        // The server committed up to audio_end_ms; what came after is still uncommitted. Never past the
        // audio this socket was actually sent: a bogus value must not swallow later commits.
        const perMs = bytesPerMs(this.#codec);
        const position = connection.writer.toTimeline(
          Math.round(event.audioEndMs * perMs),
        );
        const end = Math.min(Math.max(position, 0), connection.writer.sent);
        connection.stops.set(event.itemId, end);
        this.#outbox.lastCommitAt = Math.max(this.#outbox.lastCommitAt, end);
        return void this.emit('speech_stopped', {
          itemId: event.itemId,
          audioEndMs: position / perMs,
        });
      }
      case 'cleared':
        this.#outbox.lastCommitAt = this.#outbox.replay.end;
        return;
      case 'committed':
        return this.#onCommitted(
          connection,
          event.itemId,
          event.previousItemId,
        );
      case 'item_added':
        return this.#turns.added(
          event.itemId,
          event.previousItemId,
          event.transcript,
          Date.now(),
        );
      case 'delta': {
        const replace =
          traitsOf(this.#currentModel())?.wholeTextDeltas ?? false;
        const transcript = this.#turns.delta(
          event.itemId,
          event.delta,
          replace,
          Date.now(),
        );
        if (transcript === undefined) return;
        return void this.emit('transcript_delta', {
          itemId: event.itemId,
          delta: event.delta,
          transcript,
          logprobs: event.logprobs,
        });
      }
      case 'completed': {
        if (!this.#turns.completed(event.itemId, event.transcript)) return;
        this.emit('transcript_completed', {
          itemId: event.itemId,
          transcript: event.transcript,
          usage: event.usage,
          logprobs: event.logprobs,
          languages: event.languages,
        });
        if (event.usage?.type === 'tokens')
          this.emit('usage_update', sdkUsage(event.usage));
        return;
      }
      case 'failed': {
        const error = new TranscriptionTransportError(
          'TRANSCRIPTION_FAILED',
          `Transcription of item ${event.itemId} failed: ${event.error.message ?? 'no reason given'}`,
          { serverError: event.error },
        );
        // A failure after the final (a late or duplicate event) changes nothing: the text stands.
        if (this.#turns.failed(event.itemId, error))
          this.emit('error', { type: 'error', error });
        return;
      }
      case 'segment': {
        const { kind: _kind, ...segment } = event;
        return void this.emit('transcript_segment', segment);
      }
      default:
        return; // a kind this version does not act on
    }
  }

  #onCommitted(
    connection: Connection,
    itemId: string,
    serverPreviousItemId: string | null,
  ): void {
    const committed = this.#turns.committed(
      connection,
      itemId,
      serverPreviousItemId,
      () => {
        let end = connection.stops.get(itemId);
        if (end !== undefined) connection.stops.delete(itemId);
        else end = connection.writer.commits.shift() ?? connection.writer.sent;
        this.#outbox.lastCommitAt = Math.max(this.#outbox.lastCommitAt, end);
        return end;
      },
      Date.now(),
    );
    if (!committed) return;
    this.#rotation.noteDrainingItem(connection, itemId);
    if (connection === this.#current) this.#rotation.commitBoundary();
  }

  #onServerError(connection: Connection, error: ServerErrorDetail): void {
    // The close that follows starts a reconnect; the application hears of it through `reconnecting`.
    if (error.code === 'session_expired' && this.#policy) return;
    if (error.code === 'input_audio_buffer_commit_empty')
      connection.writer.commits.shift(); // that commit made no item
    const message = redactSecrets(
      error.message ?? 'unknown error',
      connection.apiKey,
    );
    this.emit('error', {
      type: 'error',
      error: new TranscriptionTransportError(
        'SERVER_ERROR',
        `Server error${error.code ? ` (${error.code})` : ''}: ${message}`,
        { serverError: error },
      ),
    });
  }

  /** A server position (ms on this socket) → ms on the transport's timeline. */
  #timelineMs(connection: Connection, serverMs: number): number {
    const perMs = bytesPerMs(this.#codec);
    return connection.writer.toTimeline(Math.round(serverMs * perMs)) / perMs;
  }

  // ---- the rest of RealtimeTransportLayer ----

  /**
   * Sends a raw client event. Only what a transcription session takes passes: `input_audio_buffer.*`,
   * and `session.update` with `session.type: 'transcription'` (`transcription_session.update` with the
   * legacy dialect). Anything else throws `UNSUPPORTED_OPERATION` and nothing is sent.
   */
  sendEvent(event: RealtimeClientMessage): void {
    assertSendable(event, this.#dialect);
    const type = event.type;
    // Audio events go through the replay buffer so they survive a reconnect and keep the timeline right.
    if (type === 'input_audio_buffer.append') {
      return this.sendAudio(appendedAudio(event));
    }
    if (type === 'input_audio_buffer.commit') {
      if (!this.#accepting) this.#requireOpen('sendEvent');
      return this.#appCommit();
    }
    const connection = this.#requireOpen('sendEvent');
    connection.socket.send(JSON.stringify(event));
    if (type === 'input_audio_buffer.clear') {
      // The cleared tail is never transcribed: mark it done so a replay skips it.
      const end = this.#outbox.replay.end;
      this.#outbox.lastCommitAt = end;
      this.#clientTurns?.reset(end);
      this.#turns.cleared(end, Date.now());
    }
  }

  /**
   * Called by `RealtimeSession` on agent changes and handoffs. Sends a transcription update only when a
   * transcription setting changed; agent fields are dropped (one warning each). The change reaches every
   * socket that will take audio: the current one, a rotation's candidate, and any socket still in setup.
   */
  updateSessionConfig(config: Partial<RealtimeSessionConfig>): void {
    const explicit = explicitSettings(this.#options.session, config);
    assertDialectAccepts(this.#dialect, explicit.settings);
    this.#warn(explicit.warnings);
    if (sameValue(explicit.settings, this.#explicit)) return;
    this.#explicit = explicit.settings;
    const current = this.#current;
    if (current) this.#configure(current);
    const candidate = this.#rotation.candidate;
    if (candidate) this.#configure(candidate);
  }

  /** Drops audio while muted (a commit still ends the turn with what was sent before). */
  mute(muted: boolean): void {
    this.#muted = muted;
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
      this.#deleted(item.itemId);
    }
  }

  /** An update leaves the coalescer: the SDK applies it; the history window may then delete old items. */
  #emitItem(item: UserAudioItem): void {
    this.emit('item_update', item);
    for (const itemId of this.#window?.updated(item) ?? []) {
      this.#turns.remove(itemId); // its late events must not bring it back
      this.emit('item_deleted', { itemId });
    }
  }

  /** The item left history: no pending partial may bring it back, and the window stops counting it. */
  #deleted(itemId: string): void {
    this.#coalescer.forget(itemId);
    this.#window?.deleted(itemId);
    this.emit('item_deleted', { itemId });
  }

  #currentModel(): string | undefined {
    return (
      this.serverSession?.audio?.input?.transcription?.model ??
      this.#explicit.transcription?.model ??
      undefined
    );
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

  #warn(warnings: ConfigWarning[]): void {
    for (const warning of warnings) {
      if (this.#warned.has(warning.field)) continue;
      this.#warned.add(warning.field);
      this.#warnOnce(warning);
    }
  }

  /** A `warning` event, or (with no listener) a console line. */
  #warnOnce(warning: ConfigWarning): void {
    printUnheard(warning, this.emit('warning', warning));
  }
}
