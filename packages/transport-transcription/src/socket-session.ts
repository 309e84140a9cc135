/**
 * One socket's life inside the transport: its listeners, its frames turned into server events, its
 * ping/pong watch, and its setup handshake (`session.created` → our configuration → `session.updated`)
 * with the timeout that bounds it. The transport may hold up to three of these at once (current, rotation
 * candidate, draining old one); which one an event belongs to is the caller's business, told through hooks.
 */
import { AudioWriter } from './audio-writer.js';
import type { Base64Encoder } from './audio.js';
import { OPEN, type WebSocketLike } from './connection.js';
import { configurationEvent, type Dialect } from './dialects.js';
import {
  redactSecrets,
  TranscriptionTransportError,
  type ServerErrorDetail,
} from './errors.js';
import { watchLiveness, type LivenessOptions } from './liveness.js';
import {
  readServerFrame,
  type FrameProblem,
  type InterpretedEvent,
  type ServerEvent,
  type WireSession,
} from './protocol.js';
import type { TranscriptionSettings } from './session-options.js';
import type { AFTER_PREVIOUS } from './turn-ledger.js';

/** A setup in progress: settled once the session is configured. */
interface Setup {
  resolve: () => void;
  reject: (error: TranscriptionTransportError) => void;
  /** The `event_id` of our configuration event once sent; errors carrying it are its refusal. */
  updateEventId?: string;
}

/** One socket and what the transport tracks per socket. */
export interface SocketSession {
  socket: WebSocketLike;
  apiKey: string;
  /** Removes the listeners and stops the writer and the liveness watch; the socket stays as it is. */
  detach: () => void;
  lastServerError?: ServerErrorDetail;
  /** Present until the setup handshake settles. */
  setup?: Setup;
  /** Writes audio and commits to this socket and maps its server timeline to ours. */
  writer: AudioWriter;
  /** Transport positions of VAD commits announced by `speech_stopped`, by item id. */
  stops: Map<string, number>;
  /** Where the next new items go in history: one entry per replayed segment (see the reconnector). */
  anchors: Array<string | null | typeof AFTER_PREVIOUS>;
  /** The id of the last item committed on this socket. */
  lastNewItemId?: string;
  liveness?: { alive(): void; stop(): void };
  /** The server said `session_expired`; the close that follows is expected. */
  expired?: boolean;
}

/** How the transport hears from a socket. */
export interface SocketSessionHooks {
  /** Whether this socket's frames and close still matter (it is current, the candidate or draining). */
  owns(session: SocketSession): boolean;
  /** Whether it is the socket audio goes to (only that one is declared dead by the liveness watch). */
  isCurrent(session: SocketSession): boolean;
  /** Every server event, unchanged but for the key (forwarded on `'*'`). */
  onRawEvent(event: ServerEvent): void;
  /** The events the transport acts on. */
  onEvent(session: SocketSession, event: InterpretedEvent): void;
  /** A frame, or a detail of one, dropped at the edge because a field it reads has the wrong type. */
  onProblem(session: SocketSession, problem: FrameProblem): void;
  onClose(session: SocketSession, code: number, reason: string): void;
}

/** What every socket is set up with. */
export interface SocketSettings {
  encodeBase64: Base64Encoder;
  highWaterMark: number;
  liveness: LivenessOptions | false | undefined;
}

const ignore = () => {};
let setupCounter = 0;

/**
 * Listens to `socket`. `base` is where this socket's audio starts on the transport's timeline. A dead socket
 * (no pong) is terminated and reported to `onClose` as 1006.
 */
export function attachSocket(
  socket: WebSocketLike,
  apiKey: string,
  base: number,
  settings: SocketSettings,
  hooks: SocketSessionHooks,
): SocketSession {
  const onMessage = (event: { data: unknown }) => {
    if (!hooks.owns(session)) return;
    session.liveness?.alive();
    // One step: parsed, redacted on the parsed strings (the server echoes a bad key, maybe JSON-escaped;
    // nothing we emit, not even '*', may carry it) and validated, so what follows can trust its types.
    const frame = readServerFrame(event.data, apiKey);
    for (const problem of frame.problems) hooks.onProblem(session, problem);
    if (frame.raw) hooks.onRawEvent(frame.raw);
    if (frame.event) hooks.onEvent(session, frame.event);
  };
  const onClose = (event: { code?: number; reason?: string }) => {
    if (hooks.owns(session))
      hooks.onClose(session, event.code ?? 1006, event.reason ?? '');
  };
  const onError = (event: { error?: unknown; message?: string }) => {
    const socketError = event.error ?? event.message ?? event;
    session.setup?.reject(
      new TranscriptionTransportError(
        'CONNECT_FAILED',
        `Could not connect: ${redactSecrets(String((socketError as Error)?.message ?? socketError), apiKey)}`,
        { cause: socketError },
      ),
    );
  };
  socket.addEventListener('message', onMessage);
  socket.addEventListener('close', onClose);
  socket.addEventListener('error', onError);
  const session: SocketSession = {
    socket,
    apiKey,
    writer: new AudioWriter(
      socket,
      base,
      settings.encodeBase64,
      settings.highWaterMark,
    ),
    stops: new Map(),
    anchors: [],
    detach: () => {
      session.liveness?.stop();
      session.writer.stop();
      socket.removeEventListener?.('message', onMessage);
      socket.removeEventListener?.('close', onClose);
      socket.removeEventListener?.('error', onError);
      // A socket closed while still connecting reports an error later; with no listener `ws` would throw it.
      socket.addEventListener('error', ignore);
    },
  };
  if (settings.liveness !== false) {
    session.liveness = watchLiveness(
      socket as never,
      settings.liveness ?? {},
      () => {
        if (!hooks.isCurrent(session)) return;
        session.detach();
        const terminate = (socket as { terminate?: () => void }).terminate;
        if (typeof terminate === 'function') terminate.call(socket);
        else if (socket.readyState <= OPEN)
          socket.close(1000, 'liveness timeout');
        hooks.onClose(session, 1006, 'no pong within the liveness timeout');
      },
    );
  }
  return session;
}

/** Stops listening to the socket and closes it (code 1000) unless it is closed already. */
export function closeSocket(session: SocketSession, reason: string): void {
  session.detach();
  if (session.socket.readyState <= OPEN) session.socket.close(1000, reason);
}

/**
 * Waits for the setup handshake: resolves once the session is configured, rejects with `CONNECT_TIMEOUT`
 * after `timeoutMs` or with whatever `setup.reject` is given (refusal, close, socket error).
 */
export function awaitSetup(
  session: SocketSession,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      const waitingFor = session.setup?.updateEventId
        ? 'session.updated'
        : 'session.created';
      reject(
        new TranscriptionTransportError(
          'CONNECT_TIMEOUT',
          `The server did not send ${waitingFor} within ${timeoutMs} ms.`,
        ),
      );
    }, timeoutMs);
    session.setup = {
      resolve: () => {
        clearTimeout(timer);
        session.setup = undefined;
        resolve();
      },
      reject: (error) => {
        clearTimeout(timer);
        session.setup = undefined;
        reject(error);
      },
    };
  });
}

/**
 * The handshake's next step on `session.created`/`session.updated`: on `created`, send the settings
 * `settingsFor` derives from the server's session (or finish when nothing needs sending); on `updated`,
 * finish once our update was sent. A conflict `settingsFor` throws fails the setup.
 */
export function advanceSetup(
  session: SocketSession,
  phase: 'created' | 'updated',
  serverSession: WireSession,
  settingsFor: (session: WireSession) => TranscriptionSettings | undefined,
  dialect: Dialect,
): void {
  const setup = session.setup;
  if (!setup) return;
  if (phase === 'updated') {
    if (setup.updateEventId) setup.resolve();
    return;
  }
  let settings: TranscriptionSettings | undefined;
  try {
    settings = settingsFor(serverSession);
  } catch (error) {
    return setup.reject(error as TranscriptionTransportError);
  }
  if (!settings) return setup.resolve();
  setup.updateEventId = `transcription_setup_${++setupCounter}`;
  session.socket.send(
    JSON.stringify(configurationEvent(dialect, settings, setup.updateEventId)),
  );
}

/**
 * A server `error` while the setup runs. The refusal of our update fails the setup with
 * `SESSION_UPDATE_REJECTED` (a refused update is discarded whole, so the session is not usable as asked);
 * any other error is left to the close that follows it. Returns `false` when no setup runs.
 */
export function setupTakesError(
  session: SocketSession,
  error: ServerErrorDetail,
  message: string,
): boolean {
  const setup = session.setup;
  if (!setup) return false;
  if (
    setup.updateEventId &&
    (error.event_id == null || error.event_id === setup.updateEventId)
  ) {
    setup.reject(
      new TranscriptionTransportError(
        'SESSION_UPDATE_REJECTED',
        `The server refused the transcription settings: ${message}`,
        { serverError: error },
      ),
    );
  }
  return true;
}
