// Benchmark 2, inbound events: server events per second through the transport with `size` items
// already in history. Events come from a scripted in-process socket (lib/scripted-socket.mjs) and are
// delivered synchronously, so the time is the client's own work per event: no ws frame parsing, no
// kernel, no other process to wait on (those costs do not depend on history size, and would only blur it).
// Modes, each in its own process:
//   parse      JSON.parse of every event: the floor any client pays
//   transport  the transport alone, counted by its own item_update emissions
//   session    the transport under a real RealtimeSession, counted by history_updated
// Each round builds a fresh client, fills history with `size` committed turns (untimed), then times
// `items` new turns (committed, item added, `deltas` deltas, completed).
import { config, failLoudly, sendResult } from './lib/proc.mjs';
import { turnEvents } from './lib/events.mjs';
import { scriptedClient } from './lib/clients.mjs';
import { epochMs } from './lib/clock.mjs';
import { median } from './lib/stats.mjs';

const { mode, size, items, rounds, deltas = 5 } = config;

function turns(prefix, from, count, previousId, withDeltas) {
  const events = [];
  let previous = previousId;
  for (let i = from; i < from + count; i++) {
    const id = `item_${prefix}_${i}`;
    const all = turnEvents(id, previous, withDeltas ? deltas : 1);
    // Prefill: committed only. Each is an append to the SDK's history (cheap); completing them too
    // would cost O(size²) under the SDK (over a minute for 10 000 items) before anything is timed.
    events.push(...(withDeltas ? all : [all[0]]));
    previous = id;
  }
  return { events, lastId: previous };
}

async function round(r) {
  const prefill = turns(r, 0, size, null, false);
  const timed = turns(r, size, items, prefill.lastId, true);
  if (mode === 'parse') {
    const t0 = epochMs();
    let n = 0;
    for (const data of timed.events) if (JSON.parse(data).type) n++;
    return { ms: epochMs() - t0, events: n, ok: true };
  }
  const { transport, session, socket } = await scriptedClient({
    withSession: mode === 'session',
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
  for (const data of prefill.events) socket.deliver(data);
  await new Promise((resolve) => setImmediate(resolve));
  done = false;
  updates = 0;
  globalThis.gc?.(); // start each timed run from a collected heap, so GC debt from the prefill is not timed
  const t0 = epochMs();
  for (const data of timed.events) socket.deliver(data);
  while (!done) await new Promise((resolve) => setImmediate(resolve));
  const ms = epochMs() - t0;
  const history = session?.history;
  const ok =
    !session ||
    (history.length === size + items &&
      history[history.length - 1].content[0].transcript ===
        JSON.parse(timed.events.at(-1)).transcript);
  // Not closed: close() settles every item still in progress (here the `size` prefilled ones) with one
  // item_update each, which under the SDK costs O(size²). The process ends after the last round anyway.
  return { ms, events: timed.events.length, updates, ok, transport };
}

failLoudly(async () => {
  const results = [];
  for (let r = 0; r < rounds + 1; r++) {
    const result = await round(r);
    if (r > 0 || rounds === 0) results.push(result); // round 0 warms up
  }
  const usPerEvent = results.map((x) => (x.ms * 1000) / x.events);
  sendResult({
    mode,
    size,
    usPerEvent: median(usPerEvent),
    usPerEventRounds: usPerEvent,
    eventsPerSecond: 1e6 / median(usPerEvent),
    updatesPerEvent: results[0].updates / results[0].events,
    historyCorrect: results.every((x) => x.ok),
  });
});
