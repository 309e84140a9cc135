/**
 * `OpenAIRealtimeTranscriptionWebSocket`: a `RealtimeTransportLayer` for transcription sessions.
 *
 * This file owns the lifecycle (connect, close, status) and wires the pure parts together:
 * configuration `connect/updateSessionConfig → session-config → dialects → socket`;
 * audio `sendAudio → audio → socket`; events `socket → protocol → transcript-items → emit`.
 */
import type {
  RealtimeClientMessage,
  RealtimeItem,
  RealtimeSessionConfig,
  RealtimeTransportEventTypes,
  RealtimeTransportLayer,
  RealtimeTransportLayerConnectOptions,
} from '@openai/agents-realtime';
import {
  bytesPerMs,
  codecOf,
  MIN_COMMIT_MS,
  toAudioBytes,
  type AudioCodec,
} from './audio.js';
import {
  errorForClose,
  isFinalClose,
  OPEN,
  resolveApiKey,
  transcriptionUrl,
  type WebSocketLike,
} from './connection.js';
import { configurationEvent, type Dialect } from './dialects.js';
import { TypedEmitter } from './emitter.js';
import {
  redactSecrets,
  TranscriptionTransportError,
  type ServerErrorDetail,
} from './errors.js';
import type { TranscriptionEventTypes } from './events.js';
import { traitsOf } from './model-rules.js';
import type { Platform } from './platform.js';
import {
  normalizeWireFormat,
  type InterpretedEvent,
  type WireSession,
} from './protocol.js';
import {
  explicitSettings,
  sameValue,
  settingsToSend,
  type ConfigWarning,
} from './session-config.js';
import type { TranscriptionSettings } from './session-options.js';
import { TranscriptItems, type UserAudioItem } from './transcript-items.js';
import { ReplayBuffer } from './replay-buffer.js';
import { AudioArena } from './audio-arena.js';
import { AFTER_PREVIOUS, TurnLedger, type Turn } from './turn-ledger.js';
import { UpdateCoalescer } from './history/update-coalescer.js';
import { HistoryWindow } from './history/history-window.js';
import {
  advanceSetup,
  attachSocket,
  awaitSetup,
  closeSocket,
  setupTakesError,
  type SocketSession,
} from './socket-session.js';
import type { ReconnectPolicy } from './reconnect-policy.js';
import {
  DEFAULTS,
  validateOptions,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
  type ReliabilityStats,
} from './options.js';
import {
  appendedAudio,
  assertSendable,
  removedItems,
  unsupported,
} from './refusals.js';

export type {
  OpenAIRealtimeTranscriptionWebSocketOptions,
  ReliabilityStats,
} from './options.js';

type Status = RealtimeTransportLayer['status'];

type Connection = SocketSession;

const ignore = () => {};
/** Names the pseudo-turns that mark a cleared tail in the ledger. */
let clearCounter = 0;

/**
 * Fields whose config warning went to the console, process-wide: a server running 1,000 sessions with the
 * same agent config should print each one once, not 1,000 times. The `warning` event stays per transport.
 */
const printedWarnings = new Set<string>();
/** Errors after which another attempt with the same request cannot succeed. */
const FINAL_CODES = new Set([
  'AUTH_FAILED',
  'REQUEST_REJECTED',
  'SESSION_UPDATE_REJECTED',
  'CONFIG_CONFLICT',
  'INSECURE_API_KEY',
  'INVALID_OPTION',
]);

/** Drops nothing but the key from an error's message. */
function redacted(
  error: unknown,
  apiKey: string | undefined,
): TranscriptionTransportError {
  if (error instanceof TranscriptionTransportError) {
    const message = redactSecrets(error.message, apiKey);
    if (message === error.message) return error;
    return new TranscriptionTransportError(error.code, message, {
      cause: error.cause,
      serverError: error.serverError,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TranscriptionTransportError(
    'CONNECT_FAILED',
    `Could not open the socket: ${redactSecrets(message, apiKey)}`,
  );
}

/** The platform-independent transport; the package entry points bind it to Node or the browser. */
export class TranscriptionTransport
  extends TypedEmitter<TranscriptionEventTypes>
  implements RealtimeTransportLayer
{
  readonly #options: OpenAIRealtimeTranscriptionWebSocketOptions;
  readonly #platform: Platform;
  readonly #warned = new Set<string>();
  #status: Status = 'disconnected';
  #connection: Connection | undefined;
  #explicit: TranscriptionSettings = {};
  #serverSession: WireSession | undefined;
  #codec: AudioCodec = 'pcm16';
  #items = new TranscriptItems();
  #muted = false;
  /** Transport-timeline position of the last commit (manual, VAD or clear); under 100 ms past it, no commit. */
  #lastCommitAt = 0;
  readonly #policy: ReconnectPolicy | undefined;
  #replay: ReplayBuffer;
  /** Where the replay buffer's copies of the caller's audio live (callers reuse their buffers). */
  readonly #arena = new AudioArena();
  #ledger = new TurnLedger();
  /** Bumped by `connect()` and `close()`: work started under an older generation stops. */
  #generation = 0;
  /** True from a successful `connect()` until `close()` or a final failure: audio is accepted. */
  #active = false;
  #apiKeySource: RealtimeTransportLayerConnectOptions['apiKey'] | undefined;
  #url = '';
  #reconnectAttempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #expiresAt: number | undefined;
  /** A socket being set up to replace the current one ahead of expiry (proactive rotation). */
  #candidate: Connection | undefined;
  #rotationTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rotation is due: it happens at the next moment no turn waits for a transcript. */
  #rotationDue = false;
  /** The candidate is ready and waits for the current socket's commits to be answered. */
  #switchWhenAcked = false;
  /** The socket rotated away from: it only delivers the finals of the turns committed on it. */
  #draining: { connection: Connection; itemIds: string[] } | undefined;
  #reconnects = 0;
  #droppedBytes = 0;
  /** A drop warning was emitted and no replay or settle happened since (one warning per episode). */
  #dropWarned = false;
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
    this.#replay = this.#newReplayBuffer();
    this.#window = options.historyLimit
      ? new HistoryWindow(options.historyLimit.maxItems)
      : undefined;
    this.#coalescer = new UpdateCoalescer(
      options.historyUpdates?.partialIntervalMs ?? DEFAULTS.partialIntervalMs,
      (item) => this.#emitItem(item),
    );
  }

  /** `expires_at` of the current server session (epoch seconds), from `session.created`. */
  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /** A snapshot of the replay buffer, pending items and reconnections. */
  get reliability(): ReliabilityStats {
    const perMs = bytesPerMs(this.#codec);
    const sent = this.#connection?.writer.sent ?? this.#replay.start;
    return {
      replayBufferedMs: this.#replay.size / perMs,
      replayChunks: this.#replay.chunkCount,
      unsentMs: (this.#replay.end - Math.max(sent, this.#replay.start)) / perMs,
      pendingItems: this.#items.pendingItemIds().length,
      ledgerTurns: this.#ledger.turns.length,
      trackedItems: this.#items.size,
      reconnects: this.#reconnects,
      droppedMs: this.#droppedBytes / perMs,
    };
  }

  #newReplayBuffer(): ReplayBuffer {
    // Sized for PCM16 (the larger codec); G.711 then keeps 6× as long, which errs on the safe side.
    return new ReplayBuffer(
      (this.#options.replayBufferMs ?? DEFAULTS.replayBufferMs) *
        bytesPerMs('pcm16'),
    );
  }

  get status(): Status {
    return this.#status;
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** The session as the server last reported it (`session.created` / `session.updated`). */
  get serverSession(): WireSession | undefined {
    return this.#serverSession;
  }

  /**
   * Opens the socket and configures the transcription session. Resolves once the server confirmed the
   * configuration (`session.updated`), or at `session.created` when nothing needed sending. Rejects with a
   * {@link TranscriptionTransportError} naming the cause; the transport is then disconnected and reusable.
   */
  async connect(options: RealtimeTransportLayerConnectOptions): Promise<void> {
    if (this.#status !== 'disconnected') this.close();
    // Everything that can be refused is checked before any I/O.
    const explicit = explicitSettings(
      this.#options.session,
      options.initialSessionConfig,
    );
    const url = transcriptionUrl(options.url ?? this.#options.url);
    const apiKeySource = options.apiKey ?? this.#options.apiKey;
    const apiKey = this.#checkKey(await resolveApiKey(apiKeySource));
    this.#warn(explicit.warnings);
    this.#explicit = explicit.settings;
    this.#serverSession = undefined;
    this.#codec = codecOf(explicit.settings.format?.type);
    const generation = ++this.#generation;
    this.#apiKeySource = apiKeySource;
    this.#url = url;
    this.#replay = this.#newReplayBuffer();
    this.#ledger = new TurnLedger();
    this.#ledger.restart(0, this.#items.lastItemId);
    this.#lastCommitAt = 0;
    this.#reconnects = 0;
    this.#droppedBytes = 0;
    this.#coalescer.reset();
    this.#window?.reset();
    this.#setStatus('connecting');

    let connection: Connection | undefined;
    try {
      const socket = await (
        this.#options.createWebSocket ?? this.#platform.createWebSocket
      )({ url, apiKey });
      if (generation !== this.#generation) {
        // close() (or another connect()) came first: this socket has no owner, so it must not linger.
        socket.addEventListener('error', ignore);
        if (socket.readyState <= OPEN)
          socket.close(1000, 'closed while connecting');
        throw new TranscriptionTransportError(
          'CONNECT_FAILED',
          'close() was called while connecting.',
        );
      }
      connection = this.#attach(socket, apiKey, 0);
      this.#connection = connection;
      await this.#awaitSetup(connection);
      this.#active = true;
      this.#startWatchdog();
      this.#setStatus('connected');
    } catch (error) {
      if (connection && this.#connection === connection)
        this.#teardown(1000, 'connect failed');
      else if (generation === this.#generation && this.#status === 'connecting')
        this.#setStatus('disconnected');
      throw redacted(error, apiKey);
    }
  }

  /** Browsers must use ephemeral keys (checked on every connect and reconnect). */
  #checkKey(apiKey: string): string {
    if (
      this.#platform.isBrowser &&
      !apiKey.startsWith('ek_') &&
      !this.#options.useInsecureApiKey
    ) {
      throw new TranscriptionTransportError(
        'INSECURE_API_KEY',
        'In a browser, connect with an ephemeral key (ek_…) minted by your server with createTranscriptionClientSecret(); set useInsecureApiKey only for trusted local tools.',
      );
    }
    return apiKey;
  }

  /** Listens to a new socket whose audio starts at `base` on the transport's timeline. */
  #attach(socket: WebSocketLike, apiKey: string, base: number): Connection {
    return attachSocket(
      socket,
      apiKey,
      base,
      {
        encodeBase64: this.#platform.encodeBase64,
        highWaterMark:
          this.#options.backpressure?.highWaterMark ?? DEFAULTS.highWaterMark,
        liveness: this.#options.liveness,
      },
      {
        owns: (connection) =>
          this.#connection === connection ||
          this.#candidate === connection ||
          this.#draining?.connection === connection,
        isCurrent: (connection) => this.#connection === connection,
        onRawEvent: (event) => this.emit('*', event),
        onEvent: (connection, event) => this.#handle(event, connection),
        onClose: (connection, code, reason) =>
          this.#onClose(code, reason, connection),
      },
    );
  }

  #awaitSetup(connection: Connection): Promise<void> {
    return awaitSetup(
      connection,
      this.#options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    );
  }

  #handle(event: InterpretedEvent, connection: Connection): void {
    // A socket rotated away from still delivers the transcripts of its turns, and nothing else counts.
    if (
      this.#draining?.connection === connection &&
      (event.kind === 'session' ||
        event.kind === 'speech_started' ||
        event.kind === 'speech_stopped' ||
        event.kind === 'cleared')
    )
      return;
    if (
      this.#draining?.connection === connection &&
      (event.kind === 'committed' || event.kind === 'item_added') &&
      !this.#draining.itemIds.includes(event.itemId) &&
      connection.writer.commits.length === 0
    ) {
      // A VAD commit that crossed our clear: that audio is transcribed on the new socket.
      this.#items.remove(event.itemId);
      return;
    }
    switch (event.kind) {
      case 'session':
        return this.#onSession(connection, event.phase, event.session);
      case 'error':
        return this.#onServerError(connection, event.error);
      case 'speech_started':
        return void this.emit('speech_started', {
          itemId: event.itemId,
          audioStartMs: this.#timelineMs(connection, event.audioStartMs),
        });
      case 'speech_stopped': {
        // The server committed up to audio_end_ms; what came after is still uncommitted.
        const end = connection.writer.toTimeline(
          Math.round(event.audioEndMs * bytesPerMs(this.#codec)),
        );
        connection.stops.set(event.itemId, end);
        this.#lastCommitAt = Math.max(this.#lastCommitAt, end);
        return void this.emit('speech_stopped', {
          itemId: event.itemId,
          audioEndMs: end / bytesPerMs(this.#codec),
        });
      }
      case 'cleared':
        this.#lastCommitAt = this.#replay.end;
        return;
      case 'committed':
        return this.#onCommitted(
          connection,
          event.itemId,
          event.previousItemId,
        );
      case 'item_added':
        return this.#update(
          this.#items.added(
            event.itemId,
            event.previousItemId,
            event.transcript,
          ),
        );
      case 'delta': {
        const replace =
          traitsOf(this.#currentModel())?.wholeTextDeltas ?? false;
        const item = this.#items.delta(event.itemId, event.delta, replace);
        if (!item) return;
        this.#update(item);
        const transcript =
          item.content[0]?.type === 'input_audio'
            ? (item.content[0].transcript ?? '')
            : '';
        return void this.emit('transcript_delta', {
          itemId: event.itemId,
          delta: event.delta,
          transcript,
          logprobs: event.logprobs,
        });
      }
      case 'completed': {
        if (this.#items.isRemoved(event.itemId)) return;
        this.#settle(event.itemId);
        this.#update(this.#items.complete(event.itemId, event.transcript));
        this.emit('transcript_completed', {
          itemId: event.itemId,
          transcript: event.transcript,
          usage: event.usage,
          logprobs: event.logprobs,
          languages: event.languages,
        });
        if (event.usage?.type === 'tokens') this.#emitUsage(event.usage);
        return;
      }
      case 'failed': {
        // A failure after the final (a late or duplicate event) changes nothing: the text stands.
        if (
          this.#items.isRemoved(event.itemId) ||
          this.#items.isCompleted(event.itemId)
        )
          return;
        this.#settle(event.itemId);
        this.#update(this.#items.fail(event.itemId));
        const error = new TranscriptionTransportError(
          'TRANSCRIPTION_FAILED',
          `Transcription of item ${event.itemId} failed: ${event.error.message ?? 'no reason given'}`,
          { serverError: event.error },
        );
        this.emit('transcript_failed', { itemId: event.itemId, error });
        return void this.emit('error', { type: 'error', error });
      }
      case 'segment': {
        const { kind: _kind, ...segment } = event;
        return void this.emit('transcript_segment', segment);
      }
    }
  }

  #onSession(
    connection: Connection,
    phase: 'created' | 'updated',
    session: WireSession,
  ): void {
    this.#serverSession = session;
    if (
      typeof session.expires_at === 'number' &&
      connection !== this.#candidate
    ) {
      this.#expiresAt = session.expires_at;
      if (phase === 'created') this.#scheduleRotation(session.expires_at);
    }
    const format = normalizeWireFormat(session.audio?.input?.format);
    if (format) this.#codec = codecOf(format.type);
    advanceSetup(
      connection,
      phase,
      session,
      (server) => settingsToSend(this.#explicit, server),
      this.#dialect,
    );
  }

  #onServerError(connection: Connection, error: ServerErrorDetail): void {
    connection.lastServerError = error;
    if (error.code === 'session_expired') {
      connection.expired = true;
      // The close that follows starts a reconnect; the application hears of it through `reconnecting`.
      if (this.#policy && !connection.setup) return;
    }
    if (error.code === 'input_audio_buffer_commit_empty')
      connection.writer.commits.shift(); // that commit made no item
    const message = redactSecrets(
      error.message ?? 'unknown error',
      connection.apiKey,
    );
    // During setup, a refusal of our update fails the connect; a fatal error arrives with a close.
    if (setupTakesError(connection, error, message)) return;
    this.emit('error', {
      type: 'error',
      error: new TranscriptionTransportError(
        'SERVER_ERROR',
        `Server error${error.code ? ` (${error.code})` : ''}: ${message}`,
        { serverError: error },
      ),
    });
  }

  #onClose(code: number, reason: string, connection: Connection): void {
    const error = connection.expired
      ? new TranscriptionTransportError(
          'CONNECTION_LOST',
          `The server ended the session: session_expired (${redactSecrets(connection.lastServerError?.message ?? 'maximum duration reached', connection.apiKey)}).`,
          { serverError: connection.lastServerError },
        )
      : errorForClose(
          code,
          reason,
          connection.lastServerError,
          connection.apiKey,
        );
    if (connection.setup) {
      connection.setup.reject(error);
      return;
    }
    if (connection === this.#candidate) {
      // A ready candidate died before the switch: the current session goes on.
      this.#dropCandidate();
      return;
    }
    if (connection === this.#draining?.connection) {
      this.#endDraining(error);
      return;
    }
    if (this.#active && this.#policy && !isFinalClose(code)) {
      this.#startReconnect(connection, error);
      return;
    }
    this.#teardown();
    this.emit('error', { type: 'error', error });
  }

  // ---- reconnection ----

  /** Drops the dead socket and schedules the first attempt. Audio keeps flowing into the replay buffer. */
  #startReconnect(
    connection: Connection,
    error: TranscriptionTransportError,
  ): void {
    connection.detach();
    if (connection.socket.readyState <= OPEN)
      connection.socket.close(1000, 'reconnecting');
    if (this.#connection === connection) this.#connection = undefined;
    // The replay plan sends every pending turn again, the draining socket's too.
    this.#closeDraining();
    this.#dropCandidate();
    this.#reconnectAttempt = 0;
    this.#setStatus('connecting');
    this.#scheduleAttempt(error);
  }

  #scheduleAttempt(error: TranscriptionTransportError): void {
    const attempt = ++this.#reconnectAttempt;
    const policy = this.#policy!;
    if (attempt > policy.maxAttempts) {
      return this.#giveUp(
        new TranscriptionTransportError(
          'CONNECTION_LOST',
          `Gave up reconnecting after ${policy.maxAttempts} attempts: ${error.message}`,
          { cause: error, serverError: error.serverError },
        ),
      );
    }
    const delayMs = policy.delayMs(attempt);
    this.emit('reconnecting', { attempt, delayMs, error });
    const generation = this.#generation;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (generation === this.#generation) void this.#attempt(attempt);
    }, delayMs);
  }

  async #attempt(attempt: number): Promise<void> {
    let connection: Connection | undefined;
    try {
      connection = await this.#openSession('current');
    } catch (error) {
      const failure = error as TranscriptionTransportError;
      if (FINAL_CODES.has(failure.code)) return this.#giveUp(failure);
      return this.#scheduleAttempt(failure);
    }
    if (connection) this.#afterReconnect(connection, attempt);
  }

  /**
   * Opens and configures one more socket for the running session (a reconnect's, or a rotation's
   * candidate), its audio starting at the replay buffer's start. The socket takes its `slot` before setup so
   * its frames count. Resolves `undefined` when `close()`/`connect()` came first; on failure closes what it
   * opened, frees the slot and rejects with the (key-free) cause.
   */
  async #openSession(
    slot: 'current' | 'candidate',
  ): Promise<Connection | undefined> {
    const generation = this.#generation;
    const superseded = () => generation !== this.#generation;
    let connection: Connection | undefined;
    let apiKey: string | undefined;
    try {
      // A function key is called again: ephemeral keys are single-use and short-lived.
      apiKey = this.#checkKey(await resolveApiKey(this.#apiKeySource));
      if (superseded()) return undefined;
      const socket = await (
        this.#options.createWebSocket ?? this.#platform.createWebSocket
      )({ url: this.#url, apiKey });
      if (superseded()) {
        socket.addEventListener('error', ignore);
        socket.close(1000, 'client closed');
        return undefined;
      }
      connection = this.#attach(socket, apiKey, this.#replay.start);
      if (slot === 'current') this.#connection = connection;
      else this.#candidate = connection;
      await this.#awaitSetup(connection);
    } catch (error) {
      if (superseded()) return undefined;
      if (connection) {
        closeSocket(
          connection,
          `${slot === 'current' ? 'reconnect' : 'rotation'} failed`,
        );
        if (this.#connection === connection) this.#connection = undefined;
        if (this.#candidate === connection) this.#candidate = undefined;
      }
      throw redacted(error, apiKey);
    }
    return superseded() ? undefined : connection;
  }

  /**
   * The new socket is configured. Items committed on the old one without a final are removed (their audio
   * is replayed and transcribed again, so history holds each turn once); items whose audio no longer is in
   * the replay buffer are marked `incomplete`. Then the buffer is replayed, skipping turns already done.
   */
  #afterReconnect(connection: Connection, attempt: number): void {
    const plan = this.#ledger.planReplay(this.#replay.start);
    for (const turn of plan.lost) this.#loseTurn(turn);
    for (const turn of plan.replayed) {
      this.#items.remove(turn.itemId);
      this.#deleted(turn.itemId);
    }
    this.#replay.release(plan.from);
    const from = this.#replay.start;
    this.#ledger.restart(from, plan.beforeFrom, plan.settledAfter);
    this.#lastCommitAt = Math.max(
      from,
      Math.min(this.#lastCommitAt, this.#replay.end),
    );
    connection.writer.restart(from, plan.skip);
    connection.anchors = plan.anchors;
    this.#dropWarned = false;
    this.#reconnectAttempt = 0;
    this.#reconnects++;
    const skipped = plan.skip.reduce((sum, [a, b]) => sum + (b - a), 0);
    const replayedBytes = Math.max(0, this.#replay.end - from - skipped);
    this.#setStatus('connected');
    connection.writer.flush(this.#replay, this.#minCommitBytes);
    this.emit('reconnected', {
      attempt,
      replayedMs: replayedBytes / bytesPerMs(this.#codec),
    });
  }

  /** Ends the session after reconnecting failed for good. */
  #giveUp(error: TranscriptionTransportError): void {
    this.#teardown();
    this.emit('error', { type: 'error', error });
  }

  /** A pending turn whose transcript can no longer arrive. */
  #loseTurn(turn: Turn): void {
    const item = this.#items.fail(turn.itemId);
    if (!item) return;
    this.#update(item);
    this.emit('transcript_failed', {
      itemId: turn.itemId,
      error: new TranscriptionTransportError(
        'CONNECTION_LOST',
        `The connection was lost before item ${turn.itemId} was transcribed, and its audio no longer fits the replay buffer (replayBufferMs).`,
      ),
    });
  }

  // ---- turns and the timeline ----

  #onCommitted(
    connection: Connection,
    itemId: string,
    serverPreviousItemId: string | null,
  ): void {
    // An item can exist already (an `item.added` came first); the ledger must still learn its audio range.
    if (this.#items.isRemoved(itemId) || this.#ledger.has(itemId)) return;
    // A duplicate `committed` for an item already settled: nothing to track.
    if (this.#items.has(itemId) && !this.#items.isPending(itemId)) return;
    let end = connection.stops.get(itemId);
    if (end !== undefined) connection.stops.delete(itemId);
    else end = connection.writer.commits.shift() ?? connection.writer.sent;
    this.#lastCommitAt = Math.max(this.#lastCommitAt, end);
    let previous: string | null | undefined;
    if (connection.anchors.length > 0) {
      const anchor = connection.anchors.shift()!;
      previous =
        anchor === AFTER_PREVIOUS ? (connection.lastNewItemId ?? null) : anchor;
    } else if (serverPreviousItemId === null && connection.lastNewItemId)
      previous = connection.lastNewItemId;
    connection.lastNewItemId = itemId;
    this.#ledger.commit(itemId, end, Date.now());
    if (this.#draining?.connection === connection)
      this.#draining.itemIds.push(itemId);
    this.#update(this.#items.commit(itemId, serverPreviousItemId, previous));
    if (
      this.#switchWhenAcked &&
      connection === this.#connection &&
      connection.writer.commits.length === 0 &&
      this.#candidate
    )
      this.#switchTo(this.#candidate);
  }

  /** A turn has its final (or never will): release audio nobody needs any more. */
  #settle(itemId: string): void {
    this.#ledger.settle(itemId);
    this.#replay.release(
      Math.min(this.#ledger.releasePosition, this.#lastCommitAt),
    );
    this.#dropWarned = false;
    const draining = this.#draining;
    if (
      draining &&
      draining.connection.writer.commits.length === 0 &&
      draining.itemIds.every((id) => !this.#ledger.has(id))
    )
      this.#closeDraining();
    if (this.#rotationDue) this.#maybeRotate();
  }

  // ---- proactive rotation ----

  #scheduleRotation(expiresAt: number): void {
    clearTimeout(this.#rotationTimer);
    this.#rotationDue = false;
    const lead =
      this.#options.rotateBeforeExpiryMs ?? DEFAULTS.rotateBeforeExpiryMs;
    const remaining = expiresAt * 1000 - Date.now();
    // Sessions shorter than 1 s (tests) just expire; short ones rotate half-way rather than at once.
    if (lead === 0 || !this.#policy || remaining < 1000) return;
    const delay = remaining > 2 * lead ? remaining - lead : remaining / 2;
    const generation = this.#generation;
    this.#rotationTimer = setTimeout(() => {
      if (generation !== this.#generation) return;
      this.#rotationDue = true;
      this.#maybeRotate();
    }, delay);
    (this.#rotationTimer as { unref?: () => void }).unref?.();
  }

  /** Starts a rotation unless one is under way or the previous one is still draining. */
  #maybeRotate(): void {
    if (
      this.#status !== 'connected' ||
      this.#candidate !== undefined ||
      this.#draining !== undefined
    )
      return;
    this.#rotationDue = false;
    void this.#rotate();
  }

  /**
   * Opens and configures the next session while the current one keeps working, then switches at a commit
   * boundary (`#switchTo`). If it fails, the current session goes on and the reconnect after
   * `session_expired` takes over.
   */
  async #rotate(): Promise<void> {
    const generation = this.#generation;
    const current = this.#connection;
    let candidate: Connection | undefined;
    try {
      candidate = await this.#openSession('candidate');
    } catch {
      return; // the current session goes on; the reconnect after session_expired takes over
    }
    if (!candidate) return;
    if (
      generation !== this.#generation ||
      this.#connection !== current ||
      current === undefined ||
      this.#status !== 'connected'
    ) {
      this.#dropCandidate();
      return;
    }
    // Switch at a commit boundary: now if the last commit was answered, else right after the next commit.
    if (current.writer.commits.length > 0) this.#switchWhenAcked = true;
    else this.#switchTo(candidate);
  }

  /**
   * New audio goes to the candidate from here on; the uncommitted tail is sent to it again. The old socket is
   * cleared (so its VAD cannot commit the tail too) and kept only until its pending turns have their finals.
   */
  #switchTo(candidate: Connection): void {
    const old = this.#connection!;
    this.#candidate = undefined;
    this.#switchWhenAcked = false;
    old.writer.stop();
    old.liveness?.stop();
    if (old.socket.readyState === OPEN)
      old.socket.send('{"type":"input_audio_buffer.clear"}');
    const itemIds = this.#ledger.turns
      .filter((turn) => !turn.settled)
      .map((turn) => turn.itemId);
    this.#connection = candidate;
    if (itemIds.length > 0 || old.writer.commits.length > 0)
      this.#draining = { connection: old, itemIds };
    else closeSocket(old, 'rotated to a new session');
    this.#expiresAt = this.#serverSession?.expires_at ?? this.#expiresAt;
    if (this.#expiresAt !== undefined) this.#scheduleRotation(this.#expiresAt);
    const from = Math.max(this.#replay.start, this.#lastCommitAt);
    candidate.writer.restart(from, []);
    this.#reconnects++;
    candidate.writer.flush(this.#replay, this.#minCommitBytes);
    this.emit('reconnected', {
      attempt: 0,
      replayedMs: (this.#replay.end - from) / bytesPerMs(this.#codec),
    });
  }

  #dropCandidate(): void {
    const candidate = this.#candidate;
    this.#candidate = undefined;
    this.#switchWhenAcked = false;
    if (candidate) closeSocket(candidate, 'rotation abandoned');
  }

  #closeDraining(): void {
    const draining = this.#draining;
    this.#draining = undefined;
    if (draining) closeSocket(draining.connection, 'rotated');
  }

  /** The old socket closed before all its finals arrived: those items cannot complete any more. */
  #endDraining(error: TranscriptionTransportError): void {
    const draining = this.#draining!;
    this.#closeDraining();
    for (const itemId of draining.itemIds) {
      if (!this.#ledger.has(itemId)) continue;
      const item = this.#items.fail(itemId);
      this.#settle(itemId);
      if (!item) continue;
      this.#update(item);
      this.emit('transcript_failed', {
        itemId,
        error: new TranscriptionTransportError(
          'CONNECTION_LOST',
          `The previous session closed before item ${itemId} was transcribed (after a rotation): ${error.message}`,
        ),
      });
    }
  }

  #timelineMs(connection: Connection, serverMs: number): number {
    const perMs = bytesPerMs(this.#codec);
    return connection.writer.toTimeline(Math.round(serverMs * perMs)) / perMs;
  }

  #startWatchdog(): void {
    const timeoutMs =
      this.#options.transcriptTimeoutMs ?? DEFAULTS.transcriptTimeoutMs;
    if (timeoutMs === 0) return;
    clearInterval(this.#watchdog);
    this.#watchdog = setInterval(
      () => {
        if (this.#status !== 'connected') return;
        for (const turn of this.#ledger.overdue(Date.now(), timeoutMs)) {
          this.#settle(turn.itemId);
          const item = this.#items.fail(turn.itemId);
          if (!item) continue;
          this.#update(item);
          const error = new TranscriptionTransportError(
            'TRANSCRIPTION_TIMEOUT',
            `No final transcript for item ${turn.itemId} within ${timeoutMs} ms (transcriptTimeoutMs); marked incomplete.`,
          );
          this.emit('transcript_failed', { itemId: turn.itemId, error });
          this.emit('error', { type: 'error', error });
        }
      },
      Math.max(10, Math.min(1000, timeoutMs / 4)),
    );
    (this.#watchdog as { unref?: () => void }).unref?.();
  }

  /** Forgets the socket, settles what can no longer complete, and reports `disconnected`. */
  #teardown(code?: number, reason?: string): void {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#active = false;
    this.#generation++;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
    clearTimeout(this.#rotationTimer);
    this.#rotationDue = false;
    this.#dropCandidate();
    this.#closeDraining();
    if (connection) {
      connection.detach();
      connection.setup?.reject(
        new TranscriptionTransportError(
          'CONNECT_FAILED',
          'The transport was closed before the session was ready.',
        ),
      );
      if (code !== undefined && connection.socket.readyState <= OPEN)
        connection.socket.close(code, reason);
    }
    // A transcript for audio committed on this socket can never arrive on another one.
    for (const itemId of this.#items.pendingItemIds()) {
      const item = this.#items.fail(itemId);
      this.#update(item);
      this.emit('transcript_failed', {
        itemId,
        error: new TranscriptionTransportError(
          'CONNECTION_LOST',
          `The connection ended before item ${itemId} was transcribed.`,
        ),
      });
    }
    this.#coalescer.reset(); // every item in progress just got its final: nothing is left to flush
    this.#replay = this.#newReplayBuffer();
    this.#ledger = new TurnLedger();
    this.#setStatus('disconnected');
  }

  /**
   * Closes the socket (code 1000). Items still waiting for a transcript are marked `incomplete`.
   * With `{ drain: true }`, first commits buffered audio (≥ 100 ms) and waits up to `timeoutMs`
   * (default 10 000) for pending finals, then closes; the promise resolves to `true` when everything
   * arrived in time. Plain `close()` stays synchronous.
   */
  close(): void;
  close(options: { drain: true; timeoutMs?: number }): Promise<boolean>;
  close(options?: {
    drain?: boolean;
    timeoutMs?: number;
  }): void | Promise<boolean> {
    if (options?.drain) {
      return this.flush({ timeoutMs: options.timeoutMs }).then((done) => {
        this.close();
        return done;
      });
    }
    if (this.#status === 'disconnected') return;
    this.#teardown(1000, 'client closed');
  }

  /**
   * Commits the uncommitted tail (if ≥ 100 ms) and waits until every committed item has its final
   * transcript and all audio was written, at most `timeoutMs` (default 10 000). Resolves `true` when
   * drained, `false` on timeout or when the session ended first. Never rejects.
   */
  flush(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (!this.#active) return Promise.resolve(false);
    this.#commit();
    const deadline =
      Date.now() + (options.timeoutMs ?? DEFAULTS.flushTimeoutMs);
    return new Promise((resolve) => {
      const check = () => {
        if (!this.#active) return resolve(false);
        const connection = this.#connection;
        const drained =
          this.#status === 'connected' &&
          connection !== undefined &&
          connection.writer.sent >= this.#replay.end &&
          connection.writer.commits.length === 0 &&
          this.#ledger.pendingCount === 0;
        if (drained) return resolve(true);
        if (Date.now() >= deadline) return resolve(false);
        setTimeout(check, 5);
      };
      check();
    });
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
  sendAudio(audio: ArrayBuffer, options: { commit?: boolean } = {}): void {
    const bytes = toAudioBytes(audio, this.#codec);
    if (!this.#active) this.#openConnection('sendAudio');
    if (!this.#muted && bytes.byteLength > 0) {
      const connection = this.#connection;
      const replay = this.#replay;
      if (
        connection !== undefined &&
        this.#status === 'connected' &&
        connection.writer.tryWrite(bytes, replay.end)
      ) {
        // The hot path: one base64, one send, and one copy into the arena for the replay buffer.
        const dropped = replay.append(this.#arena.copy(bytes));
        if (dropped > 0) this.#onDropped(dropped);
      } else {
        this.#queue(connection, bytes);
      }
    }
    if (options.commit) this.#commit();
  }

  /** The slow path: audio waits in the replay buffer until the socket drains or a new one is ready. */
  #queue(connection: Connection | undefined, bytes: Uint8Array): void {
    const connected = connection !== undefined && this.#status === 'connected';
    if (connected) {
      const writer = connection.writer;
      writer.flush(this.#replay, this.#minCommitBytes); // it may have drained since the last retry
      const perMs = bytesPerMs(this.#codec);
      const maxQueued =
        (this.#options.backpressure?.maxQueuedMs ?? DEFAULTS.maxQueuedMs) *
        perMs;
      const queued = this.#replay.end - writer.sent;
      if (queued + bytes.byteLength > maxQueued) {
        throw new TranscriptionTransportError(
          'AUDIO_BACKPRESSURE',
          `sendAudio() refused ${bytes.byteLength / perMs} ms of audio: the socket is not draining (bufferedAmount ${connection.socket.bufferedAmount ?? 0} bytes) and ${queued / perMs} ms already wait (backpressure.maxQueuedMs).`,
        );
      }
    }
    // A copy: the caller may reuse its buffer as soon as this returns (AudioWorklet code does).
    const dropped = this.#replay.append(this.#arena.copy(bytes));
    if (dropped > 0) this.#onDropped(dropped);
    if (connected) connection.writer.flush(this.#replay, this.#minCommitBytes);
  }

  get #minCommitBytes(): number {
    return MIN_COMMIT_MS * bytesPerMs(this.#codec);
  }

  #onDropped(bytes: number): void {
    const connection = this.#connection;
    if (connection && connection.writer.sent < this.#replay.start)
      connection.writer.sent = this.#replay.start;
    // While connected, dropping the uncommitted tail (e.g. long silence under server VAD) loses nothing the
    // server does not have; only audio of turns still waiting for a transcript, or unsent audio, counts.
    const start = this.#replay.start;
    const ledger = this.#ledger;
    const matters =
      this.#status !== 'connected' ||
      ledger.turns.some((turn) => !turn.settled && turn.start < start) ||
      // committed audio whose `committed` event has not arrived yet
      (ledger.lastEnd < start && this.#lastCommitAt > ledger.lastEnd);
    if (!matters) return;
    this.#droppedBytes += bytes;
    if (this.#dropWarned) return;
    this.#dropWarned = true;
    const ms = this.#options.replayBufferMs ?? DEFAULTS.replayBufferMs;
    const warning = {
      field: 'replayBufferMs',
      message:
        this.#status === 'connected'
          ? `The replay buffer is full (${ms} ms): transcripts are slow to arrive, so audio of pending items can no longer be replayed if the connection drops.`
          : `The replay buffer is full (${ms} ms) while reconnecting: the oldest audio was dropped and will not be transcribed.`,
    };
    if (!this.emit('warning', warning))
      console.warn(`[@agents-transcription/transport] ${warning.message}`);
  }

  #commit(): void {
    const replay = this.#replay;
    if (replay.end - this.#lastCommitAt < this.#minCommitBytes) return;
    replay.commit();
    this.#lastCommitAt = replay.end;
    const connection = this.#connection;
    // Written now when nothing is queued; otherwise the marker goes out with the queued audio.
    if (
      connection !== undefined &&
      this.#status === 'connected' &&
      connection.writer.tryCommit(replay.end) &&
      this.#switchWhenAcked &&
      this.#candidate
    )
      this.#switchTo(this.#candidate); // a rotation waits for a commit boundary
  }

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
      if (!this.#active) this.#openConnection('sendEvent');
      return this.#commit();
    }
    if (type === 'input_audio_buffer.clear') {
      const connection = this.#openConnection('sendEvent');
      this.#sendJson(connection, event);
      // The cleared tail is never transcribed: mark it done so a replay skips it.
      const id = `cleared_${++clearCounter}`;
      this.#ledger.commit(id, this.#replay.end, Date.now());
      this.#settle(id);
      this.#lastCommitAt = this.#replay.end;
      return;
    }
    const connection = this.#openConnection('sendEvent');
    this.#sendJson(connection, event);
  }

  /**
   * Called by `RealtimeSession` on agent changes and handoffs. Sends a transcription update only when a
   * transcription setting changed; agent fields are dropped (one warning each).
   */
  updateSessionConfig(config: Partial<RealtimeSessionConfig>): void {
    const explicit = explicitSettings(this.#options.session, config);
    this.#warn(explicit.warnings);
    if (sameValue(explicit.settings, this.#explicit)) return;
    const connection = this.#connection;
    const settings =
      connection && !connection.setup
        ? settingsToSend(explicit.settings, this.#serverSession)
        : undefined;
    this.#explicit = explicit.settings;
    if (connection && settings)
      this.#sendJson(connection, configurationEvent(this.#dialect, settings));
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
      this.#items.remove(item.itemId);
      this.#deleted(item.itemId);
    }
  }

  get #dialect(): Dialect {
    return this.#options.dialect ?? 'ga';
  }

  #currentModel(): string | undefined {
    return (
      this.#serverSession?.audio?.input?.transcription?.model ??
      this.#explicit.transcription?.model ??
      undefined
    );
  }

  #openConnection(what: string): Connection {
    const connection = this.#connection;
    if (
      !connection ||
      this.#status !== 'connected' ||
      connection.socket.readyState !== OPEN
    ) {
      throw new TranscriptionTransportError(
        'NOT_CONNECTED',
        `${what} needs a connected session; call it after connect() resolves (status is '${this.#status}').`,
      );
    }
    return connection;
  }

  #sendJson(connection: Connection, event: unknown): void {
    connection.socket.send(JSON.stringify(event));
  }

  #update(item: UserAudioItem | undefined): void {
    if (item) this.#coalescer.update(item);
  }

  /** An update leaves the coalescer: the SDK applies it; the history window may then delete old items. */
  #emitItem(item: UserAudioItem): void {
    this.emit('item_update', item);
    for (const itemId of this.#window?.updated(item) ?? []) {
      this.#items.remove(itemId); // its late events must not bring it back
      this.emit('item_deleted', { itemId });
    }
  }

  /** The item left history: no pending partial may bring it back. */
  #deleted(itemId: string): void {
    this.#coalescer.forget(itemId);
    this.#window?.deleted(itemId);
    this.emit('item_deleted', { itemId });
  }

  #emitUsage(
    usage: Extract<
      NonNullable<InterpretedEvent & { kind: 'completed' }>['usage'],
      { type: 'tokens' }
    >,
  ): void {
    // Shaped like agents-core's Usage, which RealtimeSession adds into its context usage.
    const value = {
      requests: 1,
      inputTokens: usage.input_tokens ?? 0,
      outputTokens: usage.output_tokens ?? 0,
      totalTokens: usage.total_tokens ?? 0,
      inputTokensDetails: usage.input_token_details
        ? [{ ...usage.input_token_details }]
        : [],
      outputTokensDetails: [],
      requestUsageEntries: undefined,
    };
    this.emit(
      'usage_update',
      value as unknown as RealtimeTransportEventTypes['usage_update'][0],
    );
  }

  #setStatus(status: Status): void {
    if (this.#status === status) return;
    this.#status = status;
    if (status !== 'disconnecting') this.emit('connection_change', status);
  }

  #warn(warnings: ConfigWarning[]): void {
    for (const warning of warnings) {
      if (this.#warned.has(warning.field)) continue;
      this.#warned.add(warning.field);
      if (
        !this.emit('warning', warning) &&
        !printedWarnings.has(warning.field)
      ) {
        printedWarnings.add(warning.field);
        console.warn(`[@agents-transcription/transport] ${warning.message}`);
      }
    }
  }
}
