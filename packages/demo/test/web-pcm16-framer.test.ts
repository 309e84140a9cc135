import { describe, expect, it } from 'vitest';
import { floatToPcm16, Pcm16Framer } from '../web/audio/pcm16-framer.js';

describe('floatToPcm16', () => {
  it.each([
    [0, 0],
    [1, 32767],
    [-1, -32768],
    [0.5, 16384],
    [2, 32767],
    [-7, -32768],
  ])('%f → %i', (input, expected) => {
    expect(floatToPcm16(input)).toBe(expected);
  });
});

describe('Pcm16Framer', () => {
  it('emits frames of exactly frameSamples, carrying samples across pushes', () => {
    const frames: Int16Array[] = [];
    const framer = new Pcm16Framer(4, (frame) => frames.push(frame));
    framer.push(Float32Array.from([0.1, 0.2, 0.3]));
    expect(frames).toHaveLength(0);
    framer.push(Float32Array.from([0.4, 0.5, 0.6, 0.7, 0.8, 0.9]));
    expect(frames.map((f) => f.length)).toEqual([4, 4]);
    expect(Array.from(frames[1]!)).toEqual(
      [0.5, 0.6, 0.7, 0.8].map(floatToPcm16),
    );
  });

  it('gives every frame its own buffer, so it can be transferred to another thread', () => {
    const frames: Int16Array[] = [];
    const framer = new Pcm16Framer(2, (frame) => frames.push(frame));
    framer.push(new Float32Array(6));
    expect(new Set(frames.map((f) => f.buffer)).size).toBe(3);
    expect(
      frames.every((f) => f.byteOffset === 0 && f.buffer.byteLength === 4),
    ).toBe(true);
  });

  it('flushes the partial frame once, so the last words are not lost on stop', () => {
    const frames: Int16Array[] = [];
    const framer = new Pcm16Framer(2400, (frame) => frames.push(frame));
    framer.push(new Float32Array(1000).fill(0.25));
    framer.flush();
    framer.flush();
    expect(frames.map((f) => f.length)).toEqual([1000]);
  });

  it('refuses a frame size that is not a positive integer', () => {
    expect(() => new Pcm16Framer(0, () => undefined)).toThrow(RangeError);
    expect(() => new Pcm16Framer(2.5, () => undefined)).toThrow(
      /positive integer/,
    );
  });
});
