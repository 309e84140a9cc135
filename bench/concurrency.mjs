// Benchmark 3, concurrency: `sessions` RealtimeSessions over the transport in this process, each
// streaming real-time 24 kHz PCM16 in 100 ms frames (1.2 s of tone, 0.6 s of silence, so the
// simulator's server VAD commits a turn every 1.8 s) to the simulator in another process.
// Measured over a steady-state window after every session is streaming:
//   CPU per session-second  process.cpuUsage() of this process / (sessions × window seconds)
//   latency                 simulator sent `completed` → this app's history_updated shows the item
//                           completed, both on performance.timeOrigin + now() (one machine, one clock)
//   memory per session      (heapUsed after GC, and RSS, with sessions) − (before), / sessions
//   timer lateness          how late the 100 ms frames went out (event-loop saturation shows here first)
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { importTransport } from './lib/resolve.mjs';
import {
  config,
  failLoudly,
  request,
  sendResult,
  startChild,
} from './lib/proc.mjs';
import { API_KEY, newSession } from './lib/clients.mjs';
import { cpuMicros, epochMs, heapAfterGc } from './lib/clock.mjs';
import { pcmFrames } from './lib/events.mjs';
import { percentile } from './lib/stats.mjs';

const {
  sessions: count,
  warmupS = 3,
  windowS = 10,
  connectParallel = 25,
} = config;
const FRAME_MS = 100;
const SPEECH_FRAMES = 12;
const CYCLE_FRAMES = 18;

failLoudly(async () => {
  const sim = startChild(
    'sim-server.mjs',
    { trimLog: true },
    { execArgv: ['--max-old-space-size=8192'] },
  );
  const { url } = await sim.ready;
  const { OpenAIRealtimeTranscriptionWebSocket } = await importTransport();
  const speech = pcmFrames(6, 4800, 0.3);
  const silence = new ArrayBuffer(4800);

  const heapBefore = heapAfterGc();
  const rssBefore = process.memoryUsage().rss;
  const received = new Map(); // itemId -> epoch ms when history_updated showed it completed
  const clients = [];
  let next = 0;
  async function connectOne() {
    while (next < count) {
      const index = next++;
      const transport = new OpenAIRealtimeTranscriptionWebSocket({
        url,
        session: {
          turnDetection: { type: 'server_vad', silenceDurationMs: 300 },
        },
      });
      const session = await newSession(transport, `session ${index}`);
      session.on('history_updated', (history) => {
        for (
          let i = history.length - 1;
          i >= 0 && i >= history.length - 3;
          i--
        ) {
          const item = history[i];
          if (item.status === 'completed' && !received.has(item.itemId)) {
            received.set(item.itemId, epochMs());
          }
        }
      });
      await session.connect({ apiKey: API_KEY, url });
      clients.push({ session, frame: 0, dueAt: 0 });
    }
  }
  const tConnect = epochMs();
  await Promise.all(Array.from({ length: connectParallel }, connectOne));
  const connectMs = epochMs() - tConnect;

  // One ticker sends every frame that is due; session i is offset by i/count of a frame period.
  const start = epochMs() + 50;
  clients.forEach(
    (client, i) => (client.dueAt = start + (i / count) * FRAME_MS),
  );
  const lateness = [];
  let measuring = false;
  let framesSent = 0;
  const ticker = setInterval(() => {
    const now = epochMs();
    for (const client of clients) {
      while (client.dueAt <= now) {
        if (measuring) lateness.push(now - client.dueAt);
        const inCycle = client.frame % CYCLE_FRAMES;
        client.session.sendAudio(
          inCycle < SPEECH_FRAMES ? speech[inCycle % speech.length] : silence,
        );
        client.frame++;
        framesSent++;
        client.dueAt += FRAME_MS;
      }
    }
  }, 5);

  const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));
  await sleep(warmupS);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  measuring = true;
  const framesAtStart = framesSent;
  const simStats0 = await request(sim.child, { type: 'stats' });
  const t0 = epochMs();
  const c0 = cpuMicros();
  await sleep(windowS);
  const cpu = cpuMicros() - c0;
  const t1 = epochMs();
  const simStats1 = await request(sim.child, { type: 'stats' });
  measuring = false;
  loop.disable();
  const framesInWindow = framesSent - framesAtStart;
  const heapWith = heapAfterGc();
  const rssWith = process.memoryUsage().rss;
  clearInterval(ticker);
  await sleep(0.5); // let completions already under way arrive
  const { sentAt } = await request(sim.child, { type: 'completions' });

  const latencies = [];
  for (const [itemId, sent] of sentAt) {
    const at = received.get(itemId);
    if (sent >= t0 && sent <= t1 && at !== undefined) latencies.push(at - sent);
  }
  for (const { session } of clients) session.close();
  await request(sim.child, { type: 'close' }).catch(() => {});
  sim.child.kill();
  const wallS = (t1 - t0) / 1000;
  sendResult({
    sessions: count,
    connectMs,
    cpuMsPerSessionSecond: cpu / 1000 / (count * wallS),
    clientCores: cpu / 1e6 / wallS,
    simCores: (simStats1.cpuMicros - simStats0.cpuMicros) / 1e6 / wallS,
    realTimeFactor: framesInWindow / (count * wallS * (1000 / FRAME_MS)),
    completions: latencies.length,
    completionsExpected: Math.floor(
      (count * wallS * 1000) / (FRAME_MS * CYCLE_FRAMES),
    ),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    latencyMaxMs: percentile(latencies, 100),
    frameLatenessP99Ms: percentile(lateness, 99),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    heapPerSessionKiB: (heapWith - heapBefore) / count / 1024,
    rssPerSessionKiB: (rssWith - rssBefore) / count / 1024,
  });
});
