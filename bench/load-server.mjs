// A load generator for the concurrency benchmark: a minimal scripted transcription server in one process
// that leaves the cores to the client. No VAD, no validation, no audio decoding: audio frames are only
// skipped unread (lib/frame-skipping-server.mjs: not unmasked, copied or validated), and each session gets, on a timer, what the
// strict simulator would send for the benchmark's audio (a turn every 1.8 s: committed, five deltas over
// 150 ms, completed). Frames are built from pre-encoded JSON pieces, and one 5 ms ticker drives every
// session through a timing wheel (10 ms slots), so the server's cost is a few sends per turn.
// It answers the same IPC requests as sim-server.mjs (completions, stats, close), so concurrency.mjs
// can use either: this one for the client's numbers, the simulator as the fidelity row.
import { performance } from 'node:perf_hooks';
import { cpuMicros, epochMs } from './lib/clock.mjs';
import { sessionCreated, sessionUpdated } from './lib/events.mjs';
import { config, failLoudly, sendReady, serveRequests } from './lib/proc.mjs';
import { startFrameSkippingServer } from './lib/frame-skipping-server.mjs';

const {
  cycleMs = 1800, // the client's 1.2 s tone + 0.6 s silence
  firstCommitMs = 1500, // after the first audio: end of the tone + the simulator's 300 ms of silence
  completionDelayMs = 150, // as sim-server.mjs
  deltas = 5, // "turn N of connection M": five words, as the simulator sends them
} = config;

const SLOT_MS = 10;
const wheel = new Map(); // slot -> [fn]
let lastSlot = Math.floor(epochMs() / SLOT_MS);
function at(ms, fn) {
  const slot = Math.max(lastSlot + 1, Math.ceil(ms / SLOT_MS));
  const list = wheel.get(slot);
  if (list) list.push(fn);
  else wheel.set(slot, [fn]);
}
const ticker = setInterval(() => {
  const now = Math.floor(epochMs() / SLOT_MS);
  for (let slot = lastSlot + 1; slot <= now; slot++) {
    const list = wheel.get(slot);
    if (!list) continue;
    wheel.delete(slot);
    for (const fn of list) fn();
  }
  lastSlot = now;
}, 5);

// Pre-encoded pieces: only the ids (and the turn's words) are spliced in.
const COMMITTED =
  '{"type":"input_audio_buffer.committed","event_id":"ev","previous_item_id":';
const DELTA =
  '{"type":"conversation.item.input_audio_transcription.delta","event_id":"ev","content_index":0,"item_id":"';
const COMPLETED =
  '{"type":"conversation.item.input_audio_transcription.completed","event_id":"ev","content_index":0,"usage":{"type":"duration","seconds":1.8},"item_id":"';
const CREATED = JSON.stringify(sessionCreated());
const UPDATED = JSON.stringify(sessionUpdated());

const sentAt = [];
let connections = 0;
let appends = 0;

failLoudly(async () => {
  const server = await startFrameSkippingServer({
    onOpen: (ws) => {
      ws.id = ++connections;
      ws.turn = 0;
      ws.previous = 'null';
      ws.started = false;
      ws.sendText(CREATED);
    },
    onLargeFrame: (ws) => {
      appends++;
      if (ws.started) return;
      ws.started = true;
      at(epochMs() + firstCommitMs, () => commit(ws));
    },
    onText: (ws, text) => {
      if (
        text.includes('"session.update"') ||
        text.includes('"transcription_session.update"')
      )
        ws.sendText(UPDATED);
    },
  });
  /** One turn: committed now, `deltas` deltas over completionDelayMs, then completed; the next one a cycle later. */
  const commit = (ws) => {
    if (!ws.open) return;
    const t0 = epochMs();
    const itemId = `item_${ws.id}_${++ws.turn}`;
    ws.sendText(`${COMMITTED}${ws.previous},"item_id":"${itemId}"}`);
    ws.previous = `"${itemId}"`;
    const words = ['turn', ` ${ws.turn}`, ' of', ' connection', ` ${ws.id}`];
    for (let i = 0; i < deltas; i++)
      at(t0 + ((i + 1) * completionDelayMs) / (deltas + 1), () =>
        ws.sendText(`${DELTA}${itemId}","delta":"${words[i % words.length]}"}`),
      );
    at(t0 + completionDelayMs, () => {
      if (!ws.open) return;
      ws.sendText(`${COMPLETED}${itemId}","transcript":"${words.join('')}"}`);
      sentAt.push([itemId, epochMs()]);
    });
    at(t0 + cycleMs, () => commit(ws));
  };
  let lastElu = performance.eventLoopUtilization();
  serveRequests({
    completions: () => ({ sentAt: sentAt.splice(0) }),
    stats: () => {
      const elu = performance.eventLoopUtilization(lastElu).utilization;
      lastElu = performance.eventLoopUtilization();
      return {
        cpuMicros: cpuMicros(),
        at: epochMs(),
        elu,
        rss: process.memoryUsage().rss,
        appends,
      };
    },
    close: async () => {
      clearInterval(ticker);
      await server.close();
      setTimeout(() => process.exit(0), 10);
      return {};
    },
  });
  process.on('disconnect', () => process.exit(0));
  // A clean exit on kill, so --cpu-prof (bench --profile) gets written.
  process.on('SIGTERM', () => process.exit(0));
  sendReady({
    url: `ws://127.0.0.1:${server.port}/v1/realtime?intent=transcription`,
  });
});
