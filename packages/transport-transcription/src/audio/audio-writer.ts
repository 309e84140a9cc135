/**
 * Writes the replay buffer's audio to one socket, in order: the one-send hot path, the backpressure queue
 * (audio waits in the replay buffer while `bufferedAmount` is over the high-water mark), the replay after a
 * reconnect (skipping turns already transcribed), and the map from the server's per-socket byte offsets to
 * the transport's timeline.
 */
import { appendFrame, type Base64Encoder } from './audio.js';
import { OPEN, type WebSocketLike } from '../wire/url-and-auth.js';
import type { ReplayBuffer } from './replay-buffer.js';

const COMMIT_FRAME = '{"type":"input_audio_buffer.commit"}';
const RETRY_MS = 10;

export class AudioWriter {
  /** Transport-timeline position of the next byte to write. */
  sent: number;
  /** Transport positions of commits written and not yet answered by `committed`. */
  readonly commits: number[] = [];
  #serverBytes = 0;
  /** Bytes written since the last commit written (the 100 ms rule during a replay). */
  #segmentBytes = 0;
  /** `[serverStart, transportStart]` pairs: where each contiguous run written lies on the timeline. */
  #runs: number[];
  #skip: ReadonlyArray<readonly [number, number]> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  readonly #socket: WebSocketLike;
  readonly #encode: Base64Encoder;
  readonly #highWaterMark: number;

  constructor(
    socket: WebSocketLike,
    base: number,
    encode: Base64Encoder,
    highWaterMark: number,
  ) {
    this.#socket = socket;
    this.sent = base;
    this.#runs = [0, base];
    this.#encode = encode;
    this.#highWaterMark = highWaterMark;
  }

  /**
   * The hot path: writes `bytes` (which the caller then appends to the replay buffer at `replayEnd`) when
   * nothing is queued and the socket drains. One base64, one send. Returns `false` to queue instead.
   */
  tryWrite(bytes: Uint8Array, replayEnd: number): boolean {
    const socket = this.#socket;
    if (
      this.sent !== replayEnd ||
      socket.readyState !== OPEN ||
      (socket.bufferedAmount ?? 0) > this.#highWaterMark
    )
      return false;
    socket.send(appendFrame(this.#encode(bytes)));
    this.sent += bytes.byteLength;
    this.#serverBytes += bytes.byteLength;
    this.#segmentBytes += bytes.byteLength;
    return true;
  }

  /** Writes a commit now if everything before `position` is written; else the flush writes its marker. */
  tryCommit(position: number): boolean {
    if (this.sent !== position || this.#socket.readyState !== OPEN)
      return false;
    this.#writeCommit(position);
    return true;
  }

  /** Starts this socket's stream at `from`, leaving out `skip` ranges (a reconnect's replay). */
  restart(from: number, skip: ReadonlyArray<readonly [number, number]>): void {
    this.sent = from;
    this.#runs = [0, from];
    this.#skip = skip;
  }

  /** Writes what the socket has not had yet while it drains; retries on a timer when it does not. */
  flush(replay: ReplayBuffer, minCommitBytes: number): void {
    if (this.#stopped) return;
    if (this.sent < replay.start) this.sent = replay.start;
    const socket = this.#socket;
    for (const step of replay.replay({
      from: this.sent,
      skip: this.#skip,
      minCommitBytes,
      segmentBytes: this.#segmentBytes,
    })) {
      if (socket.readyState !== OPEN) return;
      if (step.kind === 'commit') {
        this.#writeCommit(step.position);
        continue;
      }
      if ((socket.bufferedAmount ?? 0) > this.#highWaterMark) {
        this.#retry(replay, minCommitBytes);
        return;
      }
      if (step.position !== this.sent)
        this.#runs.push(this.#serverBytes, step.position);
      socket.send(appendFrame(this.#encode(step.bytes)));
      this.sent = step.position + step.bytes.byteLength;
      this.#serverBytes += step.bytes.byteLength;
      this.#segmentBytes += step.bytes.byteLength;
    }
    this.sent = Math.max(this.sent, replay.end);
  }

  /** Stops retrying (the socket is being dropped). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** A byte offset on the server's timeline of this socket → a position on the transport's timeline. */
  toTimeline(serverBytes: number): number {
    const runs = this.#runs;
    for (let i = runs.length - 2; i >= 0; i -= 2)
      if (runs[i]! <= serverBytes) return runs[i + 1]! + serverBytes - runs[i]!;
    return runs[1]! + serverBytes;
  }

  #writeCommit(position: number): void {
    this.#socket.send(COMMIT_FRAME);
    this.commits.push(position);
    this.#segmentBytes = 0;
  }

  #retry(replay: ReplayBuffer, minCommitBytes: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush(replay, minCommitBytes);
    }, RETRY_MS);
  }
}
