import { describe, expect, it } from 'vitest';
import { frameBytes, frameSamples } from '../src/audio/framer.js';

async function* chunks(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Uint8Array.from(part);
}

async function collect(
  iterable: AsyncIterable<Int16Array>,
): Promise<number[][]> {
  const out: number[][] = [];
  for await (const frame of iterable) out.push(Array.from(frame));
  return out;
}

describe('frameBytes', () => {
  it('joins samples split across chunks, including a sample split between its two bytes', async () => {
    // samples 1, 2, 3, -1 as little-endian bytes, delivered as 1 + 3 + 4 bytes
    const frames = await collect(
      frameBytes(chunks([1], [0, 2, 0], [3, 0, 0xff, 0xff]), 2),
    );
    expect(frames).toEqual([
      [1, 2],
      [3, -1],
    ]);
  });

  it('yields a short tail frame and drops a trailing half sample', async () => {
    expect(await collect(frameBytes(chunks([5, 0, 6, 0, 7]), 4))).toEqual([
      [5, 6],
    ]);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await collect(frameBytes(chunks(), 4))).toEqual([]);
  });
});

describe('frameSamples', () => {
  it('splits into fixed frames with a shorter last one', () => {
    const frames = [...frameSamples(Int16Array.from([1, 2, 3, 4, 5]), 2)].map(
      (frame) => Array.from(frame),
    );
    expect(frames).toEqual([[1, 2], [3, 4], [5]]);
  });
});
