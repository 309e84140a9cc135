import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createClientTurnDetector,
  decodeG711,
  MIN_TURN_MS,
  type ClientTurnDetectorOptions,
  type CommitDecision,
  type TurnDecision,
  type TurnDetector,
} from '../../src/audio/turn-detector.js';
import {
  render,
  toMuLawBytes,
  toPcm16Bytes,
  type Segment,
} from '../helpers/signals.js';

/** Pushes `bytes` in chunks of the given sizes (cycled), then flushes; returns every decision. */
function run(
  detector: TurnDetector,
  bytes: Uint8Array,
  chunkSizes: number[] = [960],
): TurnDecision[] {
  const out: TurnDecision[] = [];
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const size = chunkSizes[k % chunkSizes.length]!;
    out.push(...detector.push(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(...detector.flush());
  return out;
}

const commits = (decisions: TurnDecision[]) =>
  decisions.filter((d): d is CommitDecision => d.type === 'commit');

const speech = (ms: number, dbfs = -20): Segment => ({
  kind: 'tone',
  ms,
  dbfs,
});
const silence = (ms: number): Segment => ({ kind: 'silence', ms });
const noise = (ms: number, dbfs: number, seed = 1): Segment => ({
  kind: 'noise',
  ms,
  dbfs,
  seed,
});

const pcm = (segments: Segment[]) => toPcm16Bytes(render(segments));
/** A quiet room: white noise at -60 dBFS under everything. */
const QUIET = -60;
function withFloor(segments: Segment[]): Uint8Array {
  const samples = render(segments);
  const floor = render([noise((samples.length / 24_000) * 1000, QUIET, 7)]);
  for (let i = 0; i < samples.length; i++) samples[i]! += floor[i] ?? 0;
  return toPcm16Bytes(samples);
}

/** Start/end of speech in a segment list, ms. */
function spans(segments: Segment[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const s of segments) {
    if (s.kind === 'tone') out.push([at, at + s.ms]);
    at += s.ms;
  }
  return out;
}

describe('createClientTurnDetector: turn boundaries', () => {
  const base: ClientTurnDetectorOptions = {
    silenceDurationMs: 300,
    prefixPaddingMs: 0,
    minSpeechMs: 60,
  };
  const cases: Array<{
    title: string;
    segments: Segment[];
    options?: ClientTurnDetectorOptions;
    turns: Array<[number, number]>;
  }> = [
    {
      title: 'silence only makes no turn',
      segments: [silence(3000)],
      turns: [],
    },
    {
      title: 'steady room noise only makes no turn',
      segments: [noise(5000, -40)],
      turns: [],
    },
    {
      title: 'one tone burst makes one turn, boundaries within a frame',
      segments: [silence(800), speech(1200), silence(800)],
      turns: [[800, 2000]],
    },
    {
      title: 'two bursts apart by more than silenceDurationMs make two turns',
      segments: [
        silence(500),
        speech(700),
        silence(600),
        speech(900),
        silence(700),
      ],
      turns: [
        [500, 1200],
        [1800, 2700],
      ],
    },
    {
      title: 'a pause shorter than silenceDurationMs does not split the turn',
      segments: [
        silence(500),
        speech(700),
        silence(250),
        speech(500),
        silence(600),
      ],
      turns: [[500, 1950]],
    },
    {
      title: 'a click shorter than minSpeechMs is ignored',
      segments: [silence(500), speech(40, -6), silence(1500)],
      turns: [],
    },
    {
      title: 'a sound of minSpeechMs or more makes a turn',
      segments: [silence(500), speech(80), silence(800)],
      turns: [[500, 580]],
    },
    {
      title:
        'a short sound is committed no earlier than 100 ms after its start',
      segments: [silence(500), speech(30), silence(800)],
      options: { minSpeechMs: 0, silenceDurationMs: 20 },
      turns: [[500, 530]],
    },
    {
      title:
        'speech quieter than minLevelDb is not speech, even in digital silence',
      segments: [silence(500), speech(800, -70), silence(800)],
      turns: [],
    },
    {
      // The first frame seeds the noise floor, so speech from frame 0 is measured against itself; the
      // pause after it shows it was speech, and it is a turn of its own rather than part of the next one.
      title:
        'speech from the very first frame is its own turn once a pause shows it',
      segments: [speech(1000), silence(600), speech(800), silence(700)],
      turns: [
        [0, 1000],
        [1600, 2400],
      ],
    },
    {
      title:
        'noise from the very first frame that goes on is no turn, and speech over it still is',
      segments: [noise(3000, -45, 2), speech(800, -20), noise(1000, -45, 3)],
      turns: [[3000, 3800]],
    },
  ];
  for (const { title, segments, options, turns } of cases) {
    it(title, () => {
      const decisions = run(
        createClientTurnDetector({ ...base, ...options }),
        withFloor(segments),
      );
      const found = commits(decisions);
      expect(found.map((c) => [c.audioStartMs, c.audioEndMs])).toHaveLength(
        turns.length,
      );
      for (const [i, [start, end]] of turns.entries()) {
        expect(Math.abs(found[i]!.audioStartMs - start)).toBeLessThanOrEqual(
          10,
        );
        expect(Math.abs(found[i]!.audioEndMs - end)).toBeLessThanOrEqual(10);
        expect(found[i]!.reason).toBe('silence');
        expect(found[i]!.atMs - found[i]!.audioStartMs).toBeGreaterThanOrEqual(
          MIN_TURN_MS,
        );
      }
      expect(spans(segments).length).toBeGreaterThanOrEqual(turns.length);
    });
  }

  it('emits speech_started, speech_stopped and commit in order, with the commit after silenceDurationMs', () => {
    const decisions = run(
      createClientTurnDetector(base),
      withFloor([silence(500), speech(600), silence(900)]),
    );
    expect(decisions.map((d) => d.type)).toEqual([
      'speech_started',
      'speech_stopped',
      'commit',
    ]);
    const [started, stopped, commit] = decisions as [
      TurnDecision,
      TurnDecision,
      CommitDecision,
    ];
    expect(started).toMatchObject({ audioStartMs: 500, atMs: 560 });
    expect(stopped).toMatchObject({ audioEndMs: 1100, atMs: 1400 });
    expect(commit).toMatchObject({
      audioStartMs: 500,
      audioEndMs: 1100,
      atMs: 1400,
    });
  });

  it('pads the start by prefixPaddingMs, never before the previous commit', () => {
    const decisions = run(
      createClientTurnDetector({ ...base, prefixPaddingMs: 300 }),
      withFloor([
        silence(200),
        speech(500),
        silence(350),
        speech(500),
        silence(600),
      ]),
    );
    const found = commits(decisions);
    expect(found.map((c) => c.audioStartMs)).toEqual([0, found[0]!.atMs]);
    expect(found[0]!.atMs).toBe(1000);
  });

  it('force-commits at maxTurnMs and goes on with a new turn while the speaker talks', () => {
    const decisions = run(
      createClientTurnDetector({ ...base, maxTurnMs: 2000 }),
      withFloor([silence(500), speech(4500), silence(700)]),
    );
    const found = commits(decisions);
    expect(found.map((c) => [c.audioStartMs, c.atMs, c.reason])).toEqual([
      [500, 2500, 'max_turn'],
      [2500, 4500, 'max_turn'],
      [4500, 5300, 'silence'],
    ]);
    expect(found[2]!.audioEndMs).toBe(5000);
    expect(decisions.filter((d) => d.type === 'speech_started')).toHaveLength(
      3,
    );
  });

  it('ends a turn that reaches maxTurnMs during its hangover where the speech ended, with no empty turn after it', () => {
    const decisions = run(
      createClientTurnDetector({
        ...base,
        silenceDurationMs: 800,
        maxTurnMs: 1000,
      }),
      withFloor([silence(500), speech(800), silence(1500)]),
    );
    const found = commits(decisions);
    expect(
      found.map((c) => [c.audioStartMs, c.audioEndMs, c.atMs, c.reason]),
    ).toEqual([[500, 1300, 1500, 'max_turn']]);
  });

  it('a lone voiced frame in the hangover when maxTurnMs is reached does not start an empty turn', () => {
    const decisions = run(
      createClientTurnDetector({
        ...base,
        silenceDurationMs: 800,
        maxTurnMs: 1000,
      }),
      // The turn starts at 500; its 1 000 ms run out on the frame 1 490–1 500, which holds a 10 ms blip.
      withFloor([
        silence(500),
        speech(800),
        silence(190),
        speech(10),
        silence(1500),
      ]),
    );
    expect(
      commits(decisions).map((c) => [
        c.audioStartMs,
        c.audioEndMs,
        c.atMs,
        c.reason,
      ]),
    ).toEqual([[500, 1300, 1500, 'max_turn']]);
  });

  it('flush() commits a turn in progress and flush() of a turn under 100 ms only stops it', () => {
    const long = createClientTurnDetector(base);
    long.push(withFloor([silence(500), speech(400)]));
    expect(long.flush()).toMatchObject([
      { type: 'speech_stopped', audioEndMs: 900 },
      { type: 'commit', audioStartMs: 500, atMs: 900, reason: 'flush' },
    ]);
    const short = createClientTurnDetector({ ...base, minSpeechMs: 20 });
    short.push(withFloor([silence(500), speech(50)]));
    expect(short.flush()).toMatchObject([{ type: 'speech_stopped' }]);
    expect(short.flush()).toEqual([]);
  });

  it('flush() commits speech that began at the first frame and never paused, but not steady noise', () => {
    // Syllables 12 dB apart: the level moves like speech, though the floor never had a pause to fall in.
    const spoken = [speech(300), speech(200, -32), speech(300)];
    const found = commits(
      run(createClientTurnDetector(base), withFloor(spoken)),
    );
    expect(found.map((c) => [c.audioStartMs, c.reason])).toEqual([
      [0, 'flush'],
    ]);
    expect(found[0]!.atMs).toBe(800);
    const fan = commits(
      run(createClientTurnDetector(base), pcm([noise(800, -30, 9)])),
    );
    expect(fan).toEqual([]);
  });

  it('speech that goes on after reset() (an application commit mid-sentence) is found as its own turn', () => {
    const detector = createClientTurnDetector(base);
    const before = commits(
      run(detector, withFloor([silence(400), speech(600)])),
    );
    expect(before.map((c) => c.reason)).toEqual(['flush']);
    detector.reset(); // the transport does this when the application commits
    const after = commits(
      run(
        detector,
        withFloor([speech(500), silence(600), speech(700), silence(600)]),
      ),
    );
    expect(after.map((c) => [c.audioStartMs, c.audioEndMs])).toEqual([
      [0, 500],
      [1100, 1800],
    ]);
  });

  it('reset() restarts the timeline at 0', () => {
    const detector = createClientTurnDetector(base);
    const bytes = withFloor([silence(400), speech(500), silence(500)]);
    const first = run(detector, bytes);
    detector.reset();
    expect(run(detector, bytes)).toEqual(first);
  });
});

describe('createClientTurnDetector: adaptive noise floor', () => {
  it('follows a steady noise rising by 30 dB over 10 s without a false turn, then still finds speech', () => {
    // White noise whose level ramps from -65 to -35 dBFS (3 dB/s), then a tone 20 dB above it.
    const rate = 24_000;
    const ramp = render([noise(10_000, 0, 3)]);
    for (let i = 0; i < ramp.length; i++) {
      const db = -65 + (30 * i) / ramp.length;
      ramp[i]! *= 10 ** (db / 20);
    }
    const tail = render([noise(3000, -35, 4)]);
    const tone = render([speech(1000, -15)]);
    for (let i = 0; i < tone.length; i++) tail[rate + i]! += tone[i]!;
    const samples = new Float32Array(ramp.length + tail.length);
    samples.set(ramp);
    samples.set(tail, ramp.length);
    const found = commits(
      run(
        createClientTurnDetector({
          silenceDurationMs: 300,
          prefixPaddingMs: 0,
        }),
        toPcm16Bytes(samples),
      ),
    );
    expect(found).toHaveLength(1);
    expect(Math.abs(found[0]!.audioStartMs - 11_000)).toBeLessThanOrEqual(20);
    expect(Math.abs(found[0]!.audioEndMs - 12_000)).toBeLessThanOrEqual(20);
  });

  it('adapts to a lasting 25 dB step in the noise instead of holding a turn open forever', () => {
    const found = commits(
      run(
        createClientTurnDetector({ maxTurnMs: 60_000 }),
        pcm([noise(2000, -60, 5), noise(40_000, -35, 6)]),
      ),
    );
    // The step looks like speech at first; the floor creeps up through it (1 dB/s: 15 dB to close the
    // gap to the 10 dB threshold) and the turn ends on its own, once.
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toBe('silence');
    expect(found[0]!.audioStartMs).toBeLessThanOrEqual(2000);
    expect(found[0]!.audioEndMs).toBeGreaterThan(12_000);
    expect(found[0]!.audioEndMs).toBeLessThan(22_000);
  });
});

describe('createClientTurnDetector: input', () => {
  const bytes = withFloor([
    silence(700),
    speech(900),
    silence(400),
    speech(30, -6),
    silence(600),
    speech(1500, -25),
    silence(800),
  ]);
  const reference = run(
    createClientTurnDetector({ silenceDurationMs: 300 }),
    bytes,
  );

  it('the reference signal has turns to compare', () => {
    expect(commits(reference).length).toBe(2);
  });

  it('makes the same decisions whatever the chunk sizes (odd byte counts included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5000 }), {
          minLength: 1,
          maxLength: 20,
        }),
        (sizes) => {
          const decisions = run(
            createClientTurnDetector({ silenceDurationMs: 300 }),
            bytes,
            sizes,
          );
          expect(decisions).toEqual(reference);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes an ArrayBuffer, a Uint8Array at an odd offset and an Int16Array alike', () => {
    const copy = new Uint8Array(bytes.length + 1);
    copy.set(bytes, 1);
    const buffer = new ArrayBuffer(bytes.length);
    new Uint8Array(buffer).set(bytes);
    const asInt16 = new Int16Array(buffer.slice(0));
    const inputs: Array<ArrayBuffer | Uint8Array | Int16Array> = [
      buffer,
      copy.subarray(1),
      asInt16,
    ];
    for (const input of inputs) {
      const detector = createClientTurnDetector({ silenceDurationMs: 300 });
      expect([...detector.push(input), ...detector.flush()]).toEqual(reference);
    }
  });

  it('finds the same turns in G.711 μ-law at 8 kHz', () => {
    const samples = render(
      [silence(700), speech(900), silence(600), speech(500), silence(800)],
      8000,
    );
    const floor = render([noise(3500, QUIET, 9)], 8000);
    for (let i = 0; i < samples.length; i++) samples[i]! += floor[i] ?? 0;
    const found = commits(
      run(
        createClientTurnDetector({
          format: 'audio/pcmu',
          silenceDurationMs: 300,
          prefixPaddingMs: 0,
        }),
        toMuLawBytes(samples),
        [160, 33],
      ),
    );
    expect(found.map((c) => [c.audioStartMs, c.audioEndMs])).toEqual([
      [700, 1600],
      [2200, 2700],
    ]);
  });

  it('decodes G.711 as the standard tables say', () => {
    expect(decodeG711(0xff, 'audio/pcmu')).toBe(0);
    expect(decodeG711(0x00, 'audio/pcmu') * 32768).toBe(-32124);
    expect(decodeG711(0x80, 'audio/pcmu') * 32768).toBe(32124);
    expect(decodeG711(0xd5, 'audio/pcma') * 32768).toBe(8);
    expect(decodeG711(0x55, 'audio/pcma') * 32768).toBe(-8);
    expect(decodeG711(0xaa, 'audio/pcma') * 32768).toBe(32256);
  });

  it('returns the same empty array for pushes that decide nothing (no allocation per push)', () => {
    const detector = createClientTurnDetector();
    const quiet = new Uint8Array(960);
    expect(detector.push(quiet)).toBe(detector.push(quiet));
  });

  it('refuses audio that is not bytes, naming what it got', () => {
    const detector = createClientTurnDetector();
    expect(() => detector.push('abc' as never)).toThrow(
      /TurnDetector\.push\(\) takes an ArrayBuffer, Uint8Array or Int16Array; got "abc"/,
    );
  });
});

describe('createClientTurnDetector: custom speech rule', () => {
  it('uses isSpeech instead of the energy rule, with the same turn logic', () => {
    const seen: number[] = [];
    const detector = createClientTurnDetector({
      prefixPaddingMs: 0,
      silenceDurationMs: 200,
      isSpeech: (frame, info) => {
        seen.push(frame.length);
        // Everything between 1 s and 2 s is "speech", whatever it sounds like.
        return info.startMs >= 1000 && info.startMs < 2000;
      },
    });
    const found = commits(run(detector, pcm([silence(3000)])));
    expect(found.map((c) => [c.audioStartMs, c.audioEndMs, c.atMs])).toEqual([
      [1000, 2000, 2200],
    ]);
    expect(new Set(seen)).toEqual(new Set([240]));
  });
});

describe('createClientTurnDetector: options', () => {
  const bad: Array<[string, unknown, ErrorConstructor, RegExp]> = [
    ['not an object', 5, TypeError, /takes an options object; got 5/],
    [
      'an unknown option',
      { silenceMs: 3 },
      TypeError,
      /unknown option "silenceMs"/,
    ],
    [
      'another type',
      { type: 'server_vad' },
      TypeError,
      /type must be 'client_vad'; got "server_vad"/,
    ],
    [
      'an unknown format',
      { format: 'audio/opus' },
      TypeError,
      /format must be .*got "audio\/opus"/,
    ],
    [
      'a 15 ms frame',
      { frameMs: 15 },
      RangeError,
      /frameMs must be 10 or 20; got 15/,
    ],
    [
      'a string threshold',
      { thresholdDb: '10' },
      TypeError,
      /thresholdDb must be a number; got "10"/,
    ],
    [
      'a threshold of 0 dB',
      { thresholdDb: 0 },
      RangeError,
      /thresholdDb must be from 3 to 40; got 0/,
    ],
    [
      'NaN silence',
      { silenceDurationMs: NaN },
      RangeError,
      /silenceDurationMs must be from 0 to 10000; got NaN/,
    ],
    [
      'negative padding',
      { prefixPaddingMs: -1 },
      RangeError,
      /prefixPaddingMs must be from 0 to 5000; got -1/,
    ],
    [
      'negative minimum speech',
      { minSpeechMs: -5 },
      RangeError,
      /minSpeechMs must be from 0 to 5000; got -5/,
    ],
    [
      'a maximum turn under 1 s',
      { maxTurnMs: 99 },
      RangeError,
      /maxTurnMs must be from 1000 to 600000; got 99/,
    ],
    [
      'infinite maximum turn',
      { maxTurnMs: Infinity },
      RangeError,
      /maxTurnMs must be from 1000 to 600000; got Infinity/,
    ],
    [
      'a level above 0 dBFS',
      { minLevelDb: 3 },
      RangeError,
      /minLevelDb must be from -100 to -10; got 3/,
    ],
    [
      'isSpeech not a function',
      { isSpeech: true },
      TypeError,
      /isSpeech must be a function/,
    ],
  ];
  for (const [what, options, kind, message] of bad) {
    it(`refuses ${what} before any audio, naming the option and value`, () => {
      expect(() => createClientTurnDetector(options as never)).toThrow(kind);
      expect(() => createClientTurnDetector(options as never)).toThrow(message);
    });
  }

  it('accepts a turnDetection-shaped object and no options at all', () => {
    expect(() =>
      createClientTurnDetector({
        type: 'client_vad',
        frameMs: 20,
        maxTurnMs: 1000,
      }),
    ).not.toThrow();
    expect(() => createClientTurnDetector()).not.toThrow();
  });
});
