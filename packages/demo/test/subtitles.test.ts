import Parser from 'srt-parser-2';
import webvtt from 'webvtt-parser';
import { describe, expect, it } from 'vitest';
import {
  cuesFromTurns,
  formatTimestamp,
  toJson,
  toSrt,
  toVtt,
  type Cue,
} from '../src/subtitles.js';
import type { Turn } from '../src/turns.js';

const { WebVTTParser } = webvtt;

const turn = (partial: Partial<Turn>): Turn => ({
  itemId: 'item',
  text: '',
  status: 'completed',
  ...partial,
});

describe('formatTimestamp', () => {
  it.each([
    [0, ',', '00:00:00,000'],
    [1234, ',', '00:00:01,234'],
    [61_005.4, '.', '00:01:01.005'],
    [3_600_000 + 59 * 60_000 + 59_999, '.', '01:59:59.999'],
    [-5, ',', '00:00:00,000'],
  ] as const)('formats %s ms with "%s" as %s', (ms, separator, expected) => {
    expect(formatTimestamp(ms, separator)).toBe(expected);
  });
});

describe('cuesFromTurns', () => {
  it('keeps completed non-empty turns and fixes timings players would reject', () => {
    const cues = cuesFromTurns(
      [
        turn({ text: 'One', startMs: 100, endMs: 1500 }),
        turn({ text: '  ', startMs: 1600, endMs: 1700 }),
        turn({ text: 'Lost', status: 'failed', startMs: 1800, endMs: 1900 }),
        turn({ text: 'Two', startMs: 1400, endMs: 1400 }), // overlaps One's end, zero length
        turn({ text: 'Three', startMs: 3000 }), // no end: runs to the end of the audio
      ],
      5000,
    );
    expect(cues).toEqual([
      { startMs: 100, endMs: 1400, text: 'One' },
      { startMs: 1400, endMs: 1401, text: 'Two' },
      { startMs: 3000, endMs: 5000, text: 'Three' },
    ]);
  });
});

const cues: Cue[] = [
  { startMs: 300, endMs: 2900, text: 'The quick brown fox.' },
  {
    startMs: 3900,
    endMs: 6400,
    text: 'A <b>tag</b> & an arrow --> here\n\nand a blank line.',
  },
  { startMs: 3_723_004, endMs: 3_725_000, text: 'Past the hour.' },
];

describe('toSrt', () => {
  it('writes cues an independent SRT parser reads back exactly', () => {
    const parsed = new Parser().fromSrt(toSrt(cues));
    expect(
      parsed.map((cue) => [cue.id, cue.startSeconds, cue.endSeconds, cue.text]),
    ).toEqual([
      ['1', 0.3, 2.9, 'The quick brown fox.'],
      ['2', 3.9, 6.4, 'A <b>tag</b> & an arrow -> here\nand a blank line.'],
      ['3', 3723.004, 3725, 'Past the hour.'],
    ]);
  });

  it('writes nothing for no cues', () => {
    expect(toSrt([])).toBe('');
  });
});

describe('toVtt', () => {
  it('writes a file the WebVTT validator accepts without errors, with escaped text', () => {
    const tree = new WebVTTParser().parse(toVtt(cues), 'metadata');
    expect(tree.errors).toEqual([]);
    expect(
      tree.cues.map(
        (cue: { startTime: number; endTime: number; text: string }) => [
          cue.startTime,
          cue.endTime,
          cue.text,
        ],
      ),
    ).toEqual([
      [0.3, 2.9, 'The quick brown fox.'],
      [
        3.9,
        6.4,
        'A &lt;b&gt;tag&lt;/b&gt; &amp; an arrow -&gt; here\nand a blank line.',
      ],
      [3723.004, 3725, 'Past the hour.'],
    ]);
  });

  it('writes a valid empty file for no cues', () => {
    const tree = new WebVTTParser().parse(toVtt([]), 'metadata');
    expect(tree.errors).toEqual([]);
    expect(tree.cues).toEqual([]);
  });

  it('is caught by the validator when timings are wrong (the check can fail)', () => {
    const tree = new WebVTTParser().parse(
      toVtt([{ startMs: 2000, endMs: 1000, text: 'backwards' }]),
      'metadata',
    );
    expect(tree.errors.length).toBeGreaterThan(0);
  });
});

describe('toJson', () => {
  it('records every turn with index, item id, status, rounded timings and errors', () => {
    const json = JSON.parse(
      toJson(
        {
          source: 's.wav',
          mode: 'offline',
          model: 'm',
          vad: 'server',
          audioMs: 5000,
          interrupted: false,
        },
        [
          turn({ itemId: 'a', text: 'Hi', startMs: 100.4, endMs: 900.6 }),
          turn({ itemId: 'b', status: 'failed', error: 'boom' }),
        ],
      ),
    );
    expect(json.turns).toEqual([
      {
        index: 0,
        itemId: 'a',
        text: 'Hi',
        status: 'completed',
        startMs: 100,
        endMs: 901,
      },
      {
        index: 1,
        itemId: 'b',
        text: '',
        status: 'failed',
        startMs: null,
        endMs: null,
        error: 'boom',
      },
    ]);
    expect(json).toMatchObject({
      source: 's.wav',
      mode: 'offline',
      audioMs: 5000,
      interrupted: false,
    });
  });
});
