// Benchmark 3, concurrency: `sessions` RealtimeSessions over the transport in this process, each
// streaming real-time 24 kHz PCM16 in 100 ms frames (1.2 s of tone, 0.6 s of silence, so the
// simulator's server VAD commits a turn every 1.8 s) to a server in another process: `server: 'load'`
// is the load generator (load-server.mjs: the same turns on timers, audio skipped unread, so the
// client has the cores), `'simulator'` the strict simulator (sim-server.mjs), the fidelity row.
// Measured over a steady-state window after every session is streaming:
//   CPU per session-second  process.cpuUsage() of this process / (sessions × window seconds)
//   latency                 simulator sent `completed` → this app's history_updated shows the item
//                           completed, both on performance.timeOrigin + now() (one machine, one clock)
//   memory per session      (heapUsed after GC, and RSS, with sessions) − (before), / sessions
//   timer lateness          how late the 100 ms frames went out (event-loop saturation shows here first)
// The transport runs as users get it: defaults on (replay buffer, reconnect, liveness pings, transcript
// watchdog, backpressure). When this process or the simulator cannot keep up, the socket backs up and
// sendAudio() refuses audio with AUDIO_BACKPRESSURE (by design): such frames are counted as refused, not
// sent, and the transport's console warnings (replay buffer full, ...) are counted instead of printed.
// `cpuProfile: <file>` records a CPU profile of this process over the measurement window only;
// `heapSnapshot: <file>` writes a V8 heap snapshot with every session live, after the window (both for
// `node bench/lib/profile-summary.mjs`, which names the top functions / what holds the memory).
// The frames are a few shared buffers (copying each one, as a microphone pipeline would, cost this
// process 14% of its CPU and more GC at 1 000 sessions, none of it the transport's).
// `replayKiBPerSession` is the audio the transport's replay buffer holds (reliability.replayBufferedMs
// × 48 bytes per ms of PCM16 24 kHz); it shows in ArrayBuffer memory when the replay buffer copies the
// bytes (since 3a081ba), not when it keeps references to the caller's chunks (before).
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import { importRealtime, importTransport } from './lib/resolve.mjs';
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
  heapSnapshot,
  cpuProfile,
  // Simulator processes (sessions are dealt round-robin): one simulator process tops out near one core
  // at ~700 sessions here, and a lagging simulator makes clients time out, reconnect and replay.
  simulators = 1,
  server = 'simulator',
  serverProfileDir,
} = config;
const FRAME_MS = 100;
const SPEECH_FRAMES = 12;
const CYCLE_FRAMES = 18;

// The transport warns on the console (replay buffer full, ...): count those, by message, instead of
// printing thousands of lines.
const warnings = {};
const sessionErrors = {};
console.warn = (...args) => {
  const key = String(args[0]).slice(0, 90);
  warnings[key] = (warnings[key] ?? 0) + 1;
};

failLoudly(async () => {
  // `server: 'load'` is the minimal scripted server (load-server.mjs), one process; 'simulator' the
  // strict simulator (sim-server.mjs), the fidelity row.
  const sims = Array.from({ length: server === 'load' ? 1 : simulators }, () =>
    startChild(
      server === 'load' ? 'load-server.mjs' : 'sim-server.mjs',
      { trimLog: true },
      {
        execArgv: [
          '--max-old-space-size=8192',
          // --profile: the server's own CPU profile too (written when it exits), to see what it costs
          ...(serverProfileDir
            ? ['--cpu-prof', `--cpu-prof-dir=${serverProfileDir}`]
            : []),
        ],
      },
    ),
  );
  const urls = (await Promise.all(sims.map((sim) => sim.ready))).map(
    (ready) => ready.url,
  );
  // A saturated simulator answers IPC late: never wait more than `ms` for it.
  const ask = (sim, type, ms = 5000) =>
    Promise.race([
      request(sim.child, { type }),
      new Promise((resolve) => setTimeout(() => resolve(null), ms)),
    ]);
  const simStats = async () => {
    const all = await Promise.all(sims.map((sim) => ask(sim, 'stats')));
    return all.every(Boolean) ? all : null;
  };
  const { OpenAIRealtimeTranscriptionWebSocket } = await importTransport();
  // Load the SDK before the baseline: its modules take ~30 MB of heap once per process, which is not
  // a per-session cost (counted in, it made 50 sessions look like 650 KiB each).
  await importRealtime();
  const speech = pcmFrames(6, 4800, 0.3);
  const silence = new ArrayBuffer(4800);

  const heapBefore = heapAfterGc();
  const { rss: rssBefore, arrayBuffers: abBefore } = process.memoryUsage();
  const received = new Map(); // itemId -> epoch ms when history_updated showed it completed
  const clients = [];
  let next = 0;
  async function connectOne() {
    while (next < count) {
      const index = next++;
      const url = urls[index % urls.length];
      const transport = new OpenAIRealtimeTranscriptionWebSocket({
        url,
        session: {
          turnDetection: { type: 'server_vad', silenceDurationMs: 300 },
        },
      });
      const session = await newSession(transport, `session ${index}`, (e) => {
        const error = e?.error ?? e;
        const code = error?.code ?? error?.name ?? 'error';
        sessionErrors[code] = (sessionErrors[code] ?? 0) + 1;
      });
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
      clients.push({ session, transport, frame: 0, dueAt: 0 });
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
  let framesRefused = 0;
  const refusedBy = {};
  const ticker = setInterval(() => {
    const now = epochMs();
    for (const client of clients) {
      while (client.dueAt <= now) {
        if (measuring) lateness.push(now - client.dueAt);
        const inCycle = client.frame % CYCLE_FRAMES;
        try {
          client.session.sendAudio(
            inCycle < SPEECH_FRAMES ? speech[inCycle % speech.length] : silence,
          );
          framesSent++;
        } catch (error) {
          // AUDIO_BACKPRESSURE: the socket is not draining (this process or the simulator is saturated).
          const code = error?.code ?? error?.name ?? 'error';
          refusedBy[code] = (refusedBy[code] ?? 0) + 1;
          framesRefused++;
        }
        client.frame++;
        client.dueAt += FRAME_MS;
      }
    }
  }, 5);

  const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));
  await sleep(warmupS);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  measuring = true;
  const load0 = loadavg()[0];
  const simStats0 = await simStats();
  const framesAtStart = framesSent;
  const refusedAtStart = framesRefused;
  let inspector = null;
  if (cpuProfile) {
    inspector = new InspectorSession();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const elu0 = performance.eventLoopUtilization();
  const t0 = epochMs();
  const c0 = cpuMicros();
  await sleep(windowS);
  const cpu = cpuMicros() - c0;
  const t1 = epochMs();
  const elu = performance.eventLoopUtilization(elu0).utilization;
  if (inspector) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(cpuProfile, JSON.stringify(profile));
    inspector.disconnect();
  }
  const framesInWindow = framesSent - framesAtStart;
  const refusedInWindow = framesRefused - refusedAtStart;
  const simStats1 = await simStats();
  measuring = false;
  loop.disable();
  clearInterval(ticker);
  const reliability = {
    replayBufferedMs: 0,
    trackedItems: 0,
    pendingItems: 0,
    reconnects: 0,
  };
  for (const { transport } of clients) {
    const r = transport.reliability;
    for (const key of Object.keys(reliability)) reliability[key] += r[key];
  }
  const reconnects = reliability.reconnects;
  for (const key of Object.keys(reliability)) reliability[key] /= count;
  const heapWith = heapAfterGc();
  const { rss: rssWith, arrayBuffers: abWith } = process.memoryUsage();
  if (heapSnapshot) writeHeapSnapshot(heapSnapshot);
  await sleep(0.5); // let completions already under way arrive
  const sentAt = (
    await Promise.all(sims.map((sim) => ask(sim, 'completions')))
  ).flatMap((reply) => reply?.sentAt ?? []);

  const latencies = [];
  let sentInWindow = 0;
  for (const [itemId, sent] of sentAt) {
    const at = received.get(itemId);
    if (sent < t0 || sent > t1) continue;
    sentInWindow++;
    if (at !== undefined) latencies.push(at - sent);
  }
  for (const { session } of clients) session.close();
  await Promise.all(sims.map((sim) => ask(sim, 'close', 2000)));
  for (const sim of sims) sim.child.kill();
  const wallS = (t1 - t0) / 1000;
  sendResult({
    sessions: count,
    connectMs,
    cpuMsPerSessionSecond: cpu / 1000 / (count * wallS),
    clientCores: cpu / 1e6 / wallS,
    server,
    simulators: sims.length,
    // Each simulator's CPU over its own clock between the two stats requests; null when one of them
    // was too saturated to answer within 5 s.
    simCores:
      simStats0 && simStats1
        ? simStats1.reduce(
            (sum, s, i) =>
              sum +
              (s.cpuMicros - simStats0[i].cpuMicros) /
                1e3 /
                (s.at - simStats0[i].at),
            0,
          )
        : null,
    simEventLoopBusy: simStats1?.map((s) => s.elu) ?? null,
    reconnects,
    realTimeFactor: framesInWindow / (count * wallS * (1000 / FRAME_MS)),
    refusedFrames: refusedInWindow,
    refusedBy,
    warnings,
    sessionErrors,
    eventLoopUtilization: elu,
    loadAvg1: [load0, loadavg()[0]],
    reliabilityPerSession: reliability,
    completionsSentBySimulator: sentInWindow,
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
    replayKiBPerSession: (reliability.replayBufferedMs * 48) / 1024,
    arrayBuffersPerSessionKiB: (abWith - abBefore) / count / 1024,
    rssPerSessionKiB: (rssWith - rssBefore) / count / 1024,
    loopDelayMaxMs: loop.max / 1e6,
  });
});
