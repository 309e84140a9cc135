import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appendFrame,
  bytesPerMs,
  codecOf,
  encodeBase64InBrowser,
  MAX_APPEND_BYTES,
  toAudioBytes,
} from '../../src/audio/audio.js';
import { AudioTooLargeError, InvalidAudioError } from '../../src/errors.js';
import { nodePlatform } from '../../src/platform/node.js';

describe('toAudioBytes', () => {
  it.each<[string, unknown, number]>([
    ['an ArrayBuffer', new ArrayBuffer(4800), 4800],
    ['an Int16Array', new Int16Array(2400), 4800],
    ['a Uint8Array', new Uint8Array(10), 10],
    ['a Node Buffer', Buffer.alloc(8), 8],
    ['an empty ArrayBuffer', new ArrayBuffer(0), 0],
    ['an empty Int16Array', new Int16Array(0), 0],
    ['exactly 15 MiB', new ArrayBuffer(MAX_APPEND_BYTES), MAX_APPEND_BYTES],
  ])('takes %s of PCM16', (_name, audio, bytes) => {
    expect(toAudioBytes(audio, 'pcm16').byteLength).toBe(bytes);
  });

  it('returns a view of the same memory, offset included, without copying', () => {
    const buffer = new ArrayBuffer(16);
    const view = new Int16Array(buffer, 4, 4);
    const bytes = toAudioBytes(view, 'pcm16');
    expect(bytes.buffer).toBe(buffer);
    expect([bytes.byteOffset, bytes.byteLength]).toEqual([4, 8]);
  });

  it('takes an odd number of G.711 bytes', () => {
    expect(toAudioBytes(new Uint8Array(3), 'g711').byteLength).toBe(3);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'an odd number of PCM16 bytes',
      new ArrayBuffer(3),
      /3 bytes, which is not a whole number of PCM16 samples/,
    ],
    ['an odd Uint8Array', new Uint8Array(4801), /4801 bytes/],
    [
      'a Float32Array',
      new Float32Array(4),
      /got a Float32Array\. Convert Float32 samples in \[-1, 1\] to Int16 first/,
    ],
    ['a Float64Array', new Float64Array(4), /Float64Array/],
    ['a DataView', new DataView(new ArrayBuffer(4)), /DataView.*Uint8Array/],
    ['a string', 'AAAA', /got string/],
    ['a number', 42, /got number/],
    ['null', null, /got null/],
    ['undefined', undefined, /got undefined/],
    ['a plain array', [0, 1], /got Array/],
  ])(
    'refuses %s with a TypeError naming the problem',
    (_name, audio, message) => {
      let thrown: unknown;
      try {
        toAudioBytes(audio, 'pcm16');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect(thrown).toBeInstanceOf(InvalidAudioError);
      expect((thrown as InvalidAudioError).code).toBe('INVALID_AUDIO');
      expect((thrown as Error).message).toMatch(message);
    },
  );

  it.each(['pcm16', 'g711'] as const)(
    'refuses more than 15 MiB in one %s append with a RangeError',
    (codec) => {
      let thrown: unknown;
      try {
        toAudioBytes(new ArrayBuffer(MAX_APPEND_BYTES + 2), codec);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RangeError);
      expect(thrown).toBeInstanceOf(AudioTooLargeError);
      expect((thrown as Error).message).toMatch(
        /15728642 bytes.*at most 15728640 bytes \(15 MiB\)/,
      );
    },
  );
});

describe('codecs', () => {
  it.each([
    ['audio/pcm', 'pcm16', 48],
    ['audio/pcmu', 'g711', 8],
    ['audio/pcma', 'g711', 8],
    [undefined, 'pcm16', 48],
    ['something/else', 'pcm16', 48],
  ] as const)('%s is %s at %i bytes per ms', (type, codec, perMs) => {
    expect(codecOf(type)).toBe(codec);
    expect(bytesPerMs(codecOf(type))).toBe(perMs);
  });
});

describe('base64', () => {
  const lengths = [
    0,
    1,
    2,
    3,
    4,
    5,
    4799,
    4800,
    32767,
    32768,
    32769,
    32770,
    65536 * 3 + 1,
    1_000_001,
  ];

  it.each(lengths)(
    'the browser and Node encoders agree on %i random bytes',
    (length) => {
      const bytes = new Uint8Array(randomBytes(length));
      const node = nodePlatform.encodeBase64(bytes);
      expect(encodeBase64InBrowser(bytes)).toBe(node);
      expect(Buffer.from(node, 'base64').equals(Buffer.from(bytes))).toBe(true);
    },
  );

  it('encodes only the viewed part of a larger buffer', () => {
    const whole = new Uint8Array(randomBytes(100));
    const part = whole.subarray(7, 7 + 50);
    const expected = Buffer.from(whole.slice(7, 57)).toString('base64');
    expect(nodePlatform.encodeBase64(part)).toBe(expected);
    expect(encodeBase64InBrowser(part)).toBe(expected);
  });

  it('uses the native Uint8Array.prototype.toBase64 when the engine has it', () => {
    const bytes = new Uint8Array([1, 2, 3]) as Uint8Array & {
      toBase64?: () => string;
    };
    bytes.toBase64 = function (this: Uint8Array) {
      return `native:${this.length}`;
    };
    expect(encodeBase64InBrowser(bytes)).toBe('native:3');
  });
});

describe('appendFrame', () => {
  it.each(['', 'AAEC', Buffer.from(randomBytes(4800)).toString('base64')])(
    'is the same text as JSON.stringify of the append event',
    (audio) => {
      expect(appendFrame(audio)).toBe(
        JSON.stringify({ type: 'input_audio_buffer.append', audio }),
      );
    },
  );
});
