import { describe, expect, it } from 'vitest';
import { memoryReader } from '../src/audio/wav.js';
import { readWavLayout, WavFormatError } from '../src/audio/wav-header.js';
import { rawWav, type RawWavFields } from './support/audio.js';

const layoutOf = (bytes: Uint8Array) =>
  readWavLayout(memoryReader(bytes), bytes.length);
const refusal = async (fields: RawWavFields) => {
  const error = await layoutOf(rawWav(fields)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WavFormatError);
  return (error as Error).message;
};

describe('readWavLayout accepts', () => {
  it.each([
    [8, 1],
    [16, 1],
    [24, 1],
    [32, 1],
    [32, 3],
    [64, 3],
  ])('%i-bit audioFormat %i', async (bits, audioFormat) => {
    const layout = await layoutOf(
      rawWav({
        bitsPerSample: bits,
        audioFormat,
        data: new Uint8Array(bits * 60),
      }),
    );
    expect(layout).toMatchObject({
      bitsPerSample: bits,
      encoding: audioFormat === 1 ? 'pcm' : 'float',
    });
    expect(layout.warning).toBeUndefined();
  });

  it.each([
    [1, 'pcm'],
    [3, 'float'],
  ])(
    'WAVE_FORMAT_EXTENSIBLE with SubFormat %i',
    async (subFormat, encoding) => {
      const layout = await layoutOf(
        rawWav({
          extensibleSubFormat: subFormat,
          bitsPerSample: 32,
          channels: 8,
          sampleRate: 48_000,
          data: new Uint8Array(3200),
        }),
      );
      expect(layout).toMatchObject({
        encoding,
        channels: 8,
        sampleRate: 48_000,
      });
    },
  );

  it('the edges of the ranges: 8 000 and 384 000 Hz, 8 channels', async () => {
    for (const sampleRate of [8_000, 384_000])
      expect((await layoutOf(rawWav({ sampleRate }))).sampleRate).toBe(
        sampleRate,
      );
    expect(
      (await layoutOf(rawWav({ channels: 8, data: new Uint8Array(160) })))
        .channels,
    ).toBe(8);
  });
});

describe('readWavLayout refuses, naming the field and value', () => {
  it.each<[string, RawWavFields, RegExp]>([
    [
      'a 1 Hz sample rate',
      { sampleRate: 1 },
      /^sampleRate is 1 Hz; 8000–384000 Hz are supported$/,
    ],
    ['a 7 999 Hz sample rate', { sampleRate: 7_999 }, /^sampleRate is 7999 Hz/],
    [
      'a 384 001 Hz sample rate',
      { sampleRate: 384_001 },
      /^sampleRate is 384001 Hz/,
    ],
    [
      'zero channels',
      { channels: 0, blockAlign: 2 },
      /^numChannels is 0; 1 to 8 are supported$/,
    ],
    ['nine channels', { channels: 9 }, /^numChannels is 9;/],
    [
      '12-bit samples',
      { bitsPerSample: 12, blockAlign: 2 },
      /^bitsPerSample is 12; PCM WAV must be 8, 16, 24, 32-bit$/,
    ],
    [
      '16-bit float',
      { audioFormat: 3, bitsPerSample: 16 },
      /^bitsPerSample is 16; float WAV must be 32, 64-bit$/,
    ],
    [
      'audioFormat 0xFFFF',
      { audioFormat: 0xffff },
      /^audioFormat is 0xFFFF; only PCM \(1\), IEEE float \(3\)/,
    ],
    [
      'A-law',
      { audioFormat: 6, bitsPerSample: 8 },
      /^audioFormat is 0x0006 \(A-law\)/,
    ],
    [
      'an extensible SubFormat that is not PCM or float',
      { extensibleSubFormat: 2 },
      /^the WAVE_FORMAT_EXTENSIBLE SubFormat is 0x0002/,
    ],
    [
      'a blockAlign that does not fit',
      { blockAlign: 3 },
      /^blockAlign is 3, but 1 channel\(s\) of 16-bit samples need 2$/,
    ],
    [
      'a byteRate that does not fit',
      { byteRate: 1 },
      /^byteRate is 1, but sampleRate × blockAlign is 48000$/,
    ],
    [
      'an empty data chunk',
      { data: new Uint8Array(0) },
      /^the data chunk is empty/,
    ],
    [
      'a data chunk without one whole sample',
      { data: new Uint8Array(1), declaredDataBytes: 1 },
      /no whole sample/,
    ],
  ])('%s', async (_name, fields, message) => {
    expect(await refusal(fields)).toMatch(message);
  });

  it('more audio than the maximum duration', async () => {
    // 5 h of 8 kHz 8-bit mono is 144 MB: the header and the file size decide, before any audio is read.
    const bytes = rawWav({
      sampleRate: 8_000,
      bitsPerSample: 8,
      declaredDataBytes: 8_000 * 3600 * 5,
    });
    const error = await readWavLayout(
      memoryReader(bytes),
      44 + 8_000 * 3600 * 5,
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'it holds 5.0 h of audio; the demo takes at most 4 h per file',
    );
  });

  it('a file with no data chunk', async () => {
    const bytes = rawWav().subarray(0, 36);
    expect(
      ((await layoutOf(bytes).catch((e: Error) => e)) as Error).message,
    ).toBe('the file ends before its data chunk: it holds no audio');
  });

  it('a chunk whose size runs past the end of the file', async () => {
    const bytes = Buffer.concat([
      Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEjunk'),
      Buffer.from([0xff, 0xff, 0xff, 0x7f]),
      Buffer.alloc(64),
    ]);
    expect(
      ((await layoutOf(bytes).catch((e: Error) => e)) as Error).message,
    ).toMatch(
      /^the "junk" chunk claims 2147483647 bytes, more than the file holds/,
    );
  });
});

describe('readWavLayout warns and uses what is there', () => {
  it('when the header promises more audio than the file holds', async () => {
    const layout = await layoutOf(
      rawWav({ declaredDataBytes: 100_000_000, data: new Uint8Array(48_000) }),
    );
    expect(layout.dataBytes).toBe(48_000);
    expect(layout.durationSeconds).toBe(1);
    expect(layout.warning).toBe(
      'the header promises 100000000 bytes of audio but the file holds 48000; using the 48000 bytes that are there',
    );
  });

  it('when the data chunk ends in the middle of a sample', async () => {
    const layout = await layoutOf(
      rawWav({
        channels: 2,
        data: new Uint8Array(4801),
        declaredDataBytes: 4801,
      }),
    );
    expect(layout.dataBytes).toBe(4800);
    expect(layout.warning).toMatch(/ends in the middle of a sample/);
  });
});
