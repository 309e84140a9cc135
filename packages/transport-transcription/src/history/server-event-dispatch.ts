/**
 * Server events, once a connection parsed and validated them, to the turn tracker and the transport's
 * events: which socket's frames still count (the current one, a rotation's candidate, the old socket
 * draining) and what a draining one may still deliver, server positions mapped onto the transport timeline,
 * server errors made `SERVER_ERROR`s without the key. Runs per event: allocates little beyond what it emits.
 */
import type { AudioInput } from '../audio/audio-input.js';
import { bytesPerMs } from '../audio/audio.js';
import { traitsOf } from '../config/model-rules.js';
import type { Connection } from '../connection/connection.js';
import type { Connector } from '../connection/connector.js';
import type { EventSink } from '../emitter.js';
import {
  redactSecrets,
  TranscriptionTransportError,
  type ServerErrorDetail,
} from '../errors.js';
import type { TranscriptionEventTypes } from '../events.js';
import type { Continuity } from '../reliability/continuity.js';
import { sdkUsage } from '../wire/usage.js';
import type { InterpretedEvent, ServerEvent } from '../wire/server-events.js';
import type { WireSession } from '../wire/wire-session.js';
import type { TurnTracker } from './turn-tracker.js';

/** What the dispatch reads and where it reports; fixed for the transport's lifetime. */
export interface DispatchDeps {
  turns: TurnTracker;
  /** The send path: its codec and the positions of the last commit and of the stream's end. */
  input: AudioInput;
  /** Its rotation says which sockets' frames count; whether it reconnects, what a `session_expired` is. */
  continuity: Continuity;
  /** The connection audio goes to now, if connected. */
  current(): Connection | undefined;
  /** The server's session on the current (or lost) socket, and the explicit settings: the model in effect. */
  serverSession(): WireSession | undefined;
  connector: Connector;
  events: EventSink<TranscriptionEventTypes>;
  /** A frame arrived: `flush()` waiters may be done. */
  checkDrained(): void;
}

/** Dispatches each connection's server events; see the file comment. */
export class ServerEventDispatch {
  readonly #deps: DispatchDeps;

  constructor(deps: DispatchDeps) {
    this.#deps = deps;
  }

  /** A frame from `connection`: raw on `'*'` (finals only when taken), interpreted to the turn tracker. */
  onEvent(
    connection: Connection,
    event: InterpretedEvent | undefined,
    raw: ServerEvent,
  ): void {
    const deps = this.#deps;
    const owned =
      connection === deps.current() ||
      deps.continuity.rotation.owns(connection);
    // RealtimeSession writes a raw `completed` into its history itself: only finals this transport took pass.
    if (
      event?.kind !== 'completed' ||
      (owned && !deps.turns.isIgnored(event.itemId))
    )
      deps.events.emit('*', raw);
    if (event && owned) this.#handle(event, connection);
    deps.checkDrained();
  }

  #handle(event: InterpretedEvent, connection: Connection): void {
    const { turns, input, events } = this.#deps;
    if (this.#dropWhileDraining(event, connection)) return;
    switch (event.kind) {
      case 'session':
        if (connection === this.#deps.current()) input.codec = connection.codec;
        return;
      case 'error':
        return this.#onServerError(connection, event.error);
      case 'speech_started':
        return void events.emit('speech_started', {
          itemId: event.itemId,
          audioStartMs: this.#timelineMs(connection, event.audioStartMs),
        });
      case 'speech_stopped': {
        // The server committed up to audio_end_ms; what came after is still uncommitted. Never past the
        // audio this socket was actually sent: a bogus value must not swallow later commits.
        const perMs = bytesPerMs(input.codec);
        const position = connection.writer.toTimeline(
          Math.round(event.audioEndMs * perMs),
        );
        const end = Math.min(Math.max(position, 0), connection.writer.sent);
        connection.stops.set(event.itemId, end);
        input.outbox.lastCommitAt = Math.max(input.outbox.lastCommitAt, end);
        return void events.emit('speech_stopped', {
          itemId: event.itemId,
          audioEndMs: position / perMs,
        });
      }
      case 'cleared':
        input.outbox.lastCommitAt = input.outbox.replay.end;
        return;
      case 'committed':
        return this.#onCommitted(
          connection,
          event.itemId,
          event.previousItemId,
        );
      case 'item_added':
        return turns.added(
          event.itemId,
          event.previousItemId,
          event.transcript,
          Date.now(),
        );
      case 'delta': {
        const replace = traitsOf(this.#model())?.wholeTextDeltas ?? false;
        const transcript = turns.delta(
          event.itemId,
          event.delta,
          replace,
          Date.now(),
        );
        if (transcript === undefined) return;
        return void events.emit('transcript_delta', {
          itemId: event.itemId,
          delta: event.delta,
          transcript,
          logprobs: event.logprobs,
        });
      }
      case 'completed': {
        if (!turns.completed(event.itemId, event.transcript)) return;
        events.emit('transcript_completed', {
          itemId: event.itemId,
          transcript: event.transcript,
          usage: event.usage,
          logprobs: event.logprobs,
          languages: event.languages,
        });
        if (event.usage?.type === 'tokens')
          events.emit('usage_update', sdkUsage(event.usage));
        return;
      }
      case 'failed': {
        const error = new TranscriptionTransportError(
          'TRANSCRIPTION_FAILED',
          `Transcription of item ${event.itemId} failed: ${event.error.message ?? 'no reason given'}`,
          { serverError: event.error },
        );
        // A failure after the final (a late or duplicate event) changes nothing: the text stands.
        if (turns.failed(event.itemId, error))
          events.emit('error', { type: 'error', error });
        return;
      }
      case 'segment': {
        const { kind: _kind, ...segment } = event;
        return void events.emit('transcript_segment', segment);
      }
      default:
        return; // a kind this version does not act on
    }
  }

  /** A socket rotated away from still delivers the transcripts of its turns, and nothing else counts. */
  #dropWhileDraining(event: InterpretedEvent, connection: Connection): boolean {
    const turns = this.#deps.turns;
    const rotation = this.#deps.continuity.rotation;
    if (!rotation.isDraining(connection)) return false;
    if (
      event.kind === 'session' ||
      event.kind === 'speech_started' ||
      event.kind === 'speech_stopped' ||
      event.kind === 'cleared'
    )
      return true;
    if (
      (event.kind === 'committed' || event.kind === 'item_added') &&
      !rotation.drainingItemIds(connection).includes(event.itemId) &&
      connection.writer.commits.length === 0
    ) {
      // A VAD commit that crossed our clear: that audio is transcribed on the new socket.
      turns.remove(event.itemId);
      return true;
    }
    return false;
  }

  #onCommitted(
    connection: Connection,
    itemId: string,
    serverPreviousItemId: string | null,
  ): void {
    const { turns, input } = this.#deps;
    const rotation = this.#deps.continuity.rotation;
    const committed = turns.committed(
      connection,
      itemId,
      serverPreviousItemId,
      () => {
        let end = connection.stops.get(itemId);
        if (end !== undefined) connection.stops.delete(itemId);
        else end = connection.writer.commits.shift() ?? connection.writer.sent;
        input.outbox.lastCommitAt = Math.max(input.outbox.lastCommitAt, end);
        return end;
      },
      Date.now(),
    );
    if (!committed) return;
    rotation.noteDrainingItem(connection, itemId);
    if (connection === this.#deps.current()) rotation.commitBoundary();
  }

  #onServerError(connection: Connection, error: ServerErrorDetail): void {
    // The close that follows starts a reconnect; the application hears of it through `reconnecting`.
    if (error.code === 'session_expired' && this.#deps.continuity.reconnects)
      return;
    if (error.code === 'input_audio_buffer_commit_empty')
      connection.writer.commits.shift(); // that commit made no item
    const message = redactSecrets(
      error.message ?? 'unknown error',
      connection.apiKey,
    );
    this.#deps.events.emit('error', {
      type: 'error',
      error: new TranscriptionTransportError(
        'SERVER_ERROR',
        `Server error${error.code ? ` (${error.code})` : ''}: ${message}`,
        { serverError: error },
      ),
    });
  }

  /** The transcription model in effect: whether its deltas carry the whole text so far. */
  #model(): string | undefined {
    return (
      this.#deps.serverSession()?.audio?.input?.transcription?.model ??
      this.#deps.connector.explicit.transcription?.model ??
      undefined
    );
  }

  /** A server position (ms on this socket) → ms on the transport's timeline. */
  #timelineMs(connection: Connection, serverMs: number): number {
    const perMs = bytesPerMs(this.#deps.input.codec);
    return connection.writer.toTimeline(Math.round(serverMs * perMs)) / perMs;
  }
}
