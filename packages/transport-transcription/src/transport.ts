/**
 * `OpenAIRealtimeTranscriptionWebSocket`: a `RealtimeTransportLayer` for transcription sessions.
 *
 * This file owns the lifecycle (connect, close, status) and wires the pure parts together:
 * configuration `connect/updateSessionConfig → session-config → dialects → socket`;
 * audio `sendAudio → audio → socket`; events `socket → protocol → transcript-items → emit`.
 */
import type {
  ApiKey,
  RealtimeClientMessage,
  RealtimeItem,
  RealtimeSessionConfig,
  RealtimeTransportEventTypes,
  RealtimeTransportLayer,
  RealtimeTransportLayerConnectOptions,
} from '@openai/agents-realtime';
import {
  appendFrame,
  bytesPerMs,
  codecOf,
  MIN_COMMIT_MS,
  toAudioBytes,
  type AudioCodec,
} from './audio.js';
import {
  errorForClose,
  OPEN,
  resolveApiKey,
  transcriptionUrl,
  type CreateWebSocket,
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
  interpretServerEvent,
  normalizeWireFormat,
  parseServerEvent,
  type InterpretedEvent,
  type ServerEvent,
  type WireSession,
} from './protocol.js';
import {
  explicitSettings,
  sameValue,
  settingsToSend,
  type ConfigWarning,
} from './session-config.js';
import type {
  TranscriptionSessionOptions,
  TranscriptionSettings,
} from './session-options.js';
import { TranscriptItems, type UserAudioItem } from './transcript-items.js';

/** Options of {@link OpenAIRealtimeTranscriptionWebSocket}. */
export interface OpenAIRealtimeTranscriptionWebSocketOptions {
  /** Used when `connect()` gets no key. A function is called on every connect (fresh ephemeral keys). */
  apiKey?: ApiKey;
  /** Default `wss://api.openai.com/v1/realtime?intent=transcription`. Never include `model=`. */
  url?: string;
  /** `'ga'` (default): `session.update` `{ type: 'transcription' }`. `'legacy'`: `transcription_session.update` (Azure, compatible servers). */
  dialect?: Dialect;
  /** Explicit transcription settings; they win over `RealtimeSession`'s `config`. */
  session?: TranscriptionSessionOptions;
  /** Opens the socket. Default: `ws` with an `Authorization` header in Node, the global `WebSocket` with subprotocol auth in browsers. */
  createWebSocket?: CreateWebSocket;
  /** Let a browser connect with a key that is not an ephemeral `ek_` key. Only for trusted local tools. */
  useInsecureApiKey?: boolean;
  /** How long `connect()` waits for the session to be ready, in ms (default 10 000). */
  connectTimeoutMs?: number;
}

type Status = RealtimeTransportLayer['status'];

/** A connect in progress: resolved once the session is configured. */
interface Setup {
  resolve: () => void;
  reject: (error: TranscriptionTransportError) => void;
  /** The `event_id` of our configuration event once sent; errors carrying it are its refusal. */
  updateEventId?: string;
}

interface Connection {
  socket: WebSocketLike;
  apiKey: string;
  detach: () => void;
  lastServerError?: ServerErrorDetail;
  setup?: Setup;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
let setupCounter = 0;

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
  /** Bytes appended since the last commit the server knows of; a commit under 100 ms is not sent. */
  #uncommittedBytes = 0;
  /** Bytes appended on this connection, to place the server's VAD `audio_end_ms`. */
  #appendedBytes = 0;

  constructor(
    options: OpenAIRealtimeTranscriptionWebSocketOptions,
    platform: Platform,
  ) {
    super();
    if (
      options.dialect !== undefined &&
      options.dialect !== 'ga' &&
      options.dialect !== 'legacy'
    ) {
      throw new TranscriptionTransportError(
        'INVALID_OPTION',
        `dialect must be 'ga' or 'legacy'; got ${JSON.stringify(options.dialect)}.`,
      );
    }
    if (
      options.connectTimeoutMs !== undefined &&
      !(options.connectTimeoutMs > 0)
    ) {
      throw new TranscriptionTransportError(
        'INVALID_OPTION',
        `connectTimeoutMs must be a positive number; got ${JSON.stringify(options.connectTimeoutMs)}.`,
      );
    }
    if (options.url !== undefined) transcriptionUrl(options.url);
    // Validates the session option now, so a typo fails at construction rather than at connect.
    explicitSettings(options.session, undefined);
    this.#options = { ...options };
    this.#platform = platform;
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
    const apiKey = await resolveApiKey(options.apiKey ?? this.#options.apiKey);
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
    this.#warn(explicit.warnings);
    this.#explicit = explicit.settings;
    this.#serverSession = undefined;
    this.#codec = codecOf(explicit.settings.format?.type);
    this.#uncommittedBytes = 0;
    this.#appendedBytes = 0;
    this.#setStatus('connecting');

    let connection: Connection | undefined;
    try {
      const socket = await (
        this.#options.createWebSocket ?? this.#platform.createWebSocket
      )({ url, apiKey });
      if (this.#status !== 'connecting')
        throw new TranscriptionTransportError(
          'CONNECT_FAILED',
          'close() was called while connecting.',
        );
      connection = this.#attach(socket, apiKey);
      this.#connection = connection;
      await this.#awaitSetup(connection);
      this.#setStatus('connected');
    } catch (error) {
      if (connection && this.#connection === connection)
        this.#teardown(1000, 'connect failed');
      else if (this.#status === 'connecting') this.#setStatus('disconnected');
      throw redacted(error, apiKey);
    }
  }

  #awaitSetup(connection: Connection): Promise<void> {
    const timeoutMs =
      this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const waitingFor = connection.setup?.updateEventId
          ? 'session.updated'
          : 'session.created';
        reject(
          new TranscriptionTransportError(
            'CONNECT_TIMEOUT',
            `The server did not send ${waitingFor} within ${timeoutMs} ms.`,
          ),
        );
      }, timeoutMs);
      connection.setup = {
        resolve: () => {
          clearTimeout(timer);
          connection.setup = undefined;
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          connection.setup = undefined;
          reject(error);
        },
      };
    });
  }

  #attach(socket: WebSocketLike, apiKey: string): Connection {
    const onMessage = (event: { data: unknown }) => {
      if (this.#connection === connection) this.#onFrame(event.data);
    };
    const onClose = (event: { code?: number; reason?: string }) => {
      if (this.#connection === connection)
        this.#onClose(event.code ?? 1006, event.reason ?? '');
    };
    let socketError: unknown;
    const onError = (event: { error?: unknown; message?: string }) => {
      socketError = event.error ?? event.message ?? event;
      connection.setup?.reject(
        new TranscriptionTransportError(
          'CONNECT_FAILED',
          `Could not connect: ${redactSecrets(String((socketError as Error)?.message ?? socketError), apiKey)}`,
          {
            cause: socketError,
          },
        ),
      );
    };
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    socket.addEventListener('error', onError);
    const connection: Connection = {
      socket,
      apiKey,
      detach: () => {
        socket.removeEventListener?.('message', onMessage);
        socket.removeEventListener?.('close', onClose);
        socket.removeEventListener?.('error', onError);
      },
    };
    return connection;
  }

  #onFrame(data: unknown): void {
    const text = typeof data === 'string' ? data : String(data);
    const event = parseServerEvent(text);
    if (!event) return;
    this.emit('*', event);
    const interpreted = interpretServerEvent(event);
    if (interpreted) this.#handle(interpreted, event);
  }

  #handle(event: InterpretedEvent, raw: ServerEvent): void {
    const connection = this.#connection!;
    switch (event.kind) {
      case 'session':
        return this.#onSession(connection, event.phase, event.session);
      case 'error':
        return this.#onServerError(connection, event.error);
      case 'speech_started':
        return void this.emit('speech_started', {
          itemId: event.itemId,
          audioStartMs: event.audioStartMs,
        });
      case 'speech_stopped':
        // The server committed up to audio_end_ms; what came after is still uncommitted.
        this.#uncommittedBytes = Math.max(
          0,
          this.#appendedBytes - event.audioEndMs * bytesPerMs(this.#codec),
        );
        return void this.emit('speech_stopped', {
          itemId: event.itemId,
          audioEndMs: event.audioEndMs,
        });
      case 'cleared':
        this.#uncommittedBytes = 0;
        return;
      case 'committed':
        return this.#update(
          this.#items.commit(event.itemId, event.previousItemId),
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
        void raw;
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
    const format = normalizeWireFormat(session.audio?.input?.format);
    if (format) this.#codec = codecOf(format.type);
    const setup = connection.setup;
    if (!setup) return;
    if (phase === 'updated') {
      if (setup.updateEventId) setup.resolve();
      return;
    }
    let settings: TranscriptionSettings | undefined;
    try {
      settings = settingsToSend(this.#explicit, session);
    } catch (error) {
      return setup.reject(error as TranscriptionTransportError);
    }
    if (!settings) return setup.resolve();
    setup.updateEventId = `transcription_setup_${++setupCounter}`;
    this.#sendJson(
      connection,
      configurationEvent(this.#dialect, settings, setup.updateEventId),
    );
  }

  #onServerError(connection: Connection, error: ServerErrorDetail): void {
    connection.lastServerError = error;
    const setup = connection.setup;
    const message = redactSecrets(
      error.message ?? 'unknown error',
      connection.apiKey,
    );
    if (
      setup?.updateEventId &&
      (error.event_id == null || error.event_id === setup.updateEventId)
    ) {
      // A refused update is discarded whole: nothing of it applies, so the session is not usable as asked.
      return setup.reject(
        new TranscriptionTransportError(
          'SESSION_UPDATE_REJECTED',
          `The server refused the transcription settings: ${message}`,
          { serverError: error },
        ),
      );
    }
    if (setup) return; // a fatal error arrives with a close, which rejects the connect with its cause
    this.emit('error', {
      type: 'error',
      error: new TranscriptionTransportError(
        'SERVER_ERROR',
        `Server error${error.code ? ` (${error.code})` : ''}: ${message}`,
        { serverError: error },
      ),
    });
  }

  #onClose(code: number, reason: string): void {
    const connection = this.#connection!;
    const error = errorForClose(
      code,
      reason,
      connection.lastServerError,
      connection.apiKey,
    );
    if (connection.setup) {
      connection.setup.reject(error);
      return;
    }
    this.#teardown();
    this.emit('error', { type: 'error', error });
  }

  /** Forgets the socket, settles what can no longer complete, and reports `disconnected`. */
  #teardown(code?: number, reason?: string): void {
    const connection = this.#connection;
    this.#connection = undefined;
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
    this.#setStatus('disconnected');
  }

  /** Closes the socket (code 1000). Items still waiting for a transcript are marked `incomplete`. */
  close(): void {
    if (this.#status === 'disconnected') return;
    this.#teardown(1000, 'client closed');
  }

  /**
   * Appends audio: PCM16 LE 24 kHz mono (`ArrayBuffer`, `Int16Array` or `Uint8Array` of whole samples),
   * or G.711 bytes for `audio/pcmu`/`audio/pcma` sessions; at most 15 MiB per call. With `commit`, ends
   * the turn (needed when turn detection is off); a commit of under 100 ms of audio is not sent.
   * Throws a `TypeError`/`RangeError` for bad audio and `NOT_CONNECTED` before `connect()` resolves;
   * nothing is sent then.
   */
  sendAudio(audio: ArrayBuffer, options: { commit?: boolean } = {}): void {
    const bytes = toAudioBytes(audio, this.#codec);
    const connection = this.#openConnection('sendAudio');
    if (!this.#muted && bytes.byteLength > 0) {
      connection.socket.send(appendFrame(this.#platform.encodeBase64(bytes)));
      this.#uncommittedBytes += bytes.byteLength;
      this.#appendedBytes += bytes.byteLength;
    }
    if (options.commit) this.#commit(connection);
  }

  #commit(connection: Connection): void {
    if (this.#uncommittedBytes < MIN_COMMIT_MS * bytesPerMs(this.#codec))
      return;
    this.#sendJson(connection, { type: 'input_audio_buffer.commit' });
    this.#uncommittedBytes = 0;
  }

  /**
   * Sends a raw client event. Only what a transcription session takes passes: `input_audio_buffer.*`,
   * and `session.update` with `session.type: 'transcription'` (`transcription_session.update` with the
   * legacy dialect). Anything else throws `UNSUPPORTED_OPERATION` and nothing is sent.
   */
  sendEvent(event: RealtimeClientMessage): void {
    const type = event?.type;
    const allowed =
      type === 'input_audio_buffer.append' ||
      type === 'input_audio_buffer.commit' ||
      type === 'input_audio_buffer.clear' ||
      (type === 'session.update' &&
        this.#dialect === 'ga' &&
        event.session?.type === 'transcription') ||
      (type === 'transcription_session.update' && this.#dialect === 'legacy');
    if (!allowed) {
      const hint =
        type === 'session.update'
          ? ` A transcription session takes only session.update with session.type 'transcription'${this.#dialect === 'legacy' ? ' (the legacy dialect sends transcription_session.update)' : ''}; use the transport's session option or RealtimeSession config.`
          : ' Transcription sessions take audio only: input_audio_buffer.append, .commit and .clear.';
      throw new TranscriptionTransportError(
        'UNSUPPORTED_OPERATION',
        `sendEvent() refused ${JSON.stringify(type)}.${hint}`,
      );
    }
    const connection = this.#openConnection('sendEvent');
    this.#sendJson(connection, event);
    if (
      type === 'input_audio_buffer.commit' ||
      type === 'input_audio_buffer.clear'
    )
      this.#uncommittedBytes = 0;
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
    throw this.#unsupported('sendMessage()', 'text messages');
  }

  addImage(): void {
    throw this.#unsupported('addImage()', 'images');
  }

  requestResponse(): void {
    throw this.#unsupported('requestResponse()', 'responses');
  }

  sendFunctionCallOutput(): void {
    throw this.#unsupported('sendFunctionCallOutput()', 'tool calls');
  }

  sendMcpResponse(): void {
    throw this.#unsupported('sendMcpResponse()', 'MCP approvals');
  }

  /**
   * `RealtimeSession.updateHistory()`: removing items is done locally (the server keeps no history to
   * edit in a transcription session); adding or changing items is refused.
   */
  resetHistory(oldHistory: RealtimeItem[], newHistory: RealtimeItem[]): void {
    const kept = new Map(newHistory.map((item) => [item.itemId, item]));
    const before = new Map(oldHistory.map((item) => [item.itemId, item]));
    for (const item of newHistory) {
      const old = before.get(item.itemId);
      if (!old || !sameValue(old, item)) {
        throw this.#unsupported(
          'updateHistory() with new or changed items',
          'history edits other than removals',
        );
      }
    }
    for (const item of oldHistory) {
      if (kept.has(item.itemId)) continue;
      this.#items.remove(item.itemId);
      this.emit('item_deleted', { itemId: item.itemId });
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

  #unsupported(what: string, kind: string): TranscriptionTransportError {
    return new TranscriptionTransportError(
      'UNSUPPORTED_OPERATION',
      `${what} is not available: a transcription session takes audio only, not ${kind}. Use a conversation session (OpenAIRealtimeWebSocket) for that.`,
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
    if (item) this.emit('item_update', item);
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
      if (!this.emit('warning', warning))
        console.warn(`[@agents-transcription/transport] ${warning.message}`);
    }
  }
}
