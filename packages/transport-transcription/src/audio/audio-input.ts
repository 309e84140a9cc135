/**
 * The send path behind `sendAudio`, `mute` and commits: mute, the client turn detector (while the session
 * detects turns on the client), and the outbox that writes audio through the current socket and keeps it in
 * the replay buffer. Every commit, the application's, the client detector's and `flush()`'s, takes the one
 * path here, so it is recorded in the replay buffer and a reconnect replays it on the same boundary.
 *
 * The hot path (`send` with client turn detection off) creates no closure or object of its own: the
 * detector lookup (the settings and model in effect may have changed), then one call into the outbox.
 */
import {
  DEFAULTS,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
} from '../config/options.js';
import {
  clientTurnDetection,
  modelInEffect,
} from '../config/model-in-effect.js';
import type { ConfigWarning } from '../config/warnings.js';
import type { TranscriptionSettings } from '../config/settings.js';
import type { Connection } from '../connection/connection.js';
import type { EventSink } from '../emitter.js';
import type { TranscriptionEventTypes } from '../events.js';
import type { TurnTracker } from '../history/turn-tracker.js';
import { normalizeWireFormat, type WireSession } from '../wire/wire-session.js';
import { bytesPerMs, MIN_COMMIT_MS, type AudioCodec } from './audio.js';
import { AudioOutbox } from './audio-outbox.js';
import {
  clientTurnsFor,
  type ClientTurns,
  type TurnStep,
} from './client-turns.js';

/** What the send path reads from the rest of the transport, and where it reports. */
export interface AudioInputDeps {
  /** The connection audio goes to now (`undefined` unless connected: audio then waits in the buffer). */
  current(): Connection | undefined;
  /** The explicit settings in effect (client turn detection, format). */
  explicit(): TranscriptionSettings;
  /** The server's session on the current (or lost) socket: its model and format count when the user set none. */
  serverSession(): WireSession | undefined;
  /** The turns, whose ledger says whether audio the bounded replay buffer dropped mattered. */
  turns: TurnTracker;
  /** A commit was written to the socket now: a rotation waiting for a commit boundary may switch. */
  committed(): void;
  warn(warning: ConfigWarning): void;
  /** Where the client detector's `speech_started`/`speech_stopped` go. */
  events: EventSink<TranscriptionEventTypes>;
}

/** Audio from the application to the outbox: mute, client turn detection, commits. */
export class AudioInput {
  /** The codec of the session's audio (the current connection's once it reported a format). */
  codec: AudioCodec = 'pcm16';
  /** `mute(true)`: audio is dropped (a commit still ends the turn with what was sent before). */
  muted = false;
  readonly outbox: AudioOutbox;
  /** The client turn detector on the audio sent, while the session detects turns on the client. */
  #clientTurns: ClientTurns | undefined;
  readonly #deps: AudioInputDeps;

  /** Reads `replayBufferMs` and `backpressure.maxQueuedMs` (validated). */
  constructor(
    options: OpenAIRealtimeTranscriptionWebSocketOptions,
    deps: AudioInputDeps,
  ) {
    this.#deps = deps;
    this.outbox = new AudioOutbox(
      options.replayBufferMs ?? DEFAULTS.replayBufferMs,
      options.backpressure?.maxQueuedMs ?? DEFAULTS.maxQueuedMs,
      { warn: deps.warn, dropMatters: (start) => this.#dropMatters(start) },
    );
  }

  /** Under this much audio since the last commit, a commit is not sent. */
  get minCommitBytes(): number {
    return MIN_COMMIT_MS * bytesPerMs(this.codec);
  }

  /** A new session (in `codec`), or the end of one: nothing buffered, no detector running. */
  reset(codec = this.codec): void {
    this.codec = codec;
    this.outbox.reset();
    this.#clientTurns = undefined;
  }

  /** Validated audio from `sendAudio`: dropped while muted, else through the client detector if one runs. */
  send(bytes: Uint8Array): void {
    if (this.muted || bytes.byteLength === 0) return;
    const turns = this.#detector();
    if (turns) this.#apply(turns.push(bytes));
    else this.#append(bytes);
  }

  /** A commit the application sent: the turn ends here, so the client detector starts afresh. */
  appCommit(): void {
    this.#commit();
    this.#clientTurns?.reset(this.outbox.replay.end);
  }

  /**
   * `flush()`'s commit of the tail under way. With client turn detection the detector decides (trailing
   * silence is not a turn, unless the server already streams text for it: a live item is committed, or it
   * never settles); with server turn detection only while speech is under way; else always (if ≥ 100 ms).
   */
  flushTail(latest: Connection | undefined): void {
    const turns = this.#detector();
    if (turns) {
      const steps = turns.flush();
      this.#apply(steps);
      if (
        this.#deps.turns.precommitCount > 0 &&
        !steps.some((step) => step.kind === 'commit')
      )
        this.#commit();
    } else if (!latest?.serverDetectsTurns || latest.speaking) this.#commit();
  }

  /** An `input_audio_buffer.clear` went out: the tail is never transcribed. Returns where it ends. */
  cleared(): number {
    const end = this.outbox.replay.end;
    this.outbox.lastCommitAt = end;
    this.#clientTurns?.reset(end);
    return end;
  }

  #append(bytes: Uint8Array): void {
    const connection = this.#deps.current();
    this.outbox.send(
      bytes,
      connection?.writer,
      this.codec,
      connection?.socket.bufferedAmount ?? 0,
    );
  }

  /**
   * The client turn detector for the settings and model in effect now (made at the current end of the
   * stream when they change), or `undefined` when the server detects turns or the application commits.
   */
  #detector(): ClientTurns | undefined {
    const server = this.#deps.serverSession();
    const explicit = this.#deps.explicit();
    const settings = clientTurnDetection(
      explicit,
      modelInEffect(explicit, server),
    );
    const format =
      explicit.format?.type ??
      normalizeWireFormat(server?.audio?.input?.format)?.type;
    this.#clientTurns = clientTurnsFor(
      this.#clientTurns,
      settings,
      format === 'audio/pcmu' || format === 'audio/pcma' ? format : 'audio/pcm',
      this.outbox.replay.end,
    );
    return this.#clientTurns;
  }

  /** Appends and commits as the client detector said; commits take the one commit path (replay boundaries). */
  #apply(steps: TurnStep[]): void {
    const events = this.#deps.events;
    for (const step of steps) {
      if (step.kind === 'append') this.#append(step.bytes);
      else if (step.kind === 'commit') this.#commit();
      // No item exists before the commit: the id is empty (the `committed` item follows).
      else if (step.kind === 'speech_started')
        events.emit('speech_started', {
          itemId: '',
          audioStartMs: step.audioStartMs,
        });
      else
        events.emit('speech_stopped', {
          itemId: '',
          audioEndMs: step.audioEndMs,
        });
    }
  }

  #commit(): void {
    if (this.outbox.commit(this.#deps.current()?.writer, this.codec))
      this.#deps.committed();
  }

  #dropMatters(start: number): boolean {
    const ledger = this.#deps.turns.ledger;
    return (
      ledger.turns.some((turn) => !turn.settled && turn.start < start) ||
      // committed audio whose `committed` event has not arrived yet
      (ledger.lastEnd < start && this.outbox.lastCommitAt > ledger.lastEnd)
    );
  }
}
