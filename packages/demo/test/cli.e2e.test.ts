/**
 * End to end: the CLI as a separate process, offline against the simulator it starts itself, through a real
 * RealtimeSession and OpenAIRealtimeTranscriptionWebSocket. Needs the transport built (`pnpm build`).
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'srt-parser-2';
import webvtt from 'webvtt-parser';
import { describe, expect, it, vi } from 'vitest';
import { findExecutable } from '../src/audio/subprocess.js';
import { decodeWav } from '../src/audio/wav.js';
import type { TranscriptJson } from '../src/subtitles.js';
import { makeWav, sine } from './support/audio.js';
import { ensureFfmpeg } from './support/ffmpeg.js';
import {
  lines,
  runCli,
  SAMPLE_TEXT,
  SAMPLE_WAV,
  startCli,
} from './support/cli.js';

const { WebVTTParser } = webvtt;
const reference = lines(readFileSync(SAMPLE_TEXT, 'utf8'));
const sampleSeconds =
  decodeWav(readFileSync(SAMPLE_WAV)).samples.length / 24_000;
const tmp = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
const out = (name: string) => join(tmp, name);
const ffmpeg = ensureFfmpeg();
const script = findExecutable('script');

/** A folder with nothing in it, used as PATH to run the CLI on a machine without ffmpeg, arecord or sox. */
const emptyPath = join(tmp, 'empty-bin');
mkdirSync(emptyPath);

describe('pnpm demo (bundled sample, offline)', () => {
  it('prints the reference sentences in order, says it ran offline, and how to run live', async () => {
    const { code, stdout, stderr } = await runCli(['--speed', 'max']);
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual(reference);
    expect(stderr).toContain('OFFLINE');
    expect(stderr).toContain('not speech recognition');
    expect(stderr).toContain(
      'OPENAI_API_KEY=… pnpm demo transcribe <file> --live',
    );
    expect(stderr).toMatch(
      /^4 turns · 1[56]\.\d s audio · \d+\.\d\d s wall · real-time factor \d+\.\d{3} · ran OFFLINE/m,
    );
  });
});

describe('transcribe <file> with outputs', () => {
  it('writes SRT, WebVTT and JSON that independent parsers accept, with server VAD timings', async () => {
    const { code, stderr } = await runCli([
      'transcribe',
      SAMPLE_WAV,
      '--vad',
      'server',
      '--model',
      'gpt-4o-mini-transcribe',
      '--script',
      SAMPLE_TEXT,
      '--speed',
      'max',
      '--srt',
      out('vad.srt'),
      '--vtt',
      out('vad.vtt'),
      '--json',
      out('vad.json'),
    ]);
    expect(code, stderr).toBe(0);

    const srt = new Parser().fromSrt(readFileSync(out('vad.srt'), 'utf8'));
    expect(srt.map((cue) => cue.text)).toEqual(reference);
    expectOrderedWithin(
      srt.map((cue) => [cue.startSeconds, cue.endSeconds]),
      sampleSeconds,
    );

    const vtt = new WebVTTParser().parse(
      readFileSync(out('vad.vtt'), 'utf8'),
      'metadata',
    );
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues.map((cue: { text: string }) => cue.text)).toEqual(
      reference,
    );
    expect(vtt.cues.map((cue: { startTime: number }) => cue.startTime)).toEqual(
      srt.map((cue) => cue.startSeconds),
    );

    const json = JSON.parse(
      readFileSync(out('vad.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json).toMatchObject({
      mode: 'offline',
      vad: 'server',
      interrupted: false,
    });
    expect(
      json.turns.map((turn) => [turn.index, turn.text, turn.status]),
    ).toEqual(reference.map((text, index) => [index, text, 'completed']));
    for (const turn of json.turns) expect(turn.itemId).toMatch(/^item_/);
    expect(new Set(json.turns.map((turn) => turn.itemId)).size).toBe(4);
    expect(json.turns.map((turn) => turn.startMs! / 1000)).toEqual(
      srt.map((cue) => cue.startSeconds),
    );
  });

  it('with --vad none commits at silence gaps and times cues from its own audio offsets', async () => {
    const { code, stdout, stderr } = await runCli([
      'transcribe',
      SAMPLE_WAV,
      '--vad',
      'none',
      '--script',
      SAMPLE_TEXT,
      '--speed',
      'max',
      '--json',
      out('none.json'),
      '--srt',
      out('none.srt'),
    ]);
    expect(code, stderr).toBe(0);
    expect(lines(stdout)).toEqual(reference);
    const json = JSON.parse(
      readFileSync(out('none.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json.vad).toBe('none');
    // Client offsets are whole 10 ms frames of the transport's client turn detector.
    for (const turn of json.turns) {
      expect(turn.startMs! % 10).toBe(0);
      expect(turn.endMs! % 10).toBe(0);
    }
    const srt = new Parser().fromSrt(readFileSync(out('none.srt'), 'utf8'));
    expectOrderedWithin(
      srt.map((cue) => [cue.startSeconds, cue.endSeconds]),
      sampleSeconds,
    );
  });

  it('with --commit-every commits on a fixed grid, and without a script says what the simulator returns', async () => {
    const { code, stdout, stderr } = await runCli([
      'transcribe',
      SAMPLE_WAV,
      '--vad',
      'none',
      '--commit-every',
      '4',
      '--speed',
      'max',
      '--json',
      out('grid.json'),
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('a description of each turn');
    const json = JSON.parse(
      readFileSync(out('grid.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json.turns.map((turn) => [turn.startMs, turn.endMs])).toEqual([
      [0, 4000],
      [4000, 8000],
      [8000, 12000],
      [12000, Math.round(sampleSeconds * 1000)],
    ]);
    for (const line of lines(stdout))
      expect(line).toMatch(/^\[\d+\.\d\d s of audio\]$/);
  });

  it('reports a failed turn on stderr and goes on with the others', async () => {
    const { code, stdout, stderr } = await runCli(
      [
        'transcribe',
        SAMPLE_WAV,
        '--script',
        SAMPLE_TEXT,
        '--speed',
        'max',
        '--json',
        out('fail.json'),
      ],
      { env: { DEMO_SIMULATOR_OPTIONS: JSON.stringify({ failTurns: [1] }) } },
    );
    expect(code, stderr).toBe(0);
    expect(lines(stdout)).toEqual([reference[0], reference[2], reference[3]]);
    expect(stderr).toMatch(/transcription failed for item_\w+: /);
    expect(stderr).toContain('4 turns (1 failed)');
    const json = JSON.parse(
      readFileSync(out('fail.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json.turns.map((turn) => turn.status)).toEqual([
      'completed',
      'failed',
      'completed',
      'completed',
    ]);
  });

  it('keeps commit order when the server completes turns in reverse', async () => {
    const { code, stdout } = await runCli(
      [
        'transcribe',
        SAMPLE_WAV,
        '--script',
        SAMPLE_TEXT,
        '--speed',
        'max',
        '--vad',
        'none',
      ],
      {
        env: {
          DEMO_SIMULATOR_OPTIONS: JSON.stringify({
            completionOrder: 'reversed',
            completionDelayMs: 1500,
          }),
        },
      },
    );
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual(reference);
  });

  it('converts a 44.1 kHz stereo 24-bit WAV', async () => {
    const path = out('tones.wav');
    const tone = [0.3, 1, 0.3].flatMap((s, i) =>
      Array.from(
        i === 1
          ? sine(440, s, 44_100, 0.4)
          : new Float64Array(Math.round(s * 44_100)),
      ),
    );
    const channel = Float64Array.from([...tone, ...tone]);
    writeFileSync(path, makeWav([channel, channel], 44_100, '24'));
    const { code, stdout, stderr } = await runCli([
      'transcribe',
      path,
      '--speed',
      'max',
      '--json',
      out('tones.json'),
    ]);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(
      readFileSync(out('tones.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json.audioMs).toBeGreaterThanOrEqual(3200);
    expect(lines(stdout)).toHaveLength(2);
  });

  it('decodes other formats through ffmpeg', async () => {
    const flac = out('sample.flac');
    execFileSync(ffmpeg, [
      '-loglevel',
      'error',
      '-y',
      '-i',
      SAMPLE_WAV,
      '-ar',
      '44100',
      flac,
    ]);
    const { code, stdout, stderr } = await runCli([
      'transcribe',
      flac,
      '--script',
      SAMPLE_TEXT,
      '--speed',
      'max',
    ]);
    expect(code, stderr).toBe(0);
    expect(lines(stdout)).toEqual(reference);
  });
});

describe('transcribe - (stdin)', () => {
  it('reads raw PCM16 24 kHz mono', async () => {
    const { samples } = decodeWav(readFileSync(SAMPLE_WAV));
    const { code, stdout, stderr } = await runCli(
      ['transcribe', '-', '--script', SAMPLE_TEXT, '--speed', 'max'],
      {
        stdin: Buffer.from(
          samples.buffer,
          samples.byteOffset,
          samples.byteLength,
        ),
      },
    );
    expect(code, stderr).toBe(0);
    expect(lines(stdout)).toEqual(reference);
    expect(stderr).toContain('stdin (raw PCM16 24 kHz mono)');
  });
});

describe('terminal output', () => {
  it.skipIf(!script && !process.env.CI)(
    'draws a live view on a TTY with provisional partials and final lines',
    async () => {
      const command = [
        process.execPath,
        '--import',
        'tsx',
        'src/cli.ts',
        '--speed',
        'max',
      ]
        .map((arg) => `'${arg}'`)
        .join(' ');
      const tty = execFileSync(script!, ['-qec', command, '/dev/null'], {
        cwd: new URL('..', import.meta.url),
        env: { ...process.env, INIT_CWD: undefined },
        encoding: 'utf8',
      });
      // eslint-disable-next-line no-control-regex
      const visible = tty.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      // Partials are dimmed italics ending in "…", then every sentence is printed final.
      expect(tty).toMatch(
        // eslint-disable-next-line no-control-regex
        /\u001b\[2m\[\d\d:\d\d\.\d\] \u001b\[3m[^\u001b]* …\u001b\[0m/,
      );
      for (const sentence of reference)
        expect(visible).toMatch(
          new RegExp(
            `\\[\\d\\d:\\d\\d\\.\\d\\] ${sentence.replace('.', '\\.')}\\r?\\n`,
          ),
        );
      expect(visible).toContain('listening ·');
    },
  );

  it('prints only final transcript lines when piped', async () => {
    const { stdout } = await runCli(['--speed', 'max']);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).not.toContain('…');
    expect(lines(stdout)).toEqual(reference);
  });
});

describe('Ctrl-C', () => {
  it('stops reading, commits what is buffered, waits for the finals and writes the outputs', async () => {
    const run = startCli([
      'transcribe',
      SAMPLE_WAV,
      '--script',
      SAMPLE_TEXT,
      '--json',
      out('int.json'),
      '--srt',
      out('int.srt'),
    ]);
    // Interrupt in the middle of the second sentence (realtime pacing: ~5 s in).
    await vi.waitFor(() => expect(lines(run.stdout)).toHaveLength(1), {
      timeout: 30_000,
      interval: 50,
    });
    run.child.kill('SIGINT');
    const code = await run.exited;
    expect(code).toBe(130);
    const json = JSON.parse(
      readFileSync(out('int.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json.interrupted).toBe(true);
    expect(json.audioMs).toBeLessThan(sampleSeconds * 1000);
    expect(json.turns.length).toBeGreaterThanOrEqual(1);
    expect(json.turns.length).toBeLessThan(4);
    for (const turn of json.turns) expect(turn.status).toBe('completed');
    expect(json.turns.map((turn) => turn.text)).toEqual(
      reference.slice(0, json.turns.length),
    );
    expect(lines(run.stdout)).toEqual(reference.slice(0, json.turns.length));
    expect(
      new Parser().fromSrt(readFileSync(out('int.srt'), 'utf8')),
    ).toHaveLength(json.turns.length);
  });
});

describe('bad input: one line on stderr, exit 2, no stack', () => {
  const corrupt = out('corrupt.wav');
  writeFileSync(
    corrupt,
    Buffer.concat([
      Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEjunk'),
      Buffer.alloc(200, 7),
    ]),
  );
  const text = out('notes.txt');
  writeFileSync(text, 'this is not audio\n'.repeat(20));
  const unreadable = out('a-folder.wav');
  mkdirSync(unreadable);
  const noRead = out('secret.wav');
  writeFileSync(noRead, makeWav([sine(440, 0.5, 24_000)], 24_000, '16'));
  chmodSync(noRead, 0o000);

  it.each([
    [
      'a missing file',
      ['transcribe', out('missing.wav')],
      {},
      /^demo: cannot read .*missing\.wav: no such file$/,
    ],
    [
      'a folder',
      ['transcribe', unreadable],
      {},
      /^demo: cannot read .*a-folder\.wav: it is a directory$/,
    ],
    ['a corrupt WAV', ['transcribe', corrupt], {}, /^demo: .*corrupt\.wav/],
    [
      'a non-audio file',
      ['transcribe', text],
      {},
      /^demo: cannot decode .*notes\.txt as audio \(ffmpeg: .+\)$/,
    ],
    [
      'a non-WAV file without ffmpeg',
      ['transcribe', text],
      { PATH: emptyPath },
      /^demo: .*notes\.txt is not a WAV file, and decoding other formats needs ffmpeg, which is not installed$/,
    ],
    [
      '--live without a key',
      ['transcribe', SAMPLE_WAV, '--live'],
      {},
      /^demo: --live needs OPENAI_API_KEY in the environment$/,
    ],
    [
      'an unknown flag',
      ['transcribe', SAMPLE_WAV, '--fast'],
      {},
      /^demo: unknown flag --fast \(see --help\)$/,
    ],
    [
      '--mic without arecord or sox',
      ['transcribe', '--mic'],
      { PATH: emptyPath },
      /^demo: --mic needs arecord \(alsa-utils\) or sox on PATH, and neither is installed$/,
    ],
    [
      'an unwritable output folder',
      ['transcribe', SAMPLE_WAV, '--srt', join(tmp, 'nope', 'x.srt')],
      {},
      /^demo: cannot write .*x\.srt: its folder does not exist or is not writable$/,
    ],
    [
      'a missing script',
      ['transcribe', SAMPLE_WAV, '--script', out('nope.txt')],
      {},
      /^demo: cannot read script .*nope\.txt: no such file$/,
    ],
  ] as const)('%s', async (_name, args, env, message) => {
    const { code, stdout, stderr } = await runCli([...args], { env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a file without read permission', async () => {
    // Root reads anything; without its file-override capabilities it meets the error like anyone else.
    const { code, stderr } = await runCli(['transcribe', noRead], {
      withoutFileOverride: process.getuid?.() === 0,
    });
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(
      /^demo: cannot read .*secret\.wav: permission denied$/,
    );
  });
});

describe('--help', () => {
  it('prints usage with every flag and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--live',
      '--model',
      '--language',
      '--prompt',
      '--vad',
      '--commit-every',
      '--speed',
      '--srt',
      '--vtt',
      '--json',
      '--mic',
      '--script',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});

/** Cues in order, not overlapping, each with positive length, all inside the audio. */
function expectOrderedWithin(cues: number[][], audioSeconds: number) {
  let previousEnd = 0;
  for (const [start, end] of cues) {
    expect(start!).toBeGreaterThanOrEqual(previousEnd);
    expect(end!).toBeGreaterThan(start!);
    expect(end!).toBeLessThanOrEqual(audioSeconds + 1);
    previousEnd = end!;
  }
}
