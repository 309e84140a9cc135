// Regenerates test/fixtures/speech/ (run by hand; `pnpm test` only reads the committed files):
//   node packages/transport-transcription/scripts/generate-speech-fixtures.mjs
// Needs Debian's espeak-ng and sox. espeak-ng is deterministic, and `sox -R` resamples without random
// dither, so a rerun writes the same bytes. Each sentence is synthesised on its own, resampled to
// 24 kHz mono PCM16 LE, trimmed to its first and last sample above TRIM_LEVEL, and the sentences are
// joined with digital-silence pauses of known length: the true sentence boundaries are therefore exact
// sample positions, written to sentences.json next to the WAV. Noise is mixed in by the test itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RATE = 24000;
/** |sample| at or above which a sample is speech when trimming espeak's own leading/trailing silence. */
const TRIM_LEVEL = 64; // -54 dBFS
const LEAD_MS = 600;
const TAIL_MS = 900;
const VOICE = 'en-us';
const SENTENCES = [
  'The quick brown fox jumps over the lazy dog.',
  'Please call Stella and ask her to bring these things.',
  'We will meet at the station at nine.',
  'Turn left at the second light.',
  'The weather is cold and wet today.',
  'Can you send me the report by Friday?',
  'Nobody expected the meeting to end so early.',
  'Thank you.',
];
/** Pause after each sentence but the last, in ms: 0.5 to 1 s. */
const PAUSES_MS = [500, 800, 1000, 600, 900, 700, 550];

const outDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'test',
  'fixtures',
  'speech',
);
const work = mkdtempSync(join(tmpdir(), 'speech-fixture-'));

function synthesise(text, index) {
  const wav = join(work, `s${index}.wav`);
  const raw = join(work, `s${index}.raw`);
  execFileSync('espeak-ng', ['-v', VOICE, '-w', wav, text]);
  execFileSync('sox', [
    '-R',
    wav,
    '-r',
    String(RATE),
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    '-L',
    '-t',
    'raw',
    raw,
  ]);
  const bytes = readFileSync(raw);
  const samples = new Int16Array(bytes.length / 2);
  for (let i = 0; i < samples.length; i++)
    samples[i] = bytes.readInt16LE(i * 2);
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]) < TRIM_LEVEL)
    first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]) < TRIM_LEVEL) last--;
  return samples.subarray(first, last + 1);
}

const parts = SENTENCES.map(synthesise);
const msToSamples = (ms) => (ms * RATE) / 1000;
let total = msToSamples(LEAD_MS) + msToSamples(TAIL_MS);
for (const [i, part] of parts.entries())
  total += part.length + msToSamples(PAUSES_MS[i] ?? 0);
const out = new Int16Array(total);
const sentences = [];
let at = msToSamples(LEAD_MS);
for (const [i, part] of parts.entries()) {
  out.set(part, at);
  sentences.push({
    text: SENTENCES[i],
    startSample: at,
    endSample: at + part.length,
    startMs: (at * 1000) / RATE,
    endMs: ((at + part.length) * 1000) / RATE,
  });
  at += part.length + msToSamples(PAUSES_MS[i] ?? 0);
}

function wavFile(samples) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.length * 2, 40);
  const body = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) body.writeInt16LE(samples[i], i * 2);
  return Buffer.concat([header, body]);
}

const espeakVersion = execFileSync('espeak-ng', ['--version'])
  .toString()
  .trim();
const soxVersion = execFileSync('sox', ['--version']).toString().trim();
writeFileSync(join(outDir, 'sentences.wav'), wavFile(out));
writeFileSync(
  join(outDir, 'sentences.json'),
  JSON.stringify(
    {
      generator: 'scripts/generate-speech-fixtures.mjs',
      tools: [espeakVersion, soxVersion],
      voice: VOICE,
      sampleRate: RATE,
      trimLevel: TRIM_LEVEL,
      totalSamples: out.length,
      totalMs: (out.length * 1000) / RATE,
      sentences,
    },
    null,
    2,
  ) + '\n',
);
rmSync(work, { recursive: true, force: true });
console.log(
  `wrote ${sentences.length} sentences, ${(out.length / RATE).toFixed(2)} s, to ${outDir}`,
);
