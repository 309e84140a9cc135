// `pnpm bench [--quick] [--only outbound,inbound,concurrency,memory,turn-detector] [--sessions 50,200,1000]
// [--profile <dir>]`: runs every benchmark in its
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

// 1. Outbound audio ------------------------------------------------------------------------------
async function outbound() {
  const impls = [
    'transport',
    'transport-client-vad',
    'stock',
    'floor',
    'concat',
  ];
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
async function inbound() {
  const sizes = quick ? [10, 1000] : [10, 1000, 10000];
  const shape = (mode, size) => {
    if (size >= 10000)
      return {
        items: mode === 'session' ? 20 : 100,
        rounds: mode === 'session' ? 0 : 2,
      };
    if (size >= 1000)
      return {
        items: mode === 'session' ? 50 : 200,
        rounds: mode === 'session' ? 1 : 4,
      };
    // Each session round builds a RealtimeSession and runs a full GC first (~0.1 s): fewer rounds.
    if (mode === 'session') return { items: 10, rounds: quick ? 6 : 15 };
    return { items: 20, rounds: quick ? 20 : 40 };
  };
  const jobs = [];
  for (const size of sizes) {
    for (const mode of ['parse', 'transport', 'session']) {
      jobs.push({
        key: `${mode}/${size}`,
        script: 'inbound.mjs',
        config: { mode, size, ...shape(mode, size) },
        options: { execArgv: ['--expose-gc'] },
      });
    }
  }
  const runs = await interleaved('inbound', jobs, quick ? 1 : 3);
  const us = (mode, size) =>
    median(runs[`${mode}/${size}`].map((r) => r.usPerEvent));
  // Spread: min–max over every timed round of every repetition.
  const range = (mode, size, digits) =>
    spread(
      runs[`${mode}/${size}`].flatMap((r) => r.usPerEventRounds),
      (v) => f(v, digits),
    );
  const correct = Object.values(runs).every((list) =>
    list.every((r) => r.historyCorrect),
  );
  const rows = sizes.map((size) => [
    f(size),
    f(us('parse', size), 2),
    `${f(us('transport', size), 2)} (${range('transport', size, 2)})`,
    `${f(us('session', size), 1)} (${range('session', size, 1)})`,
    f(us('session', size) - us('transport', size), 1),
    f(1e6 / us('transport', size)),
    f(1e6 / us('session', size)),
    `${f(us('transport', size) / us('transport', sizes[0]), 2)}× / ${f(us('session', size) / us('session', sizes[0]), 1)}×`,
  ]);
  const table = markdownTable(
    [
      'items in history',
      'JSON.parse µs/event',
      'transport µs/event (min–max)',
      'transport+RealtimeSession µs/event (min–max)',
      'SDK share µs/event',
      'transport events/s',
      'with session events/s',
      `growth vs ${sizes[0]} items (transport / with session)`,
    ],
    rows,
  );
  const growth = us('transport', sizes.at(-1)) / us('transport', sizes[0]);
  target(
    `inbound: transport cost/event at ${sizes.at(-1)} items ÷ at ${sizes[0]} items (flat ≈ 1)`,
    growth,
    1.5,
    growth <= 1.5,
  );
  target(
    'inbound: session history correct after every run',
    correct ? 1 : 0,
    1,
    correct,
  );
  report.results.inbound = { runs };
  return table;
}

// 3. Concurrency ---------------------------------------------------------------------------------
async function concurrency() {
  const counts = args.sessions
    ? args.sessions.split(',').map(Number)
    : quick
      ? [50]
      : [50, 200, 1000];
  const rows = [];
  const runs = {};
  for (const sessions of counts) {
    process.stdout.write(`  concurrency: ${sessions} sessions ...`);
    const execArgv = ['--expose-gc', '--max-old-space-size=4096'];
    const config = {
      sessions,
      warmupS: quick ? 2 : 4,
      windowS: quick ? 4 : 10,
      // 1 000 sessions connect 50 at a time (the simulator answers each handshake in turn).
      connectParallel: sessions >= 500 ? 50 : 25,
      // One simulator process saturates a core near 700 sessions: 1 000 go to two of them.
      simulators: sessions >= 500 ? 2 : 1,
    };
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      config.cpuProfile = join(profileDir, `sessions-${sessions}.cpuprofile`);
      config.heapSnapshot = join(
        profileDir,
        `sessions-${sessions}.heapsnapshot`,
      );
    }
    const r = await runChild('concurrency.mjs', config, { execArgv });
    process.stdout.write(
      ` done (${elapsed()}; client ${f(r.clientCores * 100, 0)}% CPU, refused ${r.refusedFrames} frames, errors ${JSON.stringify(r.sessionErrors)})\n`,
    );
    runs[sessions] = r;
    rows.push([
      f(sessions, 0),
      f(r.cpuMsPerSessionSecond, 3),
      `${f(r.clientCores * 100, 0)}% / ${f(r.eventLoopUtilization * 100, 0)}%`,
      `${r.simCores === null ? 'n/a (lagging)' : `${f(r.simCores * 100, 0)}%`} in ${r.simulators}`,
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
      'client CPU ms per session-second',
      'client CPU / event-loop busy',
      'simulator CPU in n processes',
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
  const top = runs[counts.at(-1)];
  const heldTop = held(top) && top.clientCores <= 1;
  target(
    `concurrency: ${counts.at(-1)} real-time sessions held (frames on time, none refused, no reconnect) in ≤ 1 client core`,
    top.clientCores,
    1,
    heldTop,
  );
  target(
    `concurrency: p99 completed→history_updated at ${counts.at(-1)} sessions < 50 ms`,
    top.latencyP99Ms,
    50,
    top.latencyP99Ms < 50 && top.completions > 0,
  );
  const best = counts.filter((n) => held(runs[n])).at(-1);
  if (best !== undefined) {
    const perCore = 1000 / runs[best].cpuMsPerSessionSecond;
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
    '3. Concurrent real-time sessions (simulator in another process)',
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
