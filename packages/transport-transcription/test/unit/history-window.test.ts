import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HistoryWindow,
  type WindowItem,
} from '../../src/history/history-window.js';

const open = (itemId: string, previousItemId?: string | null): WindowItem => ({
  itemId,
  previousItemId,
  status: 'in_progress',
});
const done = (itemId: string, previousItemId?: string | null): WindowItem => ({
  itemId,
  previousItemId,
  status: 'completed',
});

/**
 * `RealtimeSession`'s placement rule (read in @openai/agents-realtime 0.20.0 `updateRealtimeHistory`): an
 * existing item is replaced in place; a new one goes first for `previousItemId: null`, after its
 * predecessor when that is in history, and at the end otherwise. `item_deleted` filters the item out.
 */
function sdkApply(history: WindowItem[], item: WindowItem): WindowItem[] {
  const at = history.findIndex((h) => h.itemId === item.itemId);
  if (at !== -1) return history.map((h, i) => (i === at ? item : h));
  if (item.previousItemId === null) return [item, ...history];
  const prev = history.findIndex((h) => h.itemId === item.previousItemId);
  if (prev === -1) return [...history, item];
  return [...history.slice(0, prev + 1), item, ...history.slice(prev + 1)];
}

describe('HistoryWindow', () => {
  it.each<[string, number, Array<WindowItem | string>, string[][], string[]]>([
    [
      'deletes the oldest settled items beyond maxItems, oldest first',
      2,
      [open('a'), done('a'), open('b'), done('b'), open('c'), done('c')],
      [[], [], [], [], [], ['a']],
      ['b', 'c'],
    ],
    [
      'never deletes an item in progress, nor the one just before the oldest in progress',
      1,
      [
        open('a'),
        done('a'),
        open('b'),
        done('b'),
        open('c'),
        open('d'),
        done('d'),
      ],
      [[], [], [], ['a'], [], [], []],
      ['b', 'c', 'd'],
    ],
    [
      'catches up once the item that held the window settles',
      1,
      [open('a'), done('a'), open('b'), open('c'), done('c'), done('b')],
      [[], [], [], [], [], ['a', 'b']],
      ['c'],
    ],
    [
      'counts failed (incomplete) items as settled',
      1,
      [
        open('a'),
        { itemId: 'a', status: 'incomplete' },
        open('b'),
        { itemId: 'b', status: 'incomplete' },
      ],
      [[], [], [], ['a']],
      ['b'],
    ],
    [
      'mirrors the SDK’s placement: null goes first, a known predecessor places after it, an unknown one appends',
      10,
      [
        open('a'),
        open('b', 'a'),
        open('c', null),
        open('d', 'a'),
        open('e', 'gone'),
      ],
      [[], [], [], [], []],
      ['c', 'a', 'd', 'b', 'e'],
    ],
    [
      'forgets items deleted elsewhere (a reconnect’s replay) and places their re-commits after the kept anchor',
      1,
      [
        open('a'),
        done('a'),
        open('b'),
        done('b'),
        open('c'),
        'c',
        open('c2', 'b'),
        done('c2'),
      ],
      [[], [], [], ['a'], [], [], [], ['b']],
      ['c2'],
    ],
  ])('%s', (_title, maxItems, steps, deletions, finalOrder) => {
    const window = new HistoryWindow(maxItems);
    const got = steps.map((step) => {
      if (typeof step === 'string') {
        window.deleted(step);
        return [];
      }
      return window.updated(step);
    });
    expect(got).toEqual(deletions);
    expect(window.itemIds()).toEqual(finalOrder);
  });

  it('reset() forgets every item', () => {
    const window = new HistoryWindow(1);
    window.updated(done('a'));
    window.updated(done('b'));
    window.reset();
    expect(window.size).toBe(0);
    expect(window.updated(done('c'))).toEqual([]);
  });

  // Drives the window the way the transport does (commits at the end, finals in any order, reconnects that
  // delete every waiting item and commit it again after its kept predecessor) and checks against the SDK's
  // placement rule: with the window, history is exactly the unbounded history minus the deleted items, in
  // the same order; nothing in progress is ever deleted; and once nothing waits, at most maxItems settled.
  it('never misplaces an item nor deletes one in progress, whatever the order of finals and reconnects', () => {
    type Op =
      | { kind: 'commit' }
      | { kind: 'settle'; pick: number }
      | { kind: 'reconnect' };
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.constant<Op>({ kind: 'commit' }) },
      {
        weight: 4,
        arbitrary: fc.nat(20).map<Op>((pick) => ({ kind: 'settle', pick })),
      },
      { weight: 1, arbitrary: fc.constant<Op>({ kind: 'reconnect' }) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(op, { maxLength: 60 }),
        (maxItems, ops) => {
          const window = new HistoryWindow(maxItems);
          let full: WindowItem[] = [];
          let bounded: WindowItem[] = [];
          const deleted = new Set<string>();
          let n = 0;
          const emit = (item: WindowItem) => {
            full = sdkApply(full, item);
            bounded = sdkApply(bounded, item);
            for (const id of window.updated(item)) {
              const victim = bounded.find((h) => h.itemId === id);
              expect(victim?.status).not.toBe('in_progress');
              bounded = bounded.filter((h) => h.itemId !== id);
              deleted.add(id);
            }
          };
          const remove = (id: string) => {
            full = full.filter((h) => h.itemId !== id);
            bounded = bounded.filter((h) => h.itemId !== id);
            window.deleted(id);
          };
          for (const o of ops) {
            const pending = full.filter((h) => h.status === 'in_progress');
            if (o.kind === 'commit') {
              emit(open(`i${n++}`, full.at(-1)?.itemId ?? null));
            } else if (o.kind === 'settle' && pending.length > 0) {
              const item = pending[o.pick % pending.length]!;
              emit({ ...item, status: 'completed' });
            } else if (o.kind === 'reconnect' && pending.length > 0) {
              // Each waiting item comes back after the item before it (the ledger's anchors).
              const anchors = pending.map((p) => {
                const at = full.findIndex((h) => h.itemId === p.itemId);
                return full[at - 1]?.itemId ?? null;
              });
              for (const p of pending) remove(p.itemId);
              let previous: string | null = null;
              pending.forEach((p, i) => {
                const anchor =
                  i > 0 && anchors[i] === pending[i - 1]!.itemId
                    ? previous
                    : anchors[i]!;
                const id = `${p.itemId}r${n++}`;
                emit(open(id, anchor));
                previous = id;
              });
            }
          }
          expect(bounded.map((h) => h.itemId)).toEqual(
            full.filter((h) => !deleted.has(h.itemId)).map((h) => h.itemId),
          );
          expect(window.itemIds()).toEqual(bounded.map((h) => h.itemId));
          if (!bounded.some((h) => h.status === 'in_progress'))
            expect(bounded.length).toBeLessThanOrEqual(maxItems);
        },
      ),
      { numRuns: 300 },
    );
  });
});
