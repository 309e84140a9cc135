// Benchmark 2, inbound events: the client's CPU per server event with `size` turns already through
// the session. Events come from a scripted in-process socket (lib/scripted-socket.mjs) and are
// delivered synchronously, so the time is the client's own work per event: no ws frame parsing, no
// kernel, no other process to wait on (those costs do not depend on history size, and would only blur it).
// Modes, each in its own process:
//   parse      JSON.parse of every event: the floor any client pays
//   transport  the transport alone, counted by its own item_update emissions
//   session    the transport under a real RealtimeSession, counted by history_updated; `partialIntervalMs`
//              (historyUpdates) and `maxItems` (historyLimit, null = off) pick the transport's options
// A timed turn is what a live turn looks like (a gpt-4o-mini-transcribe capture: committed and item
// added, 1.2 s later six deltas within 22 ms, ~200 ms later completed): committed + item added, then
// `paceMs` later (past the coalescing window, so the coalescer sees the gaps it would see live) the
// `deltas` deltas in one burst, then `paceMs` later completed. Turns go in groups of `turnsPerPause`
// (5: several turns in flight, as with a slow server) so each round idles only a few pauses.
// Time is the main thread's busy time over the timed turns (event-loop utilization's `active`): the
// pauses cost nothing, the coalescer's timer work counts, and V8's background threads (concurrent
// compilation, GC helpers; process CPU counted them, inflating small runs) do not.
// Each round builds a fresh client and fills history with `size` turns (untimed): committed-only
// without the window (completing them would cost O(size²) in the SDK: over a minute for 10 000), whole
// turns (committed + completed) with it, since the window only ever removes settled items.
import { config, failLoudly, sendResult } from './lib/proc.mjs';
import { turnEvents } from './lib/events.mjs';
import { scriptedClient } from './lib/clients.mjs';
import { performance } from 'node:perf_hooks';
import { median } from './lib/stats.mjs';

const {
  mode,
  size,
  items,
  rounds,
  deltas = 6,
  paceMs = 0,
  turnsPerPause = 5,
  partialIntervalMs,
  maxItems = null,
} = config;

/** Main-thread busy µs since `start` (an eventLoopUtilization() reading), the current task included. */
const busyUs = (start) => performance.eventLoopUtilization(start).active * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const tick = () => new Promise((resolve) => setImmediate(resolve));

function turns(prefix, from, count, previousId, shape) {
  const list = [];
  let previous = previousId;
  for (let i = from; i < from + count; i++) {
    const id = `item_${prefix}_${i}`;
    const all = turnEvents(id, previous, shape === 'full' ? deltas : 1);
    if (shape === 'full')
      list.push({
        opening: all.slice(0, 2),
        deltas: all.slice(2, -1),
        last: all.at(-1),
      });
    else if (shape === 'whole')
      list.push({ opening: [all[0]], deltas: [], last: all.at(-1) });
    else list.push({ opening: [all[0]], deltas: [], last: null });
    previous = id;
  }
  return { list, lastId: previous };
}

async function round(r) {
  const prefill = turns(r, 0, size, null, maxItems ? 'whole' : 'committed');
  const timed = turns(r, size, items, prefill.lastId, 'full');
  const events = timed.list.reduce(
    (n, t) => n + t.opening.length + t.deltas.length + 1,
    0,
  );
  if (mode === 'parse') {
    const e0 = performance.eventLoopUtilization();
    let n = 0;
    for (const t of timed.list)
      for (const data of [...t.opening, ...t.deltas, t.last])
        if (JSON.parse(data).type) n++;
    return { us: busyUs(e0), events: n, ok: true };
  }
  // The transcript watchdog off: prefilled turns stay in progress for as long as the prefill takes (tens
  // of seconds at 10 000 turns under the SDK on a loaded machine), and timing them out mid-run would
  // measure the watchdog, not the history.
  const options = { transcriptTimeoutMs: 0 };
  if (partialIntervalMs !== undefined)
    options.historyUpdates = { partialIntervalMs };
  if (maxItems) options.historyLimit = { maxItems };
  const { transport, session, socket } = await scriptedClient({
    withSession: mode === 'session',
    options,
  });
  let done = false;
  let updates = 0;
  if (session) {
    session.on('history_updated', (history) => {
      updates++;
      const last = history[history.length - 1];
      done = last?.itemId === timed.lastId && last.status === 'completed';
    });
  } else {
    transport.on('item_update', (item) => {
      updates++;
      done = item.itemId === timed.lastId && item.status === 'completed';
    });
  }
  for (const t of prefill.list) {
    for (const data of t.opening) socket.deliver(data);
    if (t.last) socket.deliver(t.last);
  }
  await tick();
  done = false;
  updates = 0;
  globalThis.gc?.(); // start each timed run from a collected heap, so GC debt from the prefill is not timed
  const e0 = performance.eventLoopUtilization();
  for (let g = 0; g < timed.list.length; g += turnsPerPause) {
    const group = timed.list.slice(g, g + turnsPerPause);
    for (const t of group) for (const data of t.opening) socket.deliver(data);
    if (paceMs > 0) await sleep(paceMs);
    for (const t of group) for (const data of t.deltas) socket.deliver(data);
    if (paceMs > 0) await sleep(paceMs);
    for (const t of group) socket.deliver(t.last);
  }
  while (!done) await tick();
  const us = busyUs(e0);
  const history = session?.history;
  const user = history?.filter((item) => item.role === 'user');
  const expectedLength = maxItems
    ? Math.min(maxItems, size + items)
    : size + items;
  const ok =
    !session ||
    (user.length === expectedLength &&
      user.at(-1).itemId === timed.lastId &&
      user.at(-1).content[0].transcript ===
        JSON.parse(timed.list.at(-1).last).transcript &&
      user
        .slice(-Math.min(items, expectedLength))
        .every((item) => item.status === 'completed'));
  // Not closed: close() settles every item still in progress (here the `size` prefilled ones) with one
  // item_update each, which under the SDK costs O(size²). The process ends after the last round anyway.
  return { us, events, updates, ok, historyLength: history?.length ?? null };
}

failLoudly(async () => {
  const results = [];
  for (let r = 0; r < rounds + 1; r++) {
    const result = await round(r);
    if (r > 0 || rounds === 0) results.push(result); // round 0 warms up
  }
  const usPerEvent = results.map((x) => x.us / x.events);
  const eventsPerTurn = results[0].events / items;
  sendResult({
    mode,
    size,
    partialIntervalMs: partialIntervalMs ?? null,
    maxItems,
    deltas,
    eventsPerTurn,
    usPerEvent: median(usPerEvent),
    usPerEventRounds: usPerEvent,
    usPerTurn: median(usPerEvent) * eventsPerTurn,
    eventsPerSecond: 1e6 / median(usPerEvent),
    updatesPerEvent: results[0].updates / results[0].events,
    updatesPerTurn: results[0].updates / items,
    historyLength: results[0].historyLength,
    historyCorrect: results.every((x) => x.ok),
  });
});
