/**
 * One socket: its listeners (which never throw), its own server session (`session.created/updated`), its
 * setup handshake, its audio writer and its liveness watch. The transport holds up to three of these at once
 * (current, rotation candidate, draining old one); each knows only itself.
 *
 * A connection reports its end to the transport at most once, and only once its setup succeeded: a socket
 * that fails during setup (an `error` then a `close` in the same tick, a refusal, a timeout) rejects
 * {@link Connection.ready} and nothing else, so a failed attempt can never also look like a lost connection.
 */
import { AudioWriter } from '../audio/audio-writer.js';
import {
  codecOf,
  type AudioCodec,
  type Base64Encoder,
} from '../audio/audio.js';
import {
  redactSecrets,
  TranscriptionTransportError,
  type ServerErrorDetail,
} from '../errors.js';
import type { TranscriptionSettings } from '../config/settings.js';
import type { AFTER_PREVIOUS } from '../history/turn-ledger.js';
import { errorForClose } from '../wire/close-codes.js';
import type { FrameProblem } from '../wire/field-checks.js';
import {
  readServerFrame,
  type InterpretedEvent,
  type ServerEvent,
} from '../wire/server-events.js';
import { normalizeWireFormat, type WireSession } from '../wire/wire-session.js';
import { OPEN, type WebSocketLike } from '../wire/url-and-auth.js';
import { watchLiveness, type LivenessOptions } from './liveness.js';
import { SetupHandshake } from './setup-handshake.js';
import type { Dialect } from '../wire/configuration-event.js';

/** How a connection is configured: read when its `session.created` arrives, so the latest settings win. */
export interface SetupPlan {
  /** The explicit settings as they are now. */
  explicit(): TranscriptionSettings;
  /** What to send for them, given the server's session (`undefined`: nothing). Throws a conflict. */
  settingsFor(
    explicit: TranscriptionSettings,
    server: WireSession,
  ): TranscriptionSettings | undefined;
  dialect: Dialect;
}

/**
 * A connection counts as healthy (and the reconnect attempt count starts over) once the server acknowledged
 * audio on it (`committed` or a transcript) or it stayed up this long. A server that accepts and closes at
 * once therefore keeps counting as failed attempts, and backoff keeps growing.
 */
export const HEALTHY_AFTER_MS = 5_000;

/** How the transport hears from a connection. */
export interface ConnectionHooks {
  /** A parsed server event (`interpreted` is `undefined` for events the transport only forwards). */
  onEvent(
    connection: Connection,
    interpreted: InterpretedEvent | undefined,
    raw: ServerEvent,
  ): void;
  /** The connection ended after its setup succeeded (close, or no pong). Called at most once. */
  onEnd(connection: Connection, error: TranscriptionTransportError): void;
  /** The connection proved healthy (see {@link HEALTHY_AFTER_MS}). Called at most once. */
  onHealthy(connection: Connection): void;
  /** A frame, or a detail of one, dropped at the edge because a field it reads has the wrong type. */
  onProblem(connection: Connection, problem: FrameProblem): void;
  /** Something went wrong handling a frame; the frame was dropped and the connection goes on. */
  onFault(connection: Connection, error: unknown): void;
}

/** What every connection is set up with. */
export interface ConnectionSettings {
  encodeBase64: Base64Encoder;
  highWaterMark: number;
  liveness: LivenessOptions | false | undefined;
  connectTimeoutMs: number;
  /** The codec until the server reports a format. */
  codec: AudioCodec;
}

const ignore = () => {};

export class Connection {
  readonly socket: WebSocketLike;
  readonly apiKey: string;
  /** Writes audio and commits to this socket and maps its server timeline to ours. */
  readonly writer: AudioWriter;
  /** Settles once the setup handshake did: configured, or the reason it is not. */
  readonly ready: Promise<void>;
  /** The session as the server last reported it on this socket. */
  session: WireSession | undefined;
  /** The explicit settings this socket was last configured with (a change after that is sent again). */
  configuredWith: TranscriptionSettings;
  /** Transport positions of VAD commits announced by `speech_stopped`, by item id. */
  readonly stops = new Map<string, number>();
  /** Where the next new items go in history: one entry per replayed segment (see the turn tracker). */
  anchors: Array<string | null | typeof AFTER_PREVIOUS> = [];
  /** The audio codec of this socket's session (the server's format once it reported one). */
  codec: AudioCodec;
  /** The id of the last item committed on this socket. */
  lastNewItemId: string | undefined;
  /** Server VAD heard speech that it has not closed with `speech_stopped` yet. */
  speaking = false;
  lastServerError: ServerErrorDetail | undefined;
  /** The server said `session_expired`; the close that follows is expected. */
  expired = false;
  #state: 'setup' | 'open' | 'ended' = 'setup';
  #healthy = false;
  #healthyTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #setup: SetupHandshake;
  readonly #hooks: ConnectionHooks;
  readonly #liveness: { alive(): void; stop(): void } | undefined;
  readonly #onMessage: (event: { data: unknown }) => void;
  readonly #onClose: (event: { code?: number; reason?: string }) => void;
  readonly #onError: (event: { error?: unknown; message?: string }) => void;

  /** Listens to `socket`, whose audio starts at `base` on the transport's timeline, and starts the setup. */
  constructor(
    socket: WebSocketLike,
    apiKey: string,
    base: number,
    plan: SetupPlan,
    settings: ConnectionSettings,
    hooks: ConnectionHooks,
  ) {
    this.socket = socket;
    this.apiKey = apiKey;
    this.configuredWith = plan.explicit();
    this.#hooks = hooks;
    this.codec = settings.codec;
    this.writer = new AudioWriter(
      socket,
      base,
      settings.encodeBase64,
      settings.highWaterMark,
    );
    this.#setup = new SetupHandshake(
      {
        dialect: plan.dialect,
        settingsFor: (server) => {
          const explicit = plan.explicit();
          this.configuredWith = explicit;
          return plan.settingsFor(explicit, server);
        },
      },
      settings.connectTimeoutMs,
      (text) => socket.send(text),
    );
    this.ready = this.#setup.done.then(
      () => this.#opened(),
      (error: TranscriptionTransportError) => {
        this.close('setup failed');
        throw error;
      },
    );
    // No listener of a socket may throw: whatever goes wrong is reported and the connection goes on.
    const guard =
      <E>(listener: (event: E) => void) =>
      (event: E) => {
        try {
          listener(event);
        } catch (error) {
          try {
            hooks.onFault(this, error);
          } catch {
            // nothing left to tell
          }
        }
      };
    this.#onMessage = guard((event) => this.#message(event.data));
    this.#onClose = guard((event) =>
      this.#ended(event.code ?? 1006, event.reason ?? ''),
    );
    this.#onError = guard((event) => {
      const cause = event.error ?? event.message ?? event;
      const message = String((cause as Error)?.message ?? cause);
      this.#setup.fail(
        new TranscriptionTransportError(
          'CONNECT_FAILED',
          `Could not connect: ${redactSecrets(message, apiKey)}`,
          { cause },
        ),
      );
    });
    socket.addEventListener('message', this.#onMessage);
    socket.addEventListener('close', this.#onClose);
    socket.addEventListener('error', this.#onError);
    this.#liveness =
      settings.liveness === false
        ? undefined
        : watchLiveness(socket as never, settings.liveness ?? {}, () => {
            const terminate = (socket as { terminate?: () => void }).terminate;
            this.#ended(1006, 'no pong within the liveness timeout');
            if (typeof terminate === 'function') terminate.call(socket);
            else if (socket.readyState <= OPEN)
              socket.close(1000, 'liveness timeout');
          });
  }

  /** `expires_at` of this socket's session in epoch seconds (a value in ms is read as ms), if a number. */
  get expiresAt(): number | undefined {
    const value = this.session?.expires_at;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      return undefined;
    // Epoch seconds stay below 1e11 until the year 5138; anything larger is milliseconds.
    return value > 1e11 ? value / 1000 : value;
  }

  /** Whether the server detects turns on this socket (then trailing audio is not a turn of its own). */
  get serverDetectsTurns(): boolean {
    const detection = this.session?.audio?.input?.turn_detection;
    return detection !== null && detection !== undefined;
  }

  get isOpen(): boolean {
    return this.#state === 'open' && this.socket.readyState === OPEN;
  }

  /** Stops listening (and writing) and closes the socket (code 1000) unless it is closed already. */
  close(reason: string): void {
    this.#detach();
    if (this.socket.readyState <= OPEN) this.socket.close(1000, reason);
  }

  /** Stops the writer and the liveness watch but keeps listening (a drained socket still delivers finals). */
  stopWriting(): void {
    this.writer.stop();
    this.#liveness?.stop();
  }

  #opened(): void {
    if (this.#state !== 'setup') return;
    this.#state = 'open';
    this.#healthyTimer = setTimeout(
      () => this.#markHealthy(),
      HEALTHY_AFTER_MS,
    );
    (this.#healthyTimer as { unref?: () => void }).unref?.();
  }

  #markHealthy(): void {
    if (this.#healthy || this.#state !== 'open') return;
    this.#healthy = true;
    clearTimeout(this.#healthyTimer);
    this.#hooks.onHealthy(this);
  }

  #message(data: unknown): void {
    if (this.#state === 'ended') return;
    this.#liveness?.alive();
    // One step at the edge: parsed, keys redacted on the parsed strings (the server echoes a bad key, maybe
    // JSON-escaped; nothing we emit, not even '*', may carry it) and every field we read type-checked.
    const frame = readServerFrame(data, this.apiKey);
    for (const problem of frame.problems) this.#hooks.onProblem(this, problem);
    const raw = frame.raw;
    if (!raw) return;
    const event = frame.event;
    switch (event?.kind) {
      case 'session':
        this.session = event.session;
        {
          const format = normalizeWireFormat(
            event.session.audio?.input?.format,
          );
          if (format) this.codec = codecOf(format.type);
        }
        this.#setup.onSession(event.phase, event.session);
        break;
      case 'error':
        this.lastServerError = event.error;
        if (event.error.code === 'session_expired') this.expired = true;
        // During setup a refusal fails the setup; the transport only forwards the frame.
        if (this.#setup.onError(event.error, this.apiKey))
          return this.#hooks.onEvent(this, undefined, raw);
        break;
      case 'speech_started':
        this.speaking = true;
        break;
      case 'speech_stopped':
        this.speaking = false;
        break;
      case 'committed':
      case 'completed':
        this.#markHealthy();
        break;
    }
    this.#hooks.onEvent(this, event, raw);
  }

  /** The socket is gone. During setup that fails the setup; afterwards the transport hears of it, once. */
  #ended(code: number, reason: string): void {
    if (this.#state === 'ended') return;
    const wasOpen = this.#state === 'open';
    this.#state = 'ended';
    this.#detach();
    const error = this.expired
      ? new TranscriptionTransportError(
          'CONNECTION_LOST',
          `The server ended the session: session_expired (${redactSecrets(this.lastServerError?.message ?? 'maximum duration reached', this.apiKey)}).`,
          { serverError: this.lastServerError },
        )
      : errorForClose(code, reason, this.lastServerError, this.apiKey);
    if (!wasOpen) return this.#setup.fail(error);
    this.#hooks.onEnd(this, error);
  }

  #detach(): void {
    if (this.#state !== 'ended' && this.#state !== 'open') {
      // Still in setup: whoever waits on `ready` learns why.
      this.#setup.fail(
        new TranscriptionTransportError(
          'CONNECT_FAILED',
          'The transport was closed before the session was ready.',
        ),
      );
    }
    this.#state = 'ended';
    clearTimeout(this.#healthyTimer);
    this.#liveness?.stop();
    this.writer.stop();
    const socket = this.socket;
    socket.removeEventListener?.('message', this.#onMessage);
    socket.removeEventListener?.('close', this.#onClose);
    socket.removeEventListener?.('error', this.#onError);
    // A socket closed while still connecting reports an error later; with no listener `ws` would throw it.
    socket.addEventListener('error', ignore);
  }
}
