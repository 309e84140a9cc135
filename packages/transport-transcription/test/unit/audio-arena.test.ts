import { describe, expect, it } from 'vitest';
import { AudioArena } from '../../src/audio/audio-arena.js';

describe('AudioArena', () => {
  it('returns copies the caller can no longer change, packed into shared slabs', () => {
    const arena = new AudioArena(1024);
    const frame = new Uint8Array(100);
    const copies = [];
    for (let i = 0; i < 12; i++) {
      frame.fill(i); // the caller reuses its buffer for every frame
      copies.push(arena.copy(frame));
    }
    copies.forEach((copy, i) => expect([...new Set(copy)]).toEqual([i]));
    // Ten 100-byte copies fit one 1 KiB slab; the eleventh starts a new one.
    expect(copies[9]!.buffer).toBe(copies[0]!.buffer);
    expect(copies[10]!.buffer).not.toBe(copies[0]!.buffer);
  });

  it('gives a large chunk a copy of its own', () => {
    const arena = new AudioArena(1024);
    const big = new Uint8Array(600).fill(7);
    const copy = arena.copy(big);
    big.fill(0);
    expect(copy.byteLength).toBe(600);
    expect(copy.byteOffset).toBe(0);
    expect(copy.buffer.byteLength).toBe(600);
    expect(copy.every((b) => b === 7)).toBe(true);
  });
});
