/**
 * Copies of audio chunks for the replay buffer, packed into shared slabs. Pure; no I/O.
 *
 * The replay buffer must own its bytes (callers reuse their buffers), but a fresh copy per 20 ms frame is a
 * new backing store per frame that lives for seconds: at hundreds of sessions the garbage collector spends
 * more time on them than the transport spends on anything else. Packing copies into 64 KiB slabs makes one
 * allocation per ~0.7 s of PCM16 audio; a slab is freed once the replay buffer released every view into it.
 */
export class AudioArena {
  readonly #slabBytes: number;
  #slab = new Uint8Array(0);
  #offset = 0;

  constructor(slabBytes = 64 * 1024) {
    this.#slabBytes = slabBytes;
  }

  /** A copy of `bytes` that no caller can overwrite. */
  copy(bytes: Uint8Array): Uint8Array {
    const n = bytes.byteLength;
    // A large chunk gets its own copy: packing it would waste most of a slab.
    if (n > this.#slabBytes / 4) return bytes.slice();
    if (this.#offset + n > this.#slab.byteLength) {
      this.#slab = new Uint8Array(this.#slabBytes);
      this.#offset = 0;
    }
    const view = this.#slab.subarray(this.#offset, this.#offset + n);
    view.set(bytes);
    this.#offset += n;
    return view;
  }
}
