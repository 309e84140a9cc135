/**
 * Completion ordering across overlapping turns. Turns overlap when one is committed before an earlier one has
 * completed; the real server does not guarantee their order (protocol.md §8.4), so tests need all three:
 *
 * - `'in-order'`: a ready turn waits for every earlier turn, so completions follow commit order;
 * - `'reversed'`: ready turns are held while any overlapping turn is still running, then released newest first;
 * - `{ random: seed }`: the same groups, released in a shuffled order that depends only on the seed.
 */
import type { CompletionOrder } from '../types.js';

type Json = Record<string, unknown>;

/** Mulberry32: a tiny seeded PRNG, so `{ random: seed }` replays identically. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates an orderer that calls `emit` with each turn's final events when its turn comes. */
export function timelineOrder(
  order: CompletionOrder,
  emit: (events: Json[]) => void,
) {
  /** Turn index → its final events once ready (`null` while still transcribing). */
  const turns = new Map<number, Json[] | null>();
  const random = typeof order === 'object' ? seededRandom(order.random) : null;

  const flushInOrder = () => {
    const indices = [...turns.keys()].sort((a, b) => a - b);
    for (const index of indices) {
      const events = turns.get(index);
      if (!events) return;
      turns.delete(index);
      emit(events);
    }
  };

  const flushGroup = () => {
    if ([...turns.values()].some((events) => events === null)) return;
    const indices = [...turns.keys()].sort((a, b) => b - a);
    if (random) {
      // Fisher–Yates on the descending list, driven by the seeded generator.
      for (let i = indices.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
      }
    }
    for (const index of indices) emit(turns.get(index) ?? []);
    turns.clear();
  };

  return {
    /** A turn was committed and is being transcribed. */
    pending(index: number): void {
      turns.set(index, null);
    },
    /** A turn's final events are ready. */
    ready(index: number, events: Json[]): void {
      turns.set(index, events);
      if (order === 'in-order') flushInOrder();
      else flushGroup();
    },
  };
}
