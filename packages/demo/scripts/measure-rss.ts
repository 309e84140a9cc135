/**
 * Measures the CLI's peak resident memory on long WAV files, to show it stays flat with the length of the
 * input (the WAV is decoded and resampled in streaming chunks).
 *
 *   node --import tsx scripts/measure-rss.ts [--decode-only] [minutes…]     (default: 1 and 60)
 *
 * For each length it writes a 48 kHz stereo 16-bit WAV of tone bursts and pauses to the system's temporary
 * folder (a 1-hour file is 659 MiB), runs `pnpm demo transcribe FILE --speed max` offline under
 * `/usr/bin/time -v`, prints the peak RSS and the wall time, and deletes the file. With `--decode-only` the
 * child only opens the file as the CLI does and reads every 24 kHz frame (no session, no simulator), which
 * isolates the decoder's memory. With two lengths or more it ends with the growth from the shortest to the
 * longest, which stays near zero now that the offline simulator's frame log is bounded (it kept every frame,
 * 454 MiB for an hour). `DEMO_SIMULATOR_OPTIONS='{"logLimit":{"frames":1e12,"bytes":1e15}}'` unbounds the log
 * again, to compare. Not a test: the numbers depend on the machine; the README quotes a run.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RATE = 48_000;
const CHANNELS = 2;
const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Writes `minutes` of 3 s tone bursts separated by 1 s of silence, chunk by chunk. */
async function writeWav(path: string, minutes: number): Promise<void> {
  const frames = minutes * 60 * RATE;
  const dataBytes = frames * CHANNELS * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(CHANNELS, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * CHANNELS * 2, 28);
  header.writeUInt16LE(CHANNELS * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  const out = createWriteStream(path);
  out.write(header);
  const second = Buffer.alloc(RATE * CHANNELS * 2);
  for (let s = 0; s < minutes * 60; s++) {
    const voiced = s % 4 !== 3;
    for (let i = 0; i < RATE; i++) {
      const value = voiced
        ? Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / RATE))
        : 0;
      second.writeInt16LE(value, i * 4);
      second.writeInt16LE(value, i * 4 + 2);
    }
    if (!out.write(second)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Reads every frame of the file named by its argument through `openFile`, as the CLI does, and nothing else. */
const DECODE_ONLY = `
  const { openFile } = await import('./src/audio/source.ts');
  const source = await openFile(process.argv[1]);
  let samples = 0;
  for await (const frame of source.frames) samples += frame.length;
  console.error('decoded ' + (samples / 24000).toFixed(1) + ' s of 24 kHz audio');
`;

function runCli(
  path: string,
  decodeOnly: boolean,
): Promise<{ rssMiB: number; wall: string; stderr: string }> {
  const args = decodeOnly
    ? ['--import', 'tsx', '--input-type=module', '-e', DECODE_ONLY, path]
    : ['--import', 'tsx', 'src/cli.ts', 'transcribe', path, '--speed', 'max'];
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      ['-v', process.execPath, ...args],
      { cwd: DEMO_DIR, maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error)
          return reject(new Error(`the CLI failed: ${stderr.slice(-2000)}`));
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        const wall =
          /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(stderr);
        if (!rss) return reject(new Error('no RSS in /usr/bin/time output'));
        resolve({
          rssMiB: Number(rss[1]) / 1024,
          wall: wall?.[1] ?? '?',
          stderr,
        });
      },
    );
  });
}

const decodeOnly = process.argv.includes('--decode-only');
const lengths = process.argv
  .slice(2)
  .filter((arg) => arg !== '--decode-only')
  .map(Number);
const peaks: Array<{ minutes: number; rssMiB: number }> = [];
for (const minutes of lengths.length ? lengths : [1, 60]) {
  const path = join(tmpdir(), `demo-rss-${minutes}min.wav`);
  await writeWav(path, minutes);
  const size = statSync(path).size;
  try {
    const { rssMiB, wall, stderr } = await runCli(path, decodeOnly);
    peaks.push({ minutes, rssMiB });
    const summary = stderr
      .split('\n')
      .find((line) => / turns · |^decoded /.test(line));
    console.log(
      `${minutes} min (${(size / 1024 ** 2).toFixed(0)} MiB WAV, 48 kHz stereo 16-bit)${decodeOnly ? ', decode only' : ''}: peak RSS ${rssMiB.toFixed(0)} MiB, wall ${wall}\n  ${summary ?? ''}`,
    );
  } finally {
    rmSync(path, { force: true });
  }
}
if (peaks.length >= 2) {
  const shortest = peaks.reduce((a, b) => (b.minutes < a.minutes ? b : a));
  const longest = peaks.reduce((a, b) => (b.minutes > a.minutes ? b : a));
  const growth = longest.rssMiB - shortest.rssMiB;
  console.log(
    `peak RSS growth from ${shortest.minutes} to ${longest.minutes} min of audio: ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB`,
  );
}
