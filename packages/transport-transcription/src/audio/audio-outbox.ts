/**
 * Audio on its way out: `sendAudio` and commits into the replay buffer and through the current socket's
 * writer, backpressure, and the accounting of audio the bounded replay buffer had to drop.
 *
 * The hot path (connected, nothing queued, socket draining) is one base64, one send and one copy into the
 * arena; everything else waits in the replay buffer until the socket drains or a new one is ready.
 */
import { TranscriptionTransportError } from '../errors.js';
import type { ConfigWarning } from '../config/warnings.js';
import { AudioArena } from './audio-arena.js';
import type { AudioWriter } from './audio-writer.js';
import { bytesPerMs, MIN_COMMIT_MS, type AudioCodec } from './audio.js';
import { ReplayBuffer } from './replay-buffer.js';

export interface OutboxHooks {
  warn(warning: ConfigWarning): void;
  /** Whether dropped audio up to `start` mattered (it belonged to a turn still waiting, or was unsent). */
  dropMatters(start: number): boolean;
}

export class AudioOutbox {
  #replay: ReplayBuffer;
  /** Where the replay buffer's copies of the caller's audio live (callers reuse their buffers). */
  readonly #arena = new AudioArena();
  /** Transport-timeline position of the last commit (manual, VAD or clear); under 100 ms past it, no commit. */
  lastCommitAt = 0;
  droppedBytes = 0;
  /** A drop warning was emitted and no replay or settle happened since (one warning per episode). */
  #dropWarned = false;
  readonly #replayBufferMs: number;
  readonly #maxQueuedMs: number;
  readonly #hooks: OutboxHooks;

  constructor(replayBufferMs: number, maxQueuedMs: number, hooks: OutboxHooks) {
    this.#replayBufferMs = replayBufferMs;
    this.#maxQueuedMs = maxQueuedMs;
    this.#hooks = hooks;
    this.#replay = this.#newReplayBuffer();
  }

  get replay(): ReplayBuffer {
    return this.#replay;
  }

  /** A new session: nothing buffered, nothing dropped. */
  reset(): void {
    this.#replay = this.#newReplayBuffer();
    this.lastCommitAt = 0;
    this.droppedBytes = 0;
    this.#dropWarned = false;
  }

  /** Audio before `position` is no longer needed (its turns settled), nor audio before the last commit. */
  release(position: number): void {
    this.#replay.release(Math.min(position, this.lastCommitAt));
    this.#dropWarned = false;
  }

  /** A replay starts: a new drop is a new episode. */
  replayed(): void {
    this.#dropWarned = false;
  }

  /** Appends `bytes`, writing them through `writer` (the connected socket's) when there is one. */
  send(
    bytes: Uint8Array,
    writer: AudioWriter | undefined,
    codec: AudioCodec,
    bufferedAmount: number,
  ): void {
    const replay = this.#replay;
    if (writer !== undefined && writer.tryWrite(bytes, replay.end)) {
      // The hot path: one base64, one send, and one copy into the arena for the replay buffer.
      const dropped = replay.append(this.#arena.copy(bytes));
      if (dropped > 0) this.#onDropped(dropped, writer, true);
      return;
    }
    this.#queue(bytes, writer, codec, bufferedAmount);
  }

  /**
   * Ends the turn at the current end (if ≥ 100 ms since the last commit). Returns whether the commit was
   * written to the socket now (a rotation waits for that boundary).
   */
  commit(writer: AudioWriter | undefined, codec: AudioCodec): boolean {
    const replay = this.#replay;
    if (replay.end - this.lastCommitAt < MIN_COMMIT_MS * bytesPerMs(codec))
      return false;
    replay.commit();
    this.lastCommitAt = replay.end;
    // Written now when nothing is queued; otherwise the marker goes out with the queued audio.
    return writer !== undefined && writer.tryCommit(replay.end);
  }

  /** The slow path: audio waits in the replay buffer until the socket drains or a new one is ready. */
  #queue(
    bytes: Uint8Array,
    writer: AudioWriter | undefined,
    codec: AudioCodec,
    bufferedAmount: number,
  ): void {
    const minCommit = MIN_COMMIT_MS * bytesPerMs(codec);
    if (writer) {
      writer.flush(this.#replay, minCommit); // it may have drained since the last retry
      const perMs = bytesPerMs(codec);
      const maxQueued = this.#maxQueuedMs * perMs;
      const queued = this.#replay.end - writer.sent;
      if (queued + bytes.byteLength > maxQueued) {
        throw new TranscriptionTransportError(
          'AUDIO_BACKPRESSURE',
          `sendAudio() refused ${bytes.byteLength / perMs} ms of audio: the socket is not draining (bufferedAmount ${bufferedAmount} bytes) and ${queued / perMs} ms already wait (backpressure.maxQueuedMs).`,
        );
      }
    }
    // A copy: the caller may reuse its buffer as soon as this returns (AudioWorklet code does).
    const dropped = this.#replay.append(this.#arena.copy(bytes));
    if (dropped > 0) this.#onDropped(dropped, writer, writer !== undefined);
    if (writer) writer.flush(this.#replay, minCommit);
  }

  #onDropped(
    bytes: number,
    writer: AudioWriter | undefined,
    connected: boolean,
  ): void {
    const start = this.#replay.start;
    if (writer && writer.sent < start) writer.sent = start;
    // While connected, dropping the uncommitted tail (e.g. long silence under server VAD) loses nothing the
    // server does not have; only audio of turns still waiting for a transcript, or unsent audio, counts.
    if (connected && !this.#hooks.dropMatters(start)) return;
    this.droppedBytes += bytes;
    if (this.#dropWarned) return;
    this.#dropWarned = true;
    const ms = this.#replayBufferMs;
    this.#hooks.warn({
      field: 'replayBufferMs',
      message: connected
        ? `The replay buffer is full (${ms} ms): transcripts are slow to arrive, so audio of pending items can no longer be replayed if the connection drops.`
        : `The replay buffer is full (${ms} ms) while reconnecting: the oldest audio was dropped and will not be transcribed.`,
    });
  }

  #newReplayBuffer(): ReplayBuffer {
    // Sized for PCM16 (the larger codec); G.711 then keeps 6× as long, which errs on the safe side.
    return new ReplayBuffer(this.#replayBufferMs * bytesPerMs('pcm16'));
  }
}
