/**
 * The replay buffer: the audio a new socket must be sent again after a reconnect. Pure; no I/O.
 *
 * Positions are byte offsets on the transport's own timeline (every byte ever appended, across sockets).
 * The buffer holds `[start, end)`: from the oldest audio whose transcript has not arrived through the
 * uncommitted tail, plus the positions of the manual commits inside it, so a replay commits at the same
 * boundaries. It keeps the chunks it is given (no copy, no re-encoding) and is bounded: past
 * `maxBytes` the oldest audio is dropped and reported.
 */

/** One step of a replay: audio to append, or a manual commit at this point. */
export type ReplayStep =
  | { kind: 'audio'; position: number; bytes: Uint8Array }
  | { kind: 'commit'; position: number };

const EMPTY = new Uint8Array(0);

export class ReplayBuffer {
  readonly #maxBytes: number;
  /** Chunks from `#head` on are live; the array is compacted now and then instead of shifted per chunk. */
  #chunks: Uint8Array[] = [];
  #starts: number[] = [];
  #head = 0;
  #start = 0;
  #end = 0;
  /** Manual commit positions in `(start, end]`, ascending. */
  #commits: number[] = [];

  /** @param maxBytes at most this many bytes are kept (a positive integer). */
  constructor(maxBytes: number) {
    if (!(maxBytes > 0))
      throw new RangeError(`maxBytes must be positive; got ${maxBytes}`);
    this.#maxBytes = maxBytes;
  }

  /** Position of the first byte kept. */
  get start(): number {
    return this.#start;
  }

  /** Position just past the last byte appended (all audio ever appended). */
  get end(): number {
    return this.#end;
  }

  /** Bytes kept. */
  get size(): number {
    return this.#end - this.#start;
  }

  /** Chunks kept (for bounded-memory checks). */
  get chunkCount(): number {
    return this.#chunks.length - this.#head;
  }

  /** Manual commit positions kept, ascending. */
  get commits(): readonly number[] {
    return this.#commits;
  }

  /**
   * Adds a chunk (kept by reference: give it bytes nobody will overwrite). Returns how many bytes of the
   * oldest audio were dropped to stay within `maxBytes` (0 almost always).
   */
  append(bytes: Uint8Array): number {
    if (bytes.byteLength === 0) return 0;
    this.#chunks.push(bytes);
    this.#starts.push(this.#end);
    this.#end += bytes.byteLength;
    const over = this.#end - this.#start - this.#maxBytes;
    if (over <= 0) return 0;
    const before = this.#start;
    this.release(this.#start + over);
    return this.#start - before;
  }

  /** Records a manual commit at the current end (ignored when nothing was appended since the last one). */
  commit(): void {
    if (this.#end === this.#start) return;
    if (this.#commits.at(-1) === this.#end) return;
    this.#commits.push(this.#end);
  }

  /**
   * Forgets audio before `position` (its transcripts arrived, or it can no longer be used). Chunks are
   * trimmed by `subarray`, never copied. Positions outside `[start, end]` are clamped.
   */
  release(position: number): void {
    const target = Math.min(Math.max(position, this.#start), this.#end);
    if (target === this.#start) return;
    while (this.#head < this.#chunks.length) {
      const chunk = this.#chunks[this.#head]!;
      const chunkStart = this.#starts[this.#head]!;
      const chunkEnd = chunkStart + chunk.byteLength;
      if (chunkEnd <= target) {
        // Let go of the bytes now, not at the next compaction: they may be a whole arena slab's last view.
        this.#chunks[this.#head] = EMPTY;
        this.#head++;
        continue;
      }
      if (chunkStart < target) {
        this.#chunks[this.#head] = chunk.subarray(target - chunkStart);
        this.#starts[this.#head] = target;
      }
      break;
    }
    this.#start = target;
    let drop = 0;
    while (drop < this.#commits.length && this.#commits[drop]! <= target)
      drop++;
    if (drop > 0) this.#commits.splice(0, drop);
    if (this.#head > 64 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#starts = this.#starts.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * The audio from `from` (default: the start) to the end, in order, with the manual commits inside it.
   * `skip` ranges (ascending, `[start, end)`) are left out: audio whose transcript already arrived. A commit
   * is yielded only when at least `minCommitBytes` of yielded audio precede it since the last commit
   * (counting `segmentBytes` already sent): the server refuses shorter commits, so that audio joins the next
   * segment, and the commit closing a skipped range disappears with it.
   */
  *replay(
    options: {
      from?: number;
      skip?: ReadonlyArray<readonly [number, number]>;
      minCommitBytes?: number;
      segmentBytes?: number;
    } = {},
  ): Generator<ReplayStep> {
    const skip = options.skip ?? [];
    const minCommitBytes = Math.max(1, options.minCommitBytes ?? 1);
    let segment = options.segmentBytes ?? 0;
    let position = Math.max(options.from ?? this.#start, this.#start);
    let commitIndex = 0;
    while (
      commitIndex < this.#commits.length &&
      this.#commits[commitIndex]! <= position
    )
      commitIndex++;
    let skipIndex = 0;
    for (let i = this.#head; i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i]!;
      const chunkStart = this.#starts[i]!;
      const chunkEnd = chunkStart + chunk.byteLength;
      while (position < chunkEnd) {
        while (skipIndex < skip.length && skip[skipIndex]![1] <= position)
          skipIndex++;
        const range = skip[skipIndex];
        const inSkip = range !== undefined && range[0] <= position;
        const nextCommit = this.#commits[commitIndex];
        let stop = chunkEnd;
        if (nextCommit !== undefined && nextCommit < stop) stop = nextCommit;
        if (range !== undefined) {
          const edge = inSkip ? range[1] : range[0];
          if (edge < stop) stop = edge;
        }
        if (stop > position && !inSkip) {
          yield {
            kind: 'audio',
            position,
            bytes: chunk.subarray(position - chunkStart, stop - chunkStart),
          };
          segment += stop - position;
        }
        position = Math.max(stop, position);
        if (nextCommit !== undefined && position >= nextCommit) {
          commitIndex++;
          if (segment >= minCommitBytes) {
            yield { kind: 'commit', position };
            segment = 0;
          }
        }
      }
    }
  }
}
