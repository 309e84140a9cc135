import { describe, expect, it } from 'vitest';
import { TranscriptionTransportError } from '../../src/errors.js';
import {
  MAX_PRECOMMIT_ITEMS,
  TurnTracker,
  type Placement,
} from '../../src/history/turn-tracker.js';

function tracker() {
  const log: string[] = [];
  let settled = 0;
  const turns = new TurnTracker({
    update: (item) => log.push(`update ${item.itemId} ${item.status}`),
    failed: (itemId, error) => log.push(`failed ${itemId} ${error.code}`),
    deleted: (itemId) => log.push(`deleted ${itemId}`),
    settled: () => settled++,
  });
  const placement: Placement = { anchors: [], lastNewItemId: undefined };
  return { turns, log, placement, settled: () => settled };
}

describe('TurnTracker', () => {
  it('records a turn whose final came before its commit as settled, taking its commit position once', () => {
    const { turns, placement } = tracker();
    turns.restart(0);
    expect(turns.completed('a', 'one')).toBe(true);
    let taken = 0;
    expect(turns.committed(placement, 'a', null, () => (taken++, 100), 1)).toBe(
      true,
    );
    expect(turns.committed(placement, 'a', null, () => (taken++, 200), 2)).toBe(
      false,
    );
    expect(taken).toBe(1);
    expect(turns.pendingCount).toBe(0);
    expect(turns.ledger.lastEnd).toBe(100);
  });

  it('confirms a live item by a commit under the same id: one item, in progress until its final', () => {
    const { turns, log, placement } = tracker();
    turns.restart(0);
    turns.committed(placement, 'a', null, () => 100, 0);
    turns.completed('a', 'one');
    expect(turns.delta('b', 'two', false, 1)).toBe('two');
    expect(turns.committed(placement, 'b', 'a', () => 200, 2)).toBe(true);
    turns.completed('b', 'two three');
    expect(log.filter((l) => l.startsWith('deleted'))).toEqual([]);
    expect(log.filter((l) => l.includes(' b '))).toEqual([
      'update b in_progress',
      'update b completed',
    ]);
    expect(turns.pendingCount).toBe(0);
  });

  it('replaces a live item by a commit under another id: one item_deleted, no duplicate', () => {
    const { turns, log, placement } = tracker();
    turns.restart(0);
    turns.delta('live', 'hel', false, 0);
    turns.delta('live', 'lo', false, 1);
    expect(turns.committed(placement, 'real', null, () => 100, 2)).toBe(true);
    expect(log.filter((l) => l.startsWith('deleted'))).toEqual([
      'deleted live',
    ]);
    expect(turns.precommitCount).toBe(0);
    expect(turns.delta('live', 'late', false, 3)).toBeUndefined();
    turns.completed('real', 'hello');
    expect(turns.pendingCount).toBe(0);
  });

  it('times out pre-commit items like committed ones', () => {
    const { turns, log } = tracker();
    turns.restart(0);
    expect(turns.delta('ghost', 'boo', false, 0)).toBe('boo');
    expect(turns.pendingCount).toBe(1);
    turns.timeOut(1000, 500);
    expect(log.at(-1)).toBe('failed ghost TRANSCRIPTION_TIMEOUT');
    expect(turns.pendingCount).toBe(0);
  });

  it('bounds pre-commit items, giving up the oldest', () => {
    const { turns, log } = tracker();
    turns.restart(0);
    for (let i = 0; i <= MAX_PRECOMMIT_ITEMS; i++)
      turns.delta(`x${i}`, 'x', false, i);
    expect(turns.precommitCount).toBe(MAX_PRECOMMIT_ITEMS);
    expect(log).toContain('failed x0 TRANSCRIPTION_FAILED');
  });

  it('drops pre-commit items on a replay and removes committed ones for replay', () => {
    const { turns, log, placement } = tracker();
    turns.restart(0);
    turns.committed(placement, 'a', null, () => 100, 0);
    turns.delta('ghost', 'boo', false, 0);
    const plan = turns.replay(0, (from) => from);
    expect(log).toContain('deleted a');
    expect(log).toContain('deleted ghost');
    expect(plan.anchors).toHaveLength(2);
    expect(turns.pendingCount).toBe(0);
  });

  it('ignores a final for a removed item (nothing forwarded to history)', () => {
    const { turns } = tracker();
    turns.restart(0);
    turns.remove('gone');
    expect(turns.completed('gone', 'late')).toBe(false);
    expect(turns.isIgnored('gone')).toBe(true);
  });

  it('a failure after the final changes nothing', () => {
    const { turns, log } = tracker();
    turns.completed('a', 'one');
    const error = new TranscriptionTransportError('TRANSCRIPTION_FAILED', 'x');
    expect(turns.failed('a', error)).toBe(false);
    expect(log.filter((l) => l.startsWith('failed'))).toEqual([]);
  });
});
