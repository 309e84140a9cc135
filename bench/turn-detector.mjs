// Benchmark 5, client turn detection: CPU µs per 20 ms of audio through the transport's built-in
// detector (`createClientTurnDetector`, the package's ESM build), in-process, no socket. The audio is the
// committed speech fixture (eight espeak-ng sentences with 0.5–1 s pauses) with white noise 30 dB under
// it, cut into 20 ms chunks as a microphone delivers them (960 bytes of PCM16, 160 bytes of G.711), and
// pushed round and round, so every code path runs: onsets, hangovers, commits, the floor between turns.
// One variant per process: pcm/10 (the default: 24 kHz PCM16, 10 ms frames), pcm/20, pcmu/10.
// Reported: median over rounds of CPU µs per chunk (process.cpuUsage) and wall µs per chunk, the turns
// found per pass (a check that the detector did its job), and heap growth per chunk over a round
// without a GC in between (an allocation check; V8 may collect in between, so read it as an upper bound).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTransport, repoRoot } from './lib/resolve.mjs';
import { config, failLoudly, sendResult } from './lib/proc.mjs';
import { cpuMicros, epochMs } from './lib/clock.mjs';
import { median } from './lib/stats.mjs';

const { format = 'audio/pcm', frameMs = 10, passes = 20, rounds = 5 } = config;

function speechSamples() {
  const file = readFileSync(
    join(
      repoRoot,
      'packages/transport-transcription/test/fixtures/speech/sentences.wav',
    ),
  );
  let at = 12;
  while (file.toString('ascii', at, at + 4) !== 'data')
    at += 8 + file.readUInt32LE(at + 4);
  const n = file.readUInt32LE(at + 4) / 2;
  const out = new Float64Array(n);
  // A fixed linear-congruential noise source: the same audio in every process and run.
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out[i] = file.readInt16LE(at + 8 + i * 2) + (seed / 2 ** 32 - 0.5) * 60;
  }
  return out;
}

function muLaw(sample) {
  let s = Math.round(sample);
  const sign = s < 0 ? 0x80 : 0;
  s = Math.min(Math.abs(s), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1)
    exponent--;
  return ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0f)) & 0xff;
}

/** The fixture as 20 ms chunks of wire bytes. */
function chunks() {
  const samples = speechSamples();
  const out = [];
  if (format === 'audio/pcm') {
    for (let at = 0; at + 480 <= samples.length; at += 480) {
      const chunk = new Int16Array(480);
      for (let i = 0; i < 480; i++)
        chunk[i] = Math.max(-32768, Math.min(32767, samples[at + i]));
      out.push(new Uint8Array(chunk.buffer));
    }
  } else {
    // 24 kHz → 8 kHz by taking every third sample: fine for a cost measurement.
    for (let at = 0; at + 480 <= samples.length; at += 480) {
      const chunk = new Uint8Array(160);
      for (let i = 0; i < 160; i++) chunk[i] = muLaw(samples[at + i * 3]);
      out.push(chunk);
    }
  }
  return out;
}

failLoudly(async () => {
  const { createClientTurnDetector } = await importTransport();
  const detector = createClientTurnDetector({ format, frameMs });
  const audio = chunks();
  let commits = 0;
  const pass = () => {
    for (const chunk of audio) {
      const decisions = detector.push(chunk);
      for (let i = 0; i < decisions.length; i++)
        if (decisions[i].type === 'commit') commits++;
    }
  };
  pass(); // warm-up: JIT
  commits = 0;
  const cpu = [];
  const wall = [];
  const heap = [];
  for (let round = 0; round < rounds; round++) {
    const h0 = process.memoryUsage().heapUsed;
    const c0 = cpuMicros();
    const t0 = epochMs();
    for (let p = 0; p < passes; p++) pass();
    const count = passes * audio.length;
    cpu.push((cpuMicros() - c0) / count);
    wall.push(((epochMs() - t0) * 1000) / count);
    heap.push((process.memoryUsage().heapUsed - h0) / count);
  }
  sendResult({
    format,
    frameMs,
    chunksPerPass: audio.length,
    turnsPerPass: commits / (rounds * passes),
    cpuUsPerChunk: median(cpu),
    wallUsPerChunk: median(wall),
    cpuRounds: cpu,
    heapBytesPerChunk: median(heap),
  });
});
