/**
 * Segmentation of synthesised speech (test/fixtures/speech: eight espeak-ng sentences with 0.5–1 s
 * pauses, exact sentence boundaries in sentences.json) by the client turn detector, clean and mixed with
 * seeded white or babble noise at 30, 20 and 10 dB SNR. SNR is the speech power over the sentences
 * themselves (not over the pauses) against the noise power. Babble is the clean track summed with five
 * circularly shifted copies of itself, so several "talkers" overlap everywhere. The figures printed here
 * are the ones in docs/client-turn-detection.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createClientTurnDetector,
  type CommitDecision,
} from '../../src/audio/turn-detector.js';
import { addWhiteNoise, toPcm16Bytes } from '../helpers/signals.js';

interface Sentence {
  text: string;
  startMs: number;
  endMs: number;
}
const fixture = (name: string) =>
  new URL(`../fixtures/speech/${name}`, import.meta.url);
const meta = JSON.parse(readFileSync(fixture('sentences.json'), 'utf8')) as {
  sampleRate: number;
  sentences: Sentence[];
};

/** The samples of a mono PCM16 WAV file, as floats. */
function readWav(path: URL): Float32Array {
  const file = readFileSync(path);
  let at = 12;
  while (at + 8 <= file.length) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === 'data') {
      const out = new Float32Array(size / 2);
      for (let i = 0; i < out.length; i++)
        out[i] = file.readInt16LE(at + 8 + i * 2) / 32768;
      return out;
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path.pathname} has no data chunk`);
}

const clean = readWav(fixture('sentences.wav'));
const rate = meta.sampleRate;

function power(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return sum / (to - from);
}

/** Speech power over the sentences only. */
function speechPower(): number {
  let sum = 0;
  let n = 0;
  for (const s of meta.sentences) {
    const from = Math.round((s.startMs * rate) / 1000);
    const to = Math.round((s.endMs * rate) / 1000);
    sum += power(clean, from, to) * (to - from);
    n += to - from;
  }
  return sum / n;
}

function babble(): Float32Array {
  const out = new Float32Array(clean.length);
  // Shifts chosen so that no two copies line up their pauses.
  for (const shiftS of [0, 3.37, 7.81, 11.29, 15.53, 18.91]) {
    const shift = Math.round(shiftS * rate);
    for (let i = 0; i < out.length; i++)
      out[i]! += clean[(i + shift) % clean.length]!;
  }
  return out;
}

function mix(kind: 'white' | 'babble', snrDb: number): Float32Array {
  const noise = new Float32Array(clean.length);
  if (kind === 'white') addWhiteNoise(noise, 1, 12_345);
  else noise.set(babble());
  const gain = Math.sqrt(speechPower() / 10 ** (snrDb / 10) / power(noise));
  const out = new Float32Array(clean.length);
  for (let i = 0; i < out.length; i++) out[i] = clean[i]! + gain * noise[i]!;
  return out;
}

interface Score {
  turns: number;
  found: number;
  falseTurns: number;
  meanErrorMs: number;
  maxErrorMs: number;
}

/** Matches turns to sentences: a sentence is found when exactly one turn overlaps it and that turn overlaps no other sentence. */
function score(commits: CommitDecision[]): Score {
  const overlaps = (c: CommitDecision, s: Sentence) =>
    c.audioStartMs < s.endMs && c.audioEndMs > s.startMs;
  const errors: number[] = [];
  let found = 0;
  for (const s of meta.sentences) {
    const mine = commits.filter((c) => overlaps(c, s));
    if (mine.length !== 1) continue;
    const turn = mine[0]!;
    if (meta.sentences.filter((o) => overlaps(turn, o)).length !== 1) continue;
    found++;
    errors.push(Math.abs(turn.audioStartMs - s.startMs));
    errors.push(Math.abs(turn.audioEndMs - s.endMs));
  }
  return {
    turns: commits.length,
    found,
    falseTurns: commits.filter(
      (c) => !meta.sentences.some((s) => overlaps(c, s)),
    ).length,
    meanErrorMs: errors.length
      ? errors.reduce((a, b) => a + b, 0) / errors.length
      : NaN,
    maxErrorMs: errors.length ? Math.max(...errors) : NaN,
  };
}

function segment(samples: Float32Array, frameMs: 10 | 20 = 10): Score {
  const detector = createClientTurnDetector({
    silenceDurationMs: 300,
    prefixPaddingMs: 0,
    frameMs,
  });
  const bytes = toPcm16Bytes(samples);
  const commits: CommitDecision[] = [];
  // 20 ms chunks, as a microphone would deliver them.
  for (let at = 0; at < bytes.length; at += 960) {
    for (const d of detector.push(bytes.subarray(at, at + 960)))
      if (d.type === 'commit') commits.push(d);
  }
  for (const d of detector.flush()) if (d.type === 'commit') commits.push(d);
  return score(commits);
}

const sentences = meta.sentences.length;
/**
 * Bounds per condition, from the measured figures (deterministic: fixed fixture, seeded noise) with a
 * margin for regressions. With the default 10 ms frames, clean, 30 and 20 dB: every sentence in its own
 * turn, no false turn; boundary errors grow with the noise because espeak's soft onsets and trailing
 * fricatives sink under it (measured max 9 / 12 / 77 ms white, 127 / 127 ms babble). 10 dB: measured 8/8
 * with edges within 363 ms (white) and 220 ms (babble); neighbouring tunings of the floor lose one
 * sentence there (two merge across the shortest, 0.5 s, pause), so the bound allows one sentence lost
 * and 400 ms. With 20 ms frames the figures are the same or better down to 20 dB, but at 10 dB white
 * noise the coarser frames split two sentences at inner pauses (measured 6/8 found, 10 turns, edges
 * within 936 ms): asserted at that.
 */
type Kind = 'clean' | 'white' | 'babble';
const bounds: Array<[Kind, number, 10 | 20, number, number]> = [
  // kind, SNR dB, frameMs, sentences found at least, max boundary error ms
  ['clean', Infinity, 10, sentences, 20],
  ['white', 30, 10, sentences, 40],
  ['white', 20, 10, sentences, 120],
  ['white', 10, 10, sentences - 1, 400],
  ['babble', 30, 10, sentences, 160],
  ['babble', 20, 10, sentences, 160],
  ['babble', 10, 10, sentences - 1, 400],
  ['clean', Infinity, 20, sentences, 30],
  ['white', 30, 20, sentences, 30],
  ['white', 20, 20, sentences, 160],
  ['white', 10, 20, sentences - 2, 1000],
  ['babble', 30, 20, sentences, 30],
  ['babble', 20, 20, sentences, 120],
  ['babble', 10, 20, sentences - 1, 400],
];

describe('client turn detector on synthesised speech', () => {
  for (const [kind, snrDb, frameMs, minFound, maxErrorMs] of bounds) {
    const label =
      kind === 'clean' ? 'clean' : `${kind} noise at ${snrDb} dB SNR`;
    it(`${label}, ${frameMs} ms frames: finds at least ${minFound}/${sentences} sentences, no false turn, boundaries within ${maxErrorMs} ms`, () => {
      const samples = kind === 'clean' ? clean : mix(kind, snrDb);
      const s = segment(samples, frameMs);
      // The row of the table in docs/client-turn-detection.md.
      console.log(
        `| ${kind} | ${kind === 'clean' ? '–' : snrDb} | ${frameMs} | ${s.found}/${sentences} | ${s.turns} | ${s.falseTurns} | ${s.meanErrorMs.toFixed(0)} | ${s.maxErrorMs.toFixed(0)} |`,
      );
      expect(s.found).toBeGreaterThanOrEqual(minFound);
      expect(s.falseTurns).toBe(0);
      expect(s.maxErrorMs).toBeLessThanOrEqual(maxErrorMs);
    });
  }
});
