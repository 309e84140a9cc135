import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ReplayBuffer,
  type ReplayStep,
} from '../../src/audio/replay-buffer.js';

/** A chunk whose bytes say where they lie on the timeline. */
const chunkAt = (position: number, length: number) =>
  Uint8Array.from({ length }, (_, i) => (position + i) % 251);

const collect = (steps: Iterable<ReplayStep>) => {
  const bytes: number[] = [];
  const commits: number[] = [];
  for (const step of steps) {
    if (step.kind === 'audio') bytes.push(...step.bytes);
    else commits.push(step.position);
  }
  return { bytes, commits };
};

type Op =
  | { kind: 'append'; length: number }
  | { kind: 'commit' }
  | { kind: 'release'; fraction: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('append' as const),
    length: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({ kind: fc.constant('commit' as const) }),
  fc.record({
    kind: fc.constant('release' as const),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

describe('ReplayBuffer', () => {
  it('replays exactly the bytes kept, with the commits inside them, for any sequence of operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.array(op, { maxLength: 60 }),
        (max, ops) => {
          const buffer = new ReplayBuffer(max);
          let end = 0;
          let start = 0;
          let commits: number[] = [];
          for (const o of ops) {
            if (o.kind === 'append') {
              const dropped = buffer.append(chunkAt(end, o.length));
              end += o.length;
              if (end - start > max) {
                expect(dropped).toBe(end - max - start);
                start = end - max;
              } else expect(dropped).toBe(0);
            } else if (o.kind === 'commit') {
              buffer.commit();
              if (end > start && commits.at(-1) !== end) commits.push(end);
            } else {
              const target = Math.round(start + o.fraction * (end - start));
              buffer.release(target);
              start = Math.max(start, target);
            }
            commits = commits.filter((c) => c > start);
            expect(buffer.start).toBe(start);
            expect(buffer.end).toBe(end);
            expect(buffer.size).toBeLessThanOrEqual(max);
            expect([...buffer.commits]).toEqual(commits);
            const { bytes, commits: replayed } = collect(buffer.replay());
            expect(bytes).toEqual([...chunkAt(start, end - start)]);
            expect(replayed).toEqual(commits);
          }
        },
      ),
    );
  });

  it('leaves out skipped ranges and the commits that would close an empty segment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (lengths, skipped) => {
          const buffer = new ReplayBuffer(10_000);
          const turns: Array<[number, number]> = [];
          let end = 0;
          for (const length of lengths) {
            buffer.append(chunkAt(end, length));
            turns.push([end, end + length]);
            end += length;
            buffer.commit();
          }
          const skip = turns.filter((_, i) => skipped[i]);
          const { bytes, commits } = collect(buffer.replay({ skip }));
          const expected = turns
            .filter((_, i) => !skipped[i])
            .flatMap(([a, b]) => [...chunkAt(a, b - a)]);
          expect(bytes).toEqual(expected);
          expect(commits).toEqual(
            turns.filter((_, i) => !skipped[i]).map(([, b]) => b),
          );
        },
      ),
    );
  });

  it('drops the first commit when the segment before it is shorter than minCommitBytes', () => {
    const buffer = new ReplayBuffer(1000);
    buffer.append(chunkAt(0, 100));
    buffer.commit();
    buffer.append(chunkAt(100, 100));
    buffer.commit();
    buffer.release(70);
    expect(collect(buffer.replay({ minCommitBytes: 50 })).commits).toEqual([
      200,
    ]);
    expect(collect(buffer.replay({ minCommitBytes: 20 })).commits).toEqual([
      100, 200,
    ]);
    expect(
      collect(buffer.replay({ minCommitBytes: 50, segmentBytes: 40 })).commits,
    ).toEqual([100, 200]);
  });

  it('keeps references to the caller’s chunks instead of copying them', () => {
    const buffer = new ReplayBuffer(1000);
    const chunk = chunkAt(0, 10);
    buffer.append(chunk);
    const [step] = [...buffer.replay()];
    expect(step?.kind === 'audio' && step.bytes.buffer).toBe(chunk.buffer);
  });

  it('stays bounded in chunks as well as bytes over a long run', () => {
    const buffer = new ReplayBuffer(4800);
    for (let i = 0; i < 100_000; i++) buffer.append(new Uint8Array(48));
    expect(buffer.size).toBe(4800);
    expect(buffer.chunkCount).toBe(100);
  });
});
