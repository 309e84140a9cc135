import { describe, expect, it } from 'vitest';
import { AFTER_PREVIOUS, TurnLedger } from '../../src/history/turn-ledger.js';

describe('TurnLedger', () => {
  it('releases audio up to the oldest pending turn, whatever order finals arrive in', () => {
    const ledger = new TurnLedger();
    ledger.commit('a', 100, 0);
    ledger.commit('b', 250, 0);
    ledger.commit('c', 300, 0);
    expect(ledger.releasePosition).toBe(0);
    ledger.settle('b');
    expect(ledger.releasePosition).toBe(0);
    ledger.settle('a');
    expect(ledger.releasePosition).toBe(250);
    expect(ledger.itemBeforeFirst).toBe('b');
    ledger.settle('c');
    expect(ledger.releasePosition).toBe(300);
    expect(ledger.turns).toEqual([]);
  });

  it('never lets a turn go backwards or overlap the previous one', () => {
    const ledger = new TurnLedger();
    ledger.commit('a', 100, 0);
    expect(ledger.commit('b', 50, 0)).toMatchObject({ start: 100, end: 100 });
  });

  it('carries settled turns over a restart so later turns start after them', () => {
    const ledger = new TurnLedger();
    ledger.commit('a', 100, 0);
    const b = ledger.commit('b', 200, 0);
    ledger.settle('b');
    ledger.restart(0, null, [b]);
    expect(ledger.commit('a2', 100, 0)).toMatchObject({ start: 0, end: 100 });
    expect(ledger.commit('c', 300, 0)).toMatchObject({ start: 200, end: 300 });
    ledger.settle('a2');
    expect(ledger.releasePosition).toBe(200);
  });

  it('lists pending turns older than a timeout', () => {
    const ledger = new TurnLedger();
    ledger.commit('a', 100, 1000);
    ledger.commit('b', 200, 5000);
    expect(ledger.overdue(6000, 3000).map((t) => t.itemId)).toEqual(['a']);
  });
});

describe('TurnLedger.planReplay', () => {
  it('replays pending turns, skips settled ones, loses those partly dropped, and anchors each new item', () => {
    const ledger = new TurnLedger();
    ledger.restart(0, 'item_0');
    ledger.commit('a', 100, 0); // pending, audio partly dropped (replay starts at 50)
    ledger.commit('b', 200, 0); // settled
    ledger.commit('c', 300, 0); // pending
    ledger.commit('d', 400, 0); // settled
    ledger.commit('e', 500, 0); // pending
    ledger.settle('b');
    ledger.settle('d');
    const plan = ledger.planReplay(50);
    expect(plan.lost.map((t) => t.itemId)).toEqual(['a']);
    expect(plan.from).toBe(100);
    expect(plan.replayed.map((t) => t.itemId)).toEqual(['c', 'e']);
    expect(plan.skip).toEqual([
      [100, 200],
      [300, 400],
    ]);
    expect(plan.anchors).toEqual(['b', 'd', AFTER_PREVIOUS]);
    expect(plan.settledAfter.map((t) => t.itemId)).toEqual(['b', 'd']);
    expect(plan.beforeFrom).toBe('a');
  });

  it('puts the tail after the last item when nothing is pending', () => {
    const ledger = new TurnLedger();
    ledger.commit('a', 100, 0);
    ledger.settle('a');
    expect(ledger.planReplay(100)).toMatchObject({
      from: 100,
      replayed: [],
      skip: [],
      anchors: ['a'],
      beforeFrom: 'a',
    });
  });
});
