// `pnpm bench [--quick] [--only outbound,inbound,concurrency,memory]`: runs every benchmark in its
// own process, interleaving repetitions (rep 1 of every variant, then rep 2, ...) so drift on a shared
// machine hits all variants alike, prints medians and ratios against baselines measured in the same
// run, and writes bench/results.json. Targets are reported, never enforced: benchmarks are not tests.
// The exit code is non-zero only when a benchmark fails to run.
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runChild } from './lib/proc.mjs';
import { median } from './lib/stats.mjs';
import { formatNumber as f, markdownTable } from './lib/table.mjs';
import { repoRoot } from './lib/resolve.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = args.quick;
const only = args.only ? new Set(args.only.split(',')) : null;
const wanted = (name) => !only || only.has(name);
const started = Date.now();
const log = (line = '') => console.log(line);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

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
  const impls = ['transport', 'stock', 'floor', 'concat'];
  const bufferutil = quick ? [true] : [true, false];
  const jobs = [];
  for (const bu of bufferutil) {
    for (const impl of impls) {
      jobs.push({
        key: `${impl}/${bu ? 'bufferutil' : 'js-mask'}`,
        script: 'outbound.mjs',
        config: {
          impl,
          framesPerBlock: quick ? 2000 : 4000,
          rounds: quick ? 3 : 4,
        },
        options: { env: bu ? {} : { WS_NO_BUFFER_UTIL: '1' } },
      });
    }
  }
  const runs = await interleaved('outbound', jobs, quick ? 1 : 5);
  const med = {};
  for (const [key, list] of Object.entries(runs)) {
    med[key] = {};
    for (const bytes of ['960', '4800']) {
      med[key][bytes] = {
        cpu: median(list.map((r) => r.perFrameSize[bytes].cpuUsPerFrame)),
        wall: median(list.map((r) => r.perFrameSize[bytes].wallUsPerFrame)),
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
      f(m['960'].cpu),
      f(m['4800'].cpu),
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
      'CPU µs/frame 20 ms',
      'CPU µs/frame 100 ms',
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
    return { items: mode === 'session' ? 10 : 20, rounds: quick ? 20 : 40 };
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
  const correct = Object.values(runs).every((list) =>
    list.every((r) => r.historyCorrect),
  );
  const rows = sizes.map((size) => [
    f(size),
    f(us('parse', size), 2),
    f(us('transport', size), 2),
    f(us('session', size), 1),
    f(us('session', size) - us('transport', size), 1),
    f(1e6 / us('transport', size)),
    f(1e6 / us('session', size)),
    `${f(us('transport', size) / us('transport', sizes[0]), 2)}× / ${f(us('session', size) / us('session', sizes[0]), 1)}×`,
  ]);
  const table = markdownTable(
    [
      'items in history',
      'JSON.parse µs/event',
      'transport µs/event',
      'transport+RealtimeSession µs/event',
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
  const counts = quick ? [50] : [50, 200, 1000];
  const rows = [];
  const runs = {};
  for (const sessions of counts) {
    process.stdout.write(`  concurrency: ${sessions} sessions ...`);
    const r = await runChild(
      'concurrency.mjs',
      { sessions, warmupS: quick ? 2 : 4, windowS: quick ? 5 : 10 },
      { execArgv: ['--expose-gc', '--max-old-space-size=4096'] },
    );
    process.stdout.write(` done (${elapsed()})\n`);
    runs[sessions] = r;
    rows.push([
      f(sessions),
      f(r.cpuMsPerSessionSecond, 3),
      f(r.clientCores, 2),
      f(r.simCores, 2),
      f(r.realTimeFactor, 3),
      `${r.completions}/${r.completionsExpected}`,
      f(r.latencyP50Ms, 1),
      f(r.latencyP99Ms, 1),
      f(r.latencyMaxMs, 1),
      f(r.frameLatenessP99Ms, 1),
      f(r.heapPerSessionKiB, 1),
      f(r.rssPerSessionKiB, 1),
    ]);
  }
  const table = markdownTable(
    [
      'sessions',
      'client CPU ms per session-second',
      'client cores',
      'simulator cores',
      'audio sent / real time',
      'completions timed/expected',
      'p50 ms',
      'p99 ms',
      'max ms',
      'frame lateness p99 ms',
      'heap KiB/session',
      'RSS KiB/session',
    ],
    rows,
  );
  const top = runs[counts.at(-1)];
  const perCore = 1000 / top.cpuMsPerSessionSecond;
  target(
    `concurrency: real-time sessions one core carries (from ${counts.at(-1)} sessions) ≥ 1000`,
    perCore,
    1000,
    perCore >= 1000,
  );
  target(
    `concurrency: p99 completed→history_updated at ${counts.at(-1)} sessions < 50 ms`,
    top.latencyP99Ms,
    50,
    top.latencyP99Ms < 50,
  );
  report.results.concurrency = runs;
  return table;
}

// 4. Memory --------------------------------------------------------------------------------------
async function memory() {
  const jobs = [
    { mode: 'transport', audioHours: quick ? 0.5 : 4 },
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
      { ...job, sampleEveryMin: quick ? 2 : 5 },
      { execArgv: ['--expose-gc'] },
    );
    process.stdout.write(` done (${elapsed()})\n`);
    runs[job.mode] = r;
    rows.push([
      job.mode,
      f(r.audioHours, 2),
      f(r.turns),
      f(r.heapStartMiB, 2),
      f(r.heapEndMiB, 2),
      f(r.slopeKiBPerHour, 1),
      f(r.bytesPerTurn, 0),
    ]);
  }
  const table = markdownTable(
    [
      'client',
      'audio hours',
      'turns',
      'heap MiB (start)',
      'heap MiB (end)',
      'slope KiB per audio hour',
      'bytes per turn',
    ],
    rows,
  );
  const slope = runs.transport.bytesPerTurn;
  target(
    'memory: transport retains ≤ 64 bytes per turn (flat heap)',
    slope,
    64,
    slope <= 64,
  );
  report.results.memory = runs;
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
report.machine = {
  cpu: cpuModel,
  cores: cpus().length,
  node: process.version,
  commit,
  date: new Date().toISOString(),
};
log(
  `pnpm bench${quick ? ' --quick' : ''}: ${cpuModel}, ${cpus().length} cores, Node ${process.version}, commit ${commit}`,
);

const output = [];
let failed = false;
for (const [name, title, fn] of sections) {
  if (!wanted(name)) continue;
  log(`\n${title}`);
  try {
    const table = await fn();
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
log('Targets:');
for (const t of report.targets) {
  log(
    `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${f(t.value, 2)} (limit ${t.limit})`,
  );
}
report.durationS = (Date.now() - started) / 1000;
writeFileSync(
  join(repoRoot, 'bench', 'results.json'),
  `${JSON.stringify(report, null, 2)}\n`,
);
log(`\nwrote bench/results.json (${elapsed()})`);
process.exit(failed ? 1 : 0);
