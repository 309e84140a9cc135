/**
 * End to end: the CLI as a separate process, offline against the simulator it starts itself, through a real
 * RealtimeSession and OpenAIRealtimeTranscriptionWebSocket. Needs the transport built (`pnpm build`).
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  truncateSync,
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
import { makeWav, rawWav, sine } from './support/audio.js';
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
const sampleSamples = (await decodeWav(readFileSync(SAMPLE_WAV))).samples;
const sampleSeconds = sampleSamples.length / 24_000;
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
    // The default model (gpt-live-transcribe) has no announced shutdown: no warning of any kind.
    expect(stderr).not.toMatch(/warning|shuts down/i);
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
    // The old model, picked explicitly, still gets its shutdown warning, once.
    expect(lines(stderr).filter((line) => line.includes('shuts down'))).toEqual(
      [
        expect.stringMatching(
          /gpt-4o-mini-transcribe shuts down on 2027-02-26.*gpt-live-transcribe/,
        ),
      ],
    );

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
    const samples = sampleSamples;
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
  it('stops reading, commits what is buffered, drains the finals and writes the outputs', async () => {
    const run = startCli(
      [
        'transcribe',
        SAMPLE_WAV,
        '--script',
        SAMPLE_TEXT,
        '--json',
        out('int.json'),
        '--srt',
        out('int.srt'),
      ],
      // The drain after a signal is bounded to well under a second; the simulator answers within it.
      { env: { DEMO_SIMULATOR_OPTIONS: '{"completionDelayMs":100}' } },
    );
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
    [
      'server VAD asked of the default model, which has none',
      ['--vad', 'server'],
      {},
      /^demo: gpt-live-transcribe does not run server VAD; use --vad client \(the default for it\), or a model that does, e\.g\. --model gpt-4o-mini-transcribe$/,
    ],
    [
      '--silence-ms past what turn detection takes',
      ['--silence-ms', '20000'],
      {},
      /^demo: --silence-ms must be a whole number of ms from 1 to 10000, got "20000"$/,
    ],
    [
      'an output path that is a folder',
      ['transcribe', SAMPLE_WAV, '--json', tmp],
      {},
      /^demo: cannot write .*: it is a folder$/,
    ],
    [
      'one file for two outputs',
      [
        'transcribe',
        SAMPLE_WAV,
        '--srt',
        out('same.txt'),
        '--vtt',
        out('same.txt'),
      ],
      {},
      /^demo: --srt and --vtt both write .*same\.txt; give each its own file$/,
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

describe('hostile input: exit 2 (or the documented warning) with one plain line, at once', () => {
  it('an output named like the input file: refused before the run, the recording left as it was', async () => {
    const recording = out('my-talk.wav');
    copyFileSync(SAMPLE_WAV, recording);
    const before = readFileSync(recording);
    const { code, stdout, stderr } = await runCli([
      'transcribe',
      recording,
      '--json',
      recording,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(
      /^demo: --json .*my-talk\.wav is the input file; writing it would overwrite the recording\. Pick another name$/,
    );
    expect(readFileSync(recording).equals(before)).toBe(true);
  });

  const write = (name: string, bytes: Uint8Array) => {
    writeFileSync(out(name), bytes);
    return out(name);
  };

  it.each([
    [
      'a 1 Hz WAV',
      rawWav({ sampleRate: 1, data: new Uint8Array(48_000) }),
      /^demo: cannot use .*\.wav: sampleRate is 1 Hz; 8000–384000 Hz are supported$/,
    ],
    [
      'audioFormat 0xFFFF',
      rawWav({ audioFormat: 0xffff }),
      /^demo: cannot use .*\.wav: audioFormat is 0xFFFF; only PCM \(1\), IEEE float \(3\)/,
    ],
    [
      '12-bit samples',
      rawWav({ bitsPerSample: 12, blockAlign: 2 }),
      /^demo: cannot use .*\.wav: bitsPerSample is 12; PCM WAV must be 8, 16, 24, 32-bit$/,
    ],
    [
      'nine channels',
      rawWav({ channels: 9 }),
      /^demo: cannot use .*\.wav: numChannels is 9; 1 to 8 are supported$/,
    ],
    [
      'a lying byteRate',
      rawWav({ byteRate: 1 }),
      /^demo: cannot use .*\.wav: byteRate is 1, but sampleRate × blockAlign is 48000$/,
    ],
  ])('%s', async (name, bytes, message) => {
    const path = write(`${name.replace(/\W+/g, '-')}.wav`, bytes);
    const { code, stdout, stderr } = await runCli(['transcribe', path]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('a FIFO is refused without being opened', async () => {
    const fifo = out('pipe.wav');
    execFileSync('mkfifo', [fifo]);
    const { code, stderr } = await runCli(['transcribe', fifo]);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      `demo: ${fifo} is a named pipe (FIFO), not a regular file; to stream audio, pipe raw PCM16 into "transcribe -"`,
    ]);
  }, 20_000);

  it('a FIFO given as --script is refused too', async () => {
    const fifo = out('pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const { code, stderr } = await runCli([
      'transcribe',
      SAMPLE_WAV,
      '--script',
      fifo,
    ]);
    expect(code).toBe(2);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(
      /^demo: script .*pipe\.txt is a named pipe \(FIFO\)/,
    );
  }, 20_000);

  it('a file over 2 GiB is refused from its size alone', async () => {
    const big = out('huge.wav');
    writeFileSync(big, rawWav());
    truncateSync(big, 2 * 1024 ** 3 + 1); // sparse: no disk space used
    const { code, stderr } = await runCli(['transcribe', big]);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      `demo: ${big} is 2.0 GiB; the demo reads files of at most 2.0 GiB`,
    ]);
  }, 20_000);

  it('a header claiming 100 MB over 48 KB: one warning line, then the 1 s that is there', async () => {
    const path = write(
      'lying.wav',
      rawWav({
        declaredDataBytes: 100_000_000,
        data: new Uint8Array(Buffer.from(makeTonePcm(1))),
      }),
    );
    const { code, stderr } = await runCli([
      'transcribe',
      path,
      '--speed',
      'max',
      '--json',
      out('lying.json'),
    ]);
    expect(code, stderr).toBe(0);
    const warnings = lines(stderr).filter((line) => line.includes('warning'));
    expect(warnings).toEqual([
      'demo: warning: lying.wav: the header promises 100000000 bytes of audio but the file holds 48000; using the 48000 bytes that are there',
    ]);
    const json = JSON.parse(
      readFileSync(out('lying.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json.audioMs).toBeGreaterThanOrEqual(1000);
  });

  it('a data chunk cut mid-sample: one warning line, the partial sample dropped', async () => {
    const pcm = makeTonePcm(1);
    const path = write(
      'odd.wav',
      rawWav({ data: Buffer.concat([pcm, Buffer.from([1])]) }),
    );
    const { code, stderr } = await runCli([
      'transcribe',
      path,
      '--speed',
      'max',
    ]);
    expect(code, stderr).toBe(0);
    expect(lines(stderr).filter((line) => line.includes('warning'))).toEqual([
      'demo: warning: odd.wav: the data chunk (48001 bytes) ends in the middle of a sample; the partial sample is dropped',
    ]);
  });

  it('a file name with a newline and an ANSI escape never reaches the terminal raw', async () => {
    const name = 'evil\n\u001b[31mred\u001b]0;title\u0007.wav';
    const path = write(name, makeWav([sine(440, 0.5, 24_000)], 24_000, '16'));
    const ok = await runCli(['transcribe', path, '--speed', 'max']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toContain('\u001b');
    expect(ok.stderr).not.toContain('\u0007');
    expect(lines(ok.stderr)[0]).toBe(
      'OFFLINE: transcribing evil\\n\\x1b[31mred\\x1b]0;title\\x07.wav against the local simulator of the transcription endpoint.',
    );
    // And in an error line.
    const bad = await runCli(['transcribe', `${path}.missing`]);
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).not.toContain('\u001b');
    expect(bad.stderr).toContain('evil\\n\\x1b[31mred');
  });
});

describe('signals end the CLI within a second at any stage', () => {
  it('SIGTERM mid-session drains, writes the outputs and exits 143', async () => {
    const run = startCli(
      [
        'transcribe',
        SAMPLE_WAV,
        '--script',
        SAMPLE_TEXT,
        '--json',
        out('term.json'),
      ],
      { env: { DEMO_SIMULATOR_OPTIONS: '{"completionDelayMs":100}' } },
    );
    await vi.waitFor(() => expect(lines(run.stdout)).toHaveLength(1), {
      timeout: 30_000,
      interval: 50,
    });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    const json = JSON.parse(
      readFileSync(out('term.json'), 'utf8'),
    ) as TranscriptJson;
    expect(json.interrupted).toBe(true);
    expect(json.turns.map((turn) => turn.text)).toEqual(
      reference.slice(0, json.turns.length),
    );
  }, 45_000);

  it('SIGTERM while stdin sends nothing ends the run', async () => {
    // stdin stays open and silent: the session is open, the frame loop waits for data.
    const run = startCli(['transcribe', '-'], { keepStdinOpen: true });
    await vi.waitFor(() => expect(run.stderr).toContain('OFFLINE'), {
      timeout: 30_000,
      interval: 50,
    });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
  }, 45_000);
});

describe('--speed max', () => {
  it('paces to what the transport takes: no replay-buffer warning, every turn transcribed', async () => {
    // Eight copies of the sample back to back: over 2 minutes of audio, far more than the replay buffer.
    const long = Buffer.concat(
      Array.from({ length: 8 }, () =>
        Buffer.from(
          sampleSamples.buffer,
          sampleSamples.byteOffset,
          sampleSamples.byteLength,
        ),
      ),
    );
    const { code, stdout, stderr } = await runCli(
      ['transcribe', '-', '--speed', 'max'],
      {
        stdin: long,
        env: { DEMO_SIMULATOR_OPTIONS: '{"completionDelayMs":1500}' },
      },
    );
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/warning/i);
    expect(lines(stdout)).toHaveLength(32);
  }, 120_000);
});

/** 1 s of a 440 Hz tone as PCM16 24 kHz mono bytes. */
function makeTonePcm(seconds: number): Buffer {
  const samples = Int16Array.from(sine(440, seconds, 24_000, 0.3), (v) =>
    Math.round(v * 32767),
  );
  return Buffer.from(samples.buffer);
}

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
