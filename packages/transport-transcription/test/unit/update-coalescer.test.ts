import { describe, expect, it } from 'vitest';
import {
  UpdateCoalescer,
  type CoalescerClock,
} from '../../src/history/update-coalescer.js';

interface Item {
  itemId: string;
  status: string;
  text: string;
}

/** A clock whose time only moves when the test says so; counts the timers it was asked for. */
function manualClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: CoalescerClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.set(++seq, { at: now + ms, callback });
      return seq;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  return {
    clock,
    timers,
    /** Moves time to `to`, firing due timers in order. */
    advanceTo(to: number) {
      for (;;) {
        const due = [...timers]
          .filter(([, t]) => t.at <= to)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = to;
    },
  };
}

type Step =
  | [at: number, kind: 'partial' | 'final', itemId: string, text: string]
  | [at: number, kind: 'forget' | 'flush' | 'reset', itemId?: string];

/** Runs a script of updates; returns what was emitted as `time itemId:status:text`. */
function run(intervalMs: number, steps: Step[], until = 1000) {
  const t = manualClock();
  const out: string[] = [];
  const coalescer = new UpdateCoalescer<Item>(
    intervalMs,
    (item) =>
      out.push(`${t.clock.now()} ${item.itemId}:${item.status}:${item.text}`),
    t.clock,
  );
  for (const [at, kind, itemId, text] of steps) {
    t.advanceTo(at);
    if (kind === 'partial')
      coalescer.update({ itemId: itemId!, status: 'in_progress', text: text! });
    else if (kind === 'final')
      coalescer.update({ itemId: itemId!, status: 'completed', text: text! });
    else if (kind === 'forget') coalescer.forget(itemId!);
    else if (kind === 'flush') coalescer.flush();
    else coalescer.reset();
  }
  t.advanceTo(until);
  return { out, coalescer, timers: t.timers };
}

describe('UpdateCoalescer', () => {
  it.each<[string, number, Step[], string[]]>([
    [
      'passes every update through with an interval of 0',
      0,
      [
        [0, 'partial', 'a', ''],
        [1, 'partial', 'a', 'H'],
        [2, 'partial', 'a', 'Hi'],
        [3, 'final', 'a', 'Hi.'],
      ],
      [
        '0 a:in_progress:',
        '1 a:in_progress:H',
        '2 a:in_progress:Hi',
        '3 a:completed:Hi.',
      ],
    ],
    [
      'emits an item’s first appearance at once and collapses a burst into one update at the window’s end',
      50,
      [
        [0, 'partial', 'a', ''],
        [10, 'partial', 'a', 'H'],
        [12, 'partial', 'a', 'He'],
        [20, 'partial', 'a', 'Hel'],
      ],
      ['0 a:in_progress:', '50 a:in_progress:Hel'],
    ],
    [
      'lets a partial out at once when the window since the last update has passed',
      50,
      [
        [0, 'partial', 'a', ''],
        [70, 'partial', 'a', 'H'],
        [80, 'partial', 'a', 'Hi'],
      ],
      ['0 a:in_progress:', '70 a:in_progress:H', '120 a:in_progress:Hi'],
    ],
    [
      'drops a pending partial when the final arrives and emits the final at once',
      50,
      [
        [0, 'partial', 'a', ''],
        [10, 'partial', 'a', 'Hel'],
        [20, 'final', 'a', 'Hello.'],
      ],
      ['0 a:in_progress:', '20 a:completed:Hello.'],
    ],
    [
      'keeps windows per item: one item’s final does not release or drop another’s partial',
      50,
      [
        [0, 'partial', 'a', ''],
        [5, 'partial', 'b', ''],
        [10, 'partial', 'a', 'A1'],
        [15, 'partial', 'b', 'B1'],
        [20, 'final', 'a', 'A.'],
      ],
      [
        '0 a:in_progress:',
        '5 b:in_progress:',
        '20 a:completed:A.',
        '55 b:in_progress:B1',
      ],
    ],
    [
      'releases each item at its own window end, earliest first, even when the later item waited first',
      50,
      [
        [0, 'partial', 'a', ''],
        [30, 'partial', 'b', ''],
        [35, 'partial', 'b', 'B1'],
        [40, 'partial', 'a', 'A1'],
      ],
      [
        '0 a:in_progress:',
        '30 b:in_progress:',
        '50 a:in_progress:A1',
        '80 b:in_progress:B1',
      ],
    ],
    [
      'never brings back a forgotten (deleted) item',
      50,
      [
        [0, 'partial', 'a', ''],
        [10, 'partial', 'a', 'A1'],
        [20, 'forget', 'a'],
      ],
      ['0 a:in_progress:'],
    ],
    [
      'flush() emits pending partials now, in the order they began waiting',
      50,
      [
        [0, 'partial', 'b', ''],
        [1, 'partial', 'a', ''],
        [10, 'partial', 'a', 'A1'],
        [11, 'partial', 'b', 'B1'],
        [12, 'flush'],
      ],
      [
        '0 b:in_progress:',
        '1 a:in_progress:',
        '12 a:in_progress:A1',
        '12 b:in_progress:B1',
      ],
    ],
    [
      'reset() drops pending partials without emitting them, and treats the next update as a first appearance',
      50,
      [
        [0, 'partial', 'a', ''],
        [10, 'partial', 'a', 'A1'],
        [20, 'reset'],
        [30, 'partial', 'a', 'A2'],
      ],
      ['0 a:in_progress:', '30 a:in_progress:A2'],
    ],
    [
      'emits a final for an item it never saw (a failure before any partial)',
      50,
      [[5, 'final', 'z', '']],
      ['5 z:completed:'],
    ],
  ])('%s', (_title, intervalMs, steps, expected) => {
    expect(run(intervalMs, steps).out).toEqual(expected);
  });

  it('emits at most one update per item per window however many deltas arrive', () => {
    const steps: Step[] = [[0, 'partial', 'a', '']];
    for (let t = 1; t < 500; t++) steps.push([t, 'partial', 'a', `x${t}`]);
    const { out } = run(50, steps, 600);
    const times = out.map((line) => Number(line.split(' ')[0]));
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(50);
    expect(out.at(-1)).toBe('500 a:in_progress:x499');
  });

  it('holds one timer at most, and no state for settled items', () => {
    const t = manualClock();
    const coalescer = new UpdateCoalescer<Item>(50, () => {}, t.clock);
    for (let i = 0; i < 100; i++)
      coalescer.update({ itemId: `i${i}`, status: 'in_progress', text: '' });
    for (let i = 0; i < 100; i++)
      coalescer.update({ itemId: `i${i}`, status: 'in_progress', text: 'x' });
    expect(t.timers.size).toBe(1);
    expect(coalescer.pendingCount).toBe(100);
    for (let i = 0; i < 100; i++)
      coalescer.update({ itemId: `i${i}`, status: 'completed', text: 'y' });
    expect(coalescer.trackedCount).toBe(0);
    expect(coalescer.pendingCount).toBe(0);
  });
});

describe('UpdateCoalescer under a slow listener', () => {
  it('starts each window when the listener returns, so a listener slower than the window still gets one update per window', () => {
    const t = manualClock();
    const out: number[] = [];
    const coalescer = new UpdateCoalescer<Item>(
      50,
      () => {
        out.push(t.clock.now());
        t.advanceTo(t.clock.now() + 80); // applying each update takes 80 ms
      },
      t.clock,
    );
    coalescer.update({ itemId: 'a', status: 'in_progress', text: '' });
    for (let i = 1; i <= 6; i++)
      coalescer.update({ itemId: 'a', status: 'in_progress', text: `x${i}` });
    coalescer.update({ itemId: 'a', status: 'completed', text: 'done' });
    // The first appearance and the final: the six deltas, all within 50 ms of the first update's end, wait.
    expect(out).toEqual([0, 80]);
  });
});
