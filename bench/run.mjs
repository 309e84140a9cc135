// `pnpm bench [--quick] [--only outbound,inbound,concurrency,memory,turn-detector] [--sessions 50,200,1000]
// [--profile <dir>] [--server load|simulator|both]`: runs every benchmark in its
// own process, interleaving repetitions (rep 1 of every variant, then rep 2, ...) so drift on a shared
// machine hits all variants alike, prints medians and ratios against baselines measured in the same
// run, and writes bench/results.json. Targets are reported, never enforced: benchmarks are not tests.
// The exit code is non-zero only when a benchmark fails to run. The transport is benchmarked with its
// defaults (replay buffer, reconnect, liveness pings, watchdog, backpressure on), as users get it.
// --profile <dir> also writes, per concurrency run, a CPU profile of the client process over the
// measurement window and a heap snapshot with all its sessions live; `node bench/lib/profile-summary.mjs <file>` names the top functions /
// what holds the memory.
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runChild } from './lib/proc.mjs';
import { median, spread } from './lib/stats.mjs';
import { formatNumber as f, markdownTable } from './lib/table.mjs';
import { repoRoot } from './lib/resolve.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    sessions: { type: 'string' },
    profile: { type: 'string' },
    // concurrency: 'load' (the load generator only), 'simulator' (the fidelity row only) or both (default)
    server: { type: 'string', default: 'both' },
  },
});
const quick = args.quick;
const only = args.only ? new Set(args.only.split(',')) : null;
const wanted = (name) => !only || only.has(name);
const started = Date.now();
const log = (line = '') => console.log(line);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const load1 = () => Number(loadavg()[0].toFixed(2));
const profileDir = args.profile ? resolve(args.profile) : null;

/** Runs each job `reps` times, interleaved; resolves with the list of results per job key. */
async function interleaved(name, jobs, reps) {
  const results = Object.fromEntries(jobs.map((job) => [job.key, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const job of jobs) {
      process.stdout.write(`  ${name} rep ${rep + 1}/${reps}: ${job.key} ...`);
      const result = await runChild(job.script, job.config, job.options);
      results[job.key].push(result);
      process.stdout.write(` done (${elapsed()})\n`);
    }
  }
  return results;
}

const report = { quick, targets: [], results: {} };
const target = (name, value, limit, met) => {
  report.targets.push({ name, value, limit, met });
};

/**
 * BENCH_SKIP=a,b leaves out outbound clients (`transport-client-vad`) and inbound session variants
 * (`coalesced`, `window`, `both`) by name: for an A/B run against a build from before those options
 * existed, which refuses the one and ignores the others (a window it ignores makes the prefill O(n²)).
 */
const skipped = new Set(
  (process.env.BENCH_SKIP ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
);

// 1. Outbound audio ------------------------------------------------------------------------------
async function outbound() {
  const impls = [
    'transport',
    'transport-client-vad',
    'stock',
    'floor',
    'concat',
  ].filter((impl) => !skipped.has(impl));
  const bufferutil = quick ? [true] : [true, false];
  const jobs = [];
  for (const bu of bufferutil) {
    for (const impl of impls) {
      jobs.push({
        key: `${impl}/${bu ? 'bufferutil' : 'js-mask'}`,
        script: 'outbound.mjs',
        // Blocks of 1 000 / 2 000 frames: long enough for process.cpuUsage (µs) to resolve a
        // 15 µs/frame difference, short enough that a process (Node start, the SDK's import, connect,
        // a warm-up round) takes 1–3 s, so repetitions, not block length, carry the statistics.
        config: {
          impl,
          framesPerBlock: quick ? 1000 : 2000,
          rounds: quick ? 3 : 4,
        },
        options: { env: bu ? {} : { WS_NO_BUFFER_UTIL: '1' } },
      });
    }
  }
  const runs = await interleaved('outbound', jobs, quick ? 1 : 3);
  const med = {};
  for (const [key, list] of Object.entries(runs)) {
    med[key] = {};
    for (const bytes of ['960', '4800']) {
      // Spread: min–max over every measured block of every repetition (each block is one sample).
      const blocks = list.flatMap((r) => r.perFrameSize[bytes].cpuRounds);
      med[key][bytes] = {
        cpu: median(list.map((r) => r.perFrameSize[bytes].cpuUsPerFrame)),
        wall: median(list.map((r) => r.perFrameSize[bytes].wallUsPerFrame)),
        cpuMin: Math.min(...blocks),
        cpuMax: Math.max(...blocks),
      };
    }
    med[key].bufferutilLoaded = list[0].bufferutil;
  }
  const rows = [];
  for (const key of Object.keys(med)) {
    const [impl, mask] = key.split('/');
    const floor = med[`floor/${mask}`];
    const stock = med[`stock/${mask}`];
    const m = med[key];
    rows.push([
      impl,
      mask +
        (m.bufferutilLoaded === (mask === 'bufferutil')
          ? ''
          : ' (not loaded!)'),
      `${f(m['960'].cpu)} (${f(m['960'].cpuMin)}–${f(m['960'].cpuMax)})`,
      `${f(m['4800'].cpu)} (${f(m['4800'].cpuMin)}–${f(m['4800'].cpuMax)})`,
      f(m['960'].wall),
      f(m['4800'].wall),
      `${f(m['960'].cpu / floor['960'].cpu, 2)}× / ${f(m['4800'].cpu / floor['4800'].cpu, 2)}×`,
      `${f(stock['960'].cpu / m['960'].cpu, 2)}× / ${f(stock['4800'].cpu / m['4800'].cpu, 2)}×`,
    ]);
  }
  const table = markdownTable(
    [
      'client',
      'ws masking',
      'CPU µs/frame 20 ms (min–max)',
      'CPU µs/frame 100 ms (min–max)',
      'wall µs/frame 20 ms',
      'wall µs/frame 100 ms',
      'vs floor (20/100 ms)',
      'faster than stock (20/100 ms)',
    ],
    rows,
  );
  const t = med['transport/bufferutil'];
  const fl = med['floor/bufferutil'];
  const st = med['stock/bufferutil'];
  for (const [bytes, label, speedup] of [
    ['960', '20 ms', 2.5],
    ['4800', '100 ms', 4],
  ]) {
    const ratio = t[bytes].cpu / fl[bytes].cpu;
    target(
      `outbound ${label}: transport ≤ 1.10× floor`,
      ratio,
      1.1,
      ratio <= 1.1,
    );
    const faster = st[bytes].cpu / t[bytes].cpu;
    target(
      `outbound ${label}: transport ≥ ${speedup}× faster than stock`,
      faster,
      speedup,
      faster >= speedup,
    );
  }
  if (!quick) {
    const gain = (key, bytes) =>
      med[`${key}/js-mask`][bytes].cpu / med[`${key}/bufferutil`][bytes].cpu;
    report.bufferutilGain = Object.fromEntries(
      impls.map((impl) => [
        impl,
        { 960: gain(impl, '960'), 4800: gain(impl, '4800') },
      ]),
    );
  }
  report.results.outbound = { medians: med, runs };
  return table;
}

// 2. Inbound events ------------------------------------------------------------------------------
/** The history window the bench measures (historyLimit.maxItems): a UI's last 50 turns. */
const WINDOW_ITEMS = 50;
/** Session variants: the transport's history options (historyUpdates, historyLimit). */
const SESSION_VARIANTS = {
  'per-delta': { partialIntervalMs: 0, maxItems: null },
  coalesced: { partialIntervalMs: 50, maxItems: null },
  window: { partialIntervalMs: 0, maxItems: WINDOW_ITEMS },
  both: { partialIntervalMs: 50, maxItems: WINDOW_ITEMS },
};
const VARIANT_LABELS = {
  'per-delta': 'session, every delta (partialIntervalMs 0)',
  coalesced: 'session, coalesced (default, 50 ms)',
  window: `session, window ${WINDOW_ITEMS} (every delta)`,
  both: `session, coalesced + window ${WINDOW_ITEMS}`,
};

async function inbound() {
  const sizes = quick ? [10, 1000] : [10, 1000, 10000];
  const variants = (
    quick ? ['per-delta', 'both'] : Object.keys(SESSION_VARIANTS)
  ).filter((variant) => !skipped.has(variant));
  // Past the 50 ms window, so coalesced partials go out as they would live (deltas in a burst, the
  // final ~200 ms later); idle time is not CPU, so every variant is paced the same way.
  const paceMs = 60;
  const shape = (mode, size, windowed) => {
    if (mode !== 'session') {
      if (size >= 10000) return { items: 100, rounds: 2 };
      if (size >= 1000) return { items: 200, rounds: 4 };
      return { items: 20, rounds: quick ? 20 : 40 };
    }
    // Without the window every history update copies `size` items: few turns, few rounds.
    if (size >= 10000 && !windowed) return { items: 20, rounds: 0 };
    if (size >= 1000 && !windowed) return { items: 30, rounds: 1 };
    // Each session round builds a RealtimeSession and runs a full GC first (~0.1 s): fewer rounds.
    return { items: 20, rounds: quick ? 2 : 6 };
  };
  const jobs = [];
  for (const size of sizes) {
    for (const mode of ['parse', 'transport']) {
      jobs.push({
        key: `${mode}/${size}`,
        script: 'inbound.mjs',
        config: { mode, size, ...shape(mode, size) },
        options: { execArgv: ['--expose-gc'] },
      });
    }
    for (const variant of variants) {
      const options = SESSION_VARIANTS[variant];
      jobs.push({
        key: `${variant}/${size}`,
        script: 'inbound.mjs',
        config: {
          mode: 'session',
          size,
          paceMs,
          ...options,
          ...shape('session', size, options.maxItems !== null),
        },
        options: { execArgv: ['--expose-gc'] },
      });
    }
  }
  const runs = await interleaved('inbound', jobs, quick ? 1 : 3);
  const med = (key, field) => median(runs[key].map((r) => r[field]));
  const us = (key) => med(key, 'usPerEvent');
  // Spread: min–max over every timed round of every repetition.
  const range = (key, digits) =>
    spread(
      runs[key].flatMap((r) => r.usPerEventRounds),
      (v) => f(v, digits),
    );
  const correct = Object.values(runs).every((list) =>
    list.every((r) => r.historyCorrect),
  );
  const first = sizes[0];
  const rows = [];
  for (const size of sizes) {
    rows.push([
      f(size, 0),
      'JSON.parse',
      `${f(us(`parse/${size}`), 2)}`,
      '–',
      '–',
      '–',
      '–',
    ]);
    rows.push([
      f(size, 0),
      'transport alone',
      `${f(us(`transport/${size}`), 2)} (${range(`transport/${size}`, 2)})`,
      '–',
      '–',
      '–',
      `${f(us(`transport/${size}`) / us(`transport/${first}`), 2)}×`,
    ]);
    for (const variant of variants) {
      const key = `${variant}/${size}`;
      rows.push([
        f(size, 0),
        VARIANT_LABELS[variant],
        `${f(us(key), 1)} (${range(key, 1)})`,
        f(us(key) - us(`transport/${size}`), 1),
        f(med(key, 'usPerTurn'), 0),
        `${f(med(key, 'updatesPerTurn'), 1)} / ${f(med(key, 'historyLength'), 0)}`,
        `${f(us(key) / us(`${variant}/${first}`), 2)}×`,
      ]);
    }
  }
  const deltas = runs[`${variants[0]}/${first}`][0].deltas;
  const eventsPerTurn = runs[`${variants[0]}/${first}`][0].eventsPerTurn;
  const table = markdownTable(
    [
      'turns so far',
      'client',
      'busy µs/event (min–max)',
      'SDK share µs/event',
      `µs per turn (${eventsPerTurn} events: committed, item added, ${deltas} deltas, completed)`,
      'history_updated per turn / items in session.history',
      `growth vs ${first} turns`,
    ],
    rows,
  );
  // The coalescing gain per delta: what a turn saves, spread over its deltas.
  const gains = [];
  const pairs = quick
    ? [['per-delta', 'both']]
    : [
        ['per-delta', 'coalesced'],
        ['window', 'both'],
      ];
  for (const [from, to] of pairs.filter((pair) =>
    pair.every((variant) => variants.includes(variant)),
  ))
    for (const size of sizes) {
      const saved =
        med(`${from}/${size}`, 'usPerTurn') - med(`${to}/${size}`, 'usPerTurn');
      gains.push(
        `${VARIANT_LABELS[from]} → ${VARIANT_LABELS[to]} at ${f(size, 0)} turns: ${f(saved / deltas, 1)} µs saved per delta (${f(med(`${from}/${size}`, 'usPerTurn') / med(`${to}/${size}`, 'usPerTurn'), 2)}× per turn)`,
      );
    }
  report.inboundGains = gains;
  const growth = us(`transport/${sizes.at(-1)}`) / us(`transport/${first}`);
  target(
    `inbound: transport cost/event at ${sizes.at(-1)} turns ÷ at ${first} turns (flat ≈ 1)`,
    growth,
    1.5,
    growth <= 1.5,
  );
  for (const variant of variants.filter(
    (v) => SESSION_VARIANTS[v].maxItems !== null,
  )) {
    const windowGrowth =
      us(`${variant}/${sizes.at(-1)}`) / us(`${variant}/${first}`);
    target(
      `inbound: ${VARIANT_LABELS[variant]}: with-session cost/event at ${sizes.at(-1)} turns ÷ at ${first} turns ≤ 2`,
      windowGrowth,
      2,
      windowGrowth <= 2,
    );
  }
  target(
    'inbound: session history correct after every run',
    correct ? 1 : 0,
    1,
    correct,
  );
  report.results.inbound = { runs, windowItems: WINDOW_ITEMS, paceMs };
  return table;
}

// 3. Concurrency ---------------------------------------------------------------------------------
async function concurrency() {
  const counts = args.sessions
    ? args.sessions.split(',').map(Number)
    : quick
      ? [50]
      : [200, 1000, 2000];
  // The load generator (load-server.mjs) for every count, so the client has the cores; the strict
  // simulator once, at the smallest count, as the fidelity row (same client, real VAD and validation).
  const plan = [
    ...(args.server === 'simulator'
      ? []
      : counts.map((sessions) => ({ sessions, server: 'load' }))),
    ...(args.server === 'load'
      ? []
      : [{ sessions: Math.min(...counts), server: 'simulator' }]),
  ];
  const rows = [];
  const runs = {};
  for (const { sessions, server } of plan) {
    const key = `${server}/${sessions}`;
    process.stdout.write(`  concurrency: ${sessions} sessions, ${server} ...`);
    const execArgv = ['--expose-gc', '--max-old-space-size=4096'];
    const config = {
      sessions,
      server,
      // --quick runs two of these (load generator and simulator at 50): short windows keep it near 40 s.
      warmupS: quick ? 1.5 : 4,
      windowS: quick ? 3 : 10,
      // 1 000 sessions connect 50 at a time (the server answers each handshake in turn).
      connectParallel: sessions >= 500 ? 50 : 25,
      // One simulator process saturates a core near 700 sessions: 1 000 go to two of them.
      simulators: sessions >= 500 ? 2 : 1,
    };
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      config.cpuProfile = join(
        profileDir,
        `sessions-${server}-${sessions}.cpuprofile`,
      );
      config.heapSnapshot = join(
        profileDir,
        `sessions-${server}-${sessions}.heapsnapshot`,
      );
      config.serverProfileDir = join(
        profileDir,
        `server-${server}-${sessions}`,
      );
    }
    const r = await runChild('concurrency.mjs', config, { execArgv });
    process.stdout.write(
      ` done (${elapsed()}; client ${f(r.clientCores * 100, 0)}% CPU, server ${r.simCores === null ? 'n/a' : `${f(r.simCores * 100, 0)}%`}, refused ${r.refusedFrames} frames, errors ${JSON.stringify(r.sessionErrors)})\n`,
    );
    runs[key] = r;
    rows.push([
      f(sessions, 0),
      server === 'load' ? 'load generator' : 'simulator (fidelity)',
      f(r.cpuMsPerSessionSecond, 3),
      `${f(r.clientCores * 100, 0)}% / ${f(r.eventLoopUtilization * 100, 0)}%`,
      `${r.simCores === null ? 'n/a (lagging)' : `${f(r.simCores * 100, 0)}% (${f(r.simCores / r.clientCores, 2)}× client)`} in ${r.simulators}`,
      f(r.realTimeFactor, 3),
      f(r.refusedFrames, 0),
      f(r.reconnects, 0),
      `${r.completions}/${r.completionsSentBySimulator}`,
      f(r.latencyP50Ms, 1),
      f(r.latencyP99Ms, 1),
      f(r.latencyMaxMs, 1),
      f(r.frameLatenessP99Ms, 1),
      f(r.heapPerSessionKiB, 0),
      f(r.replayKiBPerSession, 0),
      f(r.arrayBuffersPerSessionKiB, 0),
      f(r.rssPerSessionKiB, 0),
      r.loadAvg1.map((v) => f(v, 1)).join('→'),
    ]);
  }
  const table = markdownTable(
    [
      'sessions',
      'server',
      'client CPU ms per session-second',
      'client CPU / event-loop busy',
      'server CPU in n processes',
      'audio sent / real time',
      'frames refused (backpressure)',
      'reconnects',
      'completions timed/sent',
      'p50 ms',
      'p99 ms',
      'max ms',
      'frame lateness p99 ms',
      'heap KiB/session',
      'replay buffer KiB/session (fresh buffers)',
      'ArrayBuffer KiB/session',
      'RSS KiB/session',
      'load (1 min)',
    ],
    rows,
  );
  // A run "holds real time" when every frame went out on time and none was refused.
  const held = (r) =>
    r.realTimeFactor >= 0.98 &&
    r.realTimeFactor <= 1.02 &&
    r.refusedFrames === 0 &&
    r.reconnects === 0;
  const load = (n) => runs[`load/${n}`] ?? runs[`simulator/${n}`];
  const top = load(counts.at(-1));
  const heldTop = held(top) && top.clientCores <= 1;
  target(
    `concurrency: ${counts.at(-1)} real-time sessions held (frames on time, none refused, no reconnect) in ≤ 1 client core`,
    top.clientCores,
    1,
    heldTop,
  );
  const at1000 = load(1000) ?? top;
  target(
    `concurrency: p99 completed→history_updated at ${at1000.sessions} sessions (load generator) < 50 ms`,
    at1000.latencyP99Ms,
    50,
    at1000.latencyP99Ms < 50 && at1000.completions > 0,
  );
  const serverShare = (at1000.simCores ?? Infinity) / at1000.clientCores;
  target(
    `concurrency: load generator CPU ÷ client CPU at ${at1000.sessions} sessions (a small fraction)`,
    serverShare,
    0.25,
    serverShare <= 0.25,
  );
  const best = counts.filter((n) => held(load(n))).at(-1);
  if (best !== undefined) {
    const perCore = 1000 / load(best).cpuMsPerSessionSecond;
    target(
      `concurrency: sessions per client core, extrapolated from the largest run that held real time (${best})`,
      perCore,
      1000,
      perCore >= 1000,
    );
  }
  report.results.concurrency = runs;
  return table;
}

// 4. Memory --------------------------------------------------------------------------------------
async function memory() {
  // The transport run must outlast its bound on remembered items (up to 1 000 turns ≈ 0.55 audio hours)
  // for the steady slope to mean anything: 1.5 h (quick) / 4 h.
  const jobs = [
    { mode: 'transport', audioHours: quick ? 1.5 : 4 },
    { mode: 'session', audioHours: quick ? 0.1 : 1 },
  ];
  const runs = {};
  const rows = [];
  for (const job of jobs) {
    process.stdout.write(
      `  memory: ${job.mode}, ${job.audioHours} h of audio ...`,
    );
    const r = await runChild(
      'memory.mjs',
      { ...job, sampleEveryMin: quick ? 3 : 5 },
      { execArgv: ['--expose-gc'] },
    );
    process.stdout.write(` done (${elapsed()})\n`);
    runs[job.mode] = r;
    rows.push([
      job.mode,
      f(r.audioHours, 2),
      f(r.turns, 0),
      f(r.heapStartMiB, 2),
      f(r.heapMidMiB, 2),
      f(r.heapEndMiB, 2),
      `${f(r.slopeAll.kiBPerHour, 1)} (${f(r.slopeAll.bytesPerTurn, 0)} B)`,
      `${f(r.slopeSteady.kiBPerHour, 1)} (${f(r.slopeSteady.bytesPerTurn, 0)} B) ±${f(r.slopeSteady.residualKiB, 0)} KiB`,
      f(r.reliability.trackedItems, 0),
    ]);
  }
  const table = markdownTable(
    [
      'client',
      'audio hours',
      'turns',
      'heap MiB after 1st sample',
      'heap MiB at half',
      'heap MiB at end',
      'slope KiB/audio h (per turn), whole run',
      'slope KiB/audio h (per turn), 2nd half ± residual',
      'items tracked at end',
    ],
    rows,
  );
  const steady = runs.transport.slopeSteady.bytesPerTurn;
  target(
    'memory: transport retains ≤ 64 bytes per turn once its item bound is reached (2nd half of the run)',
    steady,
    64,
    steady <= 64,
  );
  report.results.memory = runs;
  return table;
}

// 5. Client turn detection -----------------------------------------------------------------------
async function turnDetector() {
  const variants = [
    { format: 'audio/pcm', frameMs: 10 },
    { format: 'audio/pcm', frameMs: 20 },
    { format: 'audio/pcmu', frameMs: 10 },
  ];
  const jobs = variants.map((v) => ({
    key: `${v.format.slice(6)}/${v.frameMs}`,
    script: 'turn-detector.mjs',
    config: { ...v, passes: quick ? 5 : 20, rounds: quick ? 3 : 5 },
  }));
  const runs = await interleaved('turn detector', jobs, quick ? 1 : 3);
  // The baseline: the transport's own cost per 20 ms frame in section 1 of this run, when it ran.
  const outboundUs =
    report.results.outbound?.medians['transport/bufferutil']?.['960']?.cpu;
  const rows = [];
  const med = {};
  for (const [key, list] of Object.entries(runs)) {
    const cpu = median(list.map((r) => r.cpuUsPerChunk));
    med[key] = cpu;
    rows.push([
      key.split('/')[0] === 'pcm' ? 'PCM16 24 kHz' : 'G.711 μ-law 8 kHz',
      `${key.split('/')[1]} ms`,
      `${f(cpu, 2)} (${spread(
        list.flatMap((r) => r.cpuRounds),
        (v) => f(v, 2),
      )})`,
      f(median(list.map((r) => r.wallUsPerChunk)), 2),
      outboundUs
        ? `${f((cpu / outboundUs) * 100, 1)} %`
        : 'n/a (no outbound run)',
      f(list[0].turnsPerPass, 1),
      f(median(list.map((r) => r.heapBytesPerChunk)), 1),
    ]);
  }
  const table = markdownTable(
    [
      'audio',
      'analysis frame',
      'CPU µs per 20 ms chunk (min–max)',
      'wall µs per 20 ms chunk',
      'vs transport sendAudio 20 ms (section 1)',
      'turns per pass of the fixture (8 sentences)',
      'heap growth B per chunk (no GC between)',
    ],
    rows,
  );
  if (outboundUs) {
    const ratio = med['pcm/10'] / outboundUs;
    target(
      'turn detector: default detector ≤ 25 % of the transport sendAudio cost per 20 ms frame',
      ratio,
      0.25,
      ratio <= 0.25,
    );
  }
  report.results.turnDetector = { medians: med, outboundUs, runs };
  return table;
}

const sections = [
  [
    'outbound',
    '1. Outbound audio (per frame, median of repetitions)',
    outbound,
  ],
  ['inbound', '2. Inbound events (scripted socket, in-process)', inbound],
  [
    'concurrency',
    '3. Concurrent real-time sessions (load generator or simulator in another process)',
    concurrency,
  ],
  [
    'memory',
    '4. Memory over a long accelerated session (heapUsed after GC)',
    memory,
  ],
  [
    'turn-detector',
    '5. Client turn detection (per 20 ms of audio, in-process)',
    turnDetector,
  ],
];

const cpuModel =
  readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ??
  cpus()[0]?.model;
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: repoRoot })
    .toString()
    .trim();
} catch {
  // not a git checkout
}
let transportDirty = null;
try {
  transportDirty =
    execSync('git status --porcelain -- packages/transport-transcription', {
      cwd: repoRoot,
    })
      .toString()
      .trim() !== '';
} catch {
  // not a git checkout
}
report.machine = {
  cpu: cpuModel,
  cores: cpus().length,
  node: process.version,
  commit,
  date: new Date().toISOString(),
  loadAvgAtStart: loadavg(),
};
// Which build was measured: the workspace's dist (built from the working tree, which may hold
// uncommitted changes) or another one named by BENCH_TRANSPORT_ENTRY / BENCH_TESTING_ENTRY.
report.transport = {
  entry:
    process.env.BENCH_TRANSPORT_ENTRY ??
    'packages/transport-transcription/dist',
  testingEntry:
    process.env.BENCH_TESTING_ENTRY ??
    'packages/transport-transcription/dist/testing',
  workingTreeDirty: process.env.BENCH_TRANSPORT_ENTRY ? null : transportDirty,
  options:
    'defaults (replay buffer, reconnect, liveness pings, watchdog, backpressure on)',
};
report.load = {};
log(
  `pnpm bench${quick ? ' --quick' : ''}: ${cpuModel}, ${cpus().length} cores, Node ${process.version}, commit ${commit}${report.transport.workingTreeDirty ? ' (transport working tree has uncommitted changes)' : ''}, load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
if (process.env.BENCH_TRANSPORT_ENTRY)
  log(`transport: ${process.env.BENCH_TRANSPORT_ENTRY}`);

const output = [];
let failed = false;
for (const [name, title, fn] of sections) {
  if (!wanted(name)) continue;
  log(`\n${title}`);
  const loadBefore = load1();
  try {
    const table = await fn();
    report.load[name] = [loadBefore, load1()];
    output.push(`### ${title}\n\n${table}`);
  } catch (error) {
    failed = true;
    console.error(`  ${name} failed: ${error.message}`);
    output.push(`### ${title}\n\nFAILED: ${error.message}`);
  }
}

log(`\n${output.join('\n\n')}\n`);
if (report.inboundGains) {
  log('coalescing gain (busy time per turn saved, divided by its deltas):');
  for (const line of report.inboundGains) log(`  ${line}`);
  log();
}
if (report.bufferutilGain) {
  log('bufferutil gain (CPU per frame without ÷ with, 20 ms / 100 ms):');
  for (const [impl, g] of Object.entries(report.bufferutilGain)) {
    log(`  ${impl}: ${f(g['960'], 2)}× / ${f(g['4800'], 2)}×`);
  }
  log();
}
log(
  quick
    ? 'Targets (--quick: one repetition, a smoke test; read a full run for the verdicts):'
    : 'Targets:',
);
for (const t of report.targets) {
  log(
    `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${f(t.value, 2)} (limit ${t.limit})`,
  );
}
report.durationS = (Date.now() - started) / 1000;
report.machine.loadAvgAtEnd = loadavg();
log(
  `load average (1 min) per section: ${Object.entries(report.load)
    .map(([name, [a, b]]) => `${name} ${a}→${b}`)
    .join(', ')}`,
);
writeFileSync(
  join(repoRoot, 'bench', 'results.json'),
  `${JSON.stringify(report, null, 2)}\n`,
);
log(`\nwrote bench/results.json (${elapsed()})`);
process.exit(failed ? 1 : 0);
