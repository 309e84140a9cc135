/**
 * One accepted WebSocket: the handshake refusal (if any), `session.created`, frame logging in both directions,
 * session expiry, and fault injection (drop, stall). The session semantics live in `session-protocol.ts`.
 */
import type { WebSocket } from 'ws';
import { eventErrors } from '../errors.js';
import type { FrameLog } from './frame-log.js';
import type { HandshakeOutcome, Refusal } from './handshake.js';
import { newId } from '../util/ids.js';
import { parseClientFrame } from './client-frames.js';
import { TranscriptionSession } from '../session/session-protocol.js';
import type { SessionSettings } from '../session/settings.js';
import { TimerSet } from '../util/timers.js';
import type {
  SimulatorConnectionInfo,
  TranscriptionServerSimulatorOptions,
} from '../types.js';

type Json = Record<string, unknown>;

/** What a connection gets from the simulator. */
export interface ConnectionContext {
  info: SimulatorConnectionInfo;
  refusal: HandshakeOutcome['refusal'];
  options: TranscriptionServerSimulatorOptions;
  settings: SessionSettings;
  log: FrameLog;
  nextTurnIndex(): number;
  peekTurnIndex(): number;
}

/**
 * The gap between the 101 and the first server frame: 5.7 ms live ([CAP-0918]). A frame glued to the upgrade
 * response reaches a client before it attached its message listener (LiveKit's STT plugin missed
 * `session.created` that way), so the simulator waits too. INFERRED for refusals: the same gap.
 */
export const FIRST_FRAME_DELAY_MS = 5;

/** The real session cap: 60 minutes (protocol.md §9). */
const DEFAULT_SESSION_MS = 60 * 60 * 1000;
/** INFERRED: the close after `session_expired` is not captured; 1000 with the usual `type.code` reason. */
const EXPIRED_CLOSE = {
  code: 1000,
  reason: 'invalid_request_error.session_expired',
};

export class SimulatorConnection {
  readonly #socket: WebSocket;
  readonly #context: ConnectionContext;
  readonly #timers = new TimerSet();
  readonly #session: TranscriptionSession | null = null;
  readonly closed: Promise<void>;
  #appends = 0;
  /** Whether the first frame (`session.created` or a refusal) has gone out. */
  #greeted = false;
  #closing: 'server' | 'drop' | null = null;
  /** While stalled: server events and client frames wait here, in order. */
  #stalled: { outgoing: Json[]; incoming: Array<[Buffer, boolean]> } | null =
    null;

  constructor(socket: WebSocket, context: ConnectionContext) {
    this.#socket = socket;
    this.#context = context;
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        context.info.closed = {
          code,
          reason: reason.toString(),
          by: this.#closing ?? 'client',
        };
        this.#dispose();
        resolve();
      });
    });
    socket.on('error', () => {
      // A socket error is followed by 'close'; nothing else to do, but an unhandled 'error' would crash.
    });
    const refusal = context.refusal;
    if (refusal?.when === 'connect') {
      this.#timers.after(FIRST_FRAME_DELAY_MS, () => this.#refuse(refusal));
      return;
    }
    if (refusal) {
      // Silent until the client's first event, which is logged and then answered by the refusal.
      socket.once('message', (data, isBinary) => {
        const bytes = toBuffer(data);
        const frame = parseClientFrame(
          bytes,
          isBinary,
          context.options.dialect ?? 'ga',
        );
        this.#record('client', frame.logEvent, bytes.length);
        this.#refuse(refusal, frame.clientEventId);
      });
      return;
    }
    const durationMs = context.options.sessionDurationMs ?? DEFAULT_SESSION_MS;
    this.#session = new TranscriptionSession({
      connectionId: context.info.connectionId,
      sessionId: newId('sess'),
      expiresAt: Math.floor((Date.now() + durationMs) / 1000),
      settings: context.settings,
      script: context.options,
      rmsAtDefaultThreshold: context.options.vad?.rmsAtDefaultThreshold ?? 0.02,
      send: (event) => this.#send(event),
      nextTurnIndex: context.nextTurnIndex,
      peekTurnIndex: context.peekTurnIndex,
    });
    socket.on('message', (data, isBinary) =>
      this.#receive(toBuffer(data), isBinary),
    );
    this.#timers.after(FIRST_FRAME_DELAY_MS, () => this.#greet());
    this.#timers.after(durationMs, () => {
      this.#session?.sendError(eventErrors.sessionExpired(durationMs), null);
      this.close(EXPIRED_CLOSE.code, EXPIRED_CLOSE.reason);
    });
  }

  /** `session.created`, once, before anything else the session says. */
  #greet(): void {
    if (this.#greeted) return;
    this.#greeted = true;
    this.#session?.sendCreated();
  }

  /** A fatal refusal: the error event and the close in the same millisecond, as the real server does. */
  #refuse(refusal: Refusal, clientEventId: string | null = null): void {
    this.#send({
      type: 'error',
      error: { ...refusal.error, event_id: clientEventId },
    });
    void this.close(refusal.closeCode, refusal.closeReason);
  }

  /** Sends a server event to this connection (used by `broadcast`). */
  send(event: Json): void {
    this.#greet();
    this.#send(event);
  }

  /** Closes with a close frame and waits for the socket to end (terminating it if the peer never answers). */
  async close(code: number, reason: string): Promise<void> {
    if (
      this.#socket.readyState === this.#socket.OPEN ||
      this.#socket.readyState === this.#socket.CONNECTING
    ) {
      this.#closing ??= 'server';
      // A stalled socket is paused and would never read the peer's close reply; what waited goes out first
      // (e.g. the `session_expired` error when the session expires mid-stall).
      this.#resume();
      this.#socket.close(code, reason);
      const fallback = setTimeout(() => this.#socket.terminate(), 1000);
      await this.closed;
      clearTimeout(fallback);
    }
    await this.closed;
  }

  /** Ends the TCP connection with no close frame, as a network failure would. */
  drop(): void {
    if (this.#socket.readyState === this.#socket.CLOSED) return;
    this.#closing = 'drop';
    this.#socket.terminate();
  }

  #send(event: Json): void {
    if (this.#stalled) {
      this.#stalled.outgoing.push(event);
      return;
    }
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    const { type, event_id, ...rest } = event;
    const framed = {
      type,
      event_id: event_id ?? newId('event'),
      ...rest,
    } as Json & { type: string };
    const text = JSON.stringify(framed);
    this.#socket.send(text);
    this.#record('server', framed, Buffer.byteLength(text));
  }

  #receive(data: Buffer, isBinary: boolean): void {
    // `ws` still emits frames it had buffered when the socket was terminated; a dropped peer reads nothing.
    if (this.#closing === 'drop') return;
    if (this.#stalled) {
      this.#stalled.incoming.push([data, isBinary]);
      return;
    }
    // A client that speaks before the greeting (LiveKit sends its update at open) still sees it first.
    this.#greet();
    const frame = parseClientFrame(
      data,
      isBinary,
      this.#context.options.dialect ?? 'ga',
    );
    this.#record('client', frame.logEvent, data.length);
    if (frame.error) this.#session?.sendError(frame.error, frame.clientEventId);
    else if (frame.event)
      this.#session?.handle(frame.event, frame.clientEventId);
    if (frame.logEvent.type === 'input_audio_buffer.append')
      this.#afterAppend();
  }

  #afterAppend(): void {
    const faults = this.#context.options.faults;
    this.#appends++;
    if (
      faults?.dropAfterAppends !== undefined &&
      this.#appends >= faults.dropAfterAppends
    ) {
      this.drop();
      return;
    }
    if (faults?.stall && this.#appends === faults.stall.afterAppends) {
      this.#stalled = { outgoing: [], incoming: [] };
      this.#socket.pause();
      this.#timers.after(faults.stall.forMs, () => this.#resume());
    }
  }

  #resume(): void {
    const stalled = this.#stalled;
    this.#stalled = null;
    if (!stalled) return;
    this.#socket.resume();
    for (const event of stalled.outgoing) this.#send(event);
    for (const [data, isBinary] of stalled.incoming)
      this.#receive(data, isBinary);
  }

  /** Logs a frame of `bytes` bytes on the wire (the log's byte limit counts them). */
  #record(
    direction: 'client' | 'server',
    event: Json & { type: string },
    bytes: number,
  ): void {
    this.#context.log.record(
      {
        connectionId: this.#context.info.connectionId,
        direction,
        event,
        at: performance.now(),
      },
      bytes,
    );
  }

  #dispose(): void {
    this.#timers.clearAll();
    this.#stalled = null;
    this.#session?.dispose();
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
