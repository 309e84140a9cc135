/**
 * `readServerFrame`, the one step from what a socket delivers to what the transport trusts: decoding,
 * parsing, redaction on the parsed strings, validation. Never throws.
 */
import { describe, expect, it } from 'vitest';
import { TOO_DEEP } from '../../src/errors.js';
import { MAX_FRAME_CHARS } from '../../src/wire/frame-text.js';
import { readServerFrame } from '../../src/wire/server-events.js';

const KEY = 'sk-proj-frameTestKey0123456789';
const escape = (text: string) =>
  [...text]
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');

describe('readServerFrame refuses what is not an event, with one problem and nothing to forward', () => {
  it.each<[string, unknown, string]>([
    ['bad JSON', '{"type":', 'a frame that is not JSON'],
    ['an empty frame', '', 'a frame that is not JSON'],
    ['a JSON string', '"error"', 'JSON that is a string of 5 characters'],
    ['JSON null', 'null', 'JSON that is null'],
    ['a JSON array', '[]', 'JSON that is an array'],
    ['a numeric type', '{"type":1}', 'an event whose type is the number 1'],
    ['a Blob-like object', { size: 3 }, 'a binary frame that cannot be read'],
    ['undefined', undefined, 'a binary frame that cannot be read (missing)'],
    [
      'a frame too long',
      `{"type":"x","a":"${'a'.repeat(MAX_FRAME_CHARS)}"}`,
      `a frame of ${MAX_FRAME_CHARS + 19} characters, over the ${MAX_FRAME_CHARS}`,
    ],
    [
      'a binary frame too long',
      new Uint8Array(MAX_FRAME_CHARS + 1),
      `a frame of ${MAX_FRAME_CHARS + 1} bytes`,
    ],
  ])('%s', (_t, data, why) => {
    const frame = readServerFrame(data, KEY);
    expect(frame.raw).toBeUndefined();
    expect(frame.event).toBeUndefined();
    expect(frame.problems).toEqual([
      {
        type: undefined,
        field: 'server frame',
        message: expect.stringContaining(
          `Ignored a frame from the server: ${why}`,
        ),
      },
    ]);
  });
});

describe('readServerFrame reads events', () => {
  const committed = {
    type: 'input_audio_buffer.committed',
    item_id: 'a',
    previous_item_id: null,
  };

  it('reads text, a Buffer, an ArrayBuffer and a typed-array view alike', () => {
    const text = JSON.stringify(committed);
    const bytes = new TextEncoder().encode(`xx${text}`);
    for (const data of [
      text,
      Buffer.from(text),
      new TextEncoder().encode(text).buffer,
      bytes.subarray(2),
    ]) {
      const frame = readServerFrame(data, KEY);
      expect(frame.raw).toEqual(committed);
      expect(frame.event).toEqual({
        kind: 'committed',
        itemId: 'a',
        previousItemId: null,
      });
      expect(frame.problems).toEqual([]);
    }
  });

  it('does not forward a known event it dropped, and forwards an unknown one', () => {
    expect(
      readServerFrame('{"type":"input_audio_buffer.committed","item_id":1}')
        .raw,
    ).toBeUndefined();
    expect(readServerFrame('{"type":"vendor.x","item_id":1}').raw).toEqual({
      type: 'vendor.x',
      item_id: 1,
    });
  });
});

describe('readServerFrame redacts keys on the parsed strings', () => {
  it.each([
    ['plain', KEY],
    ['JSON-escaped', escape(KEY)],
    ['partly escaped', `\\u0073k-${KEY.slice(3)}`],
  ])('%s, in values and in object keys', (_t, spelled) => {
    const frame = readServerFrame(
      `{"type":"error","error":{"message":"bad key ${spelled}","param":"${spelled}"},"${spelled}":["${spelled}"]}`,
      KEY,
    );
    expect(JSON.stringify(frame)).not.toContain(KEY);
    expect(frame.raw).toEqual({
      type: 'error',
      error: { message: 'bad key [redacted]', param: '[redacted]' },
      '[redacted]': ['[redacted]'],
    });
    expect(frame.event).toEqual({
      kind: 'error',
      error: { message: 'bad key [redacted]', param: '[redacted]' },
    });
  });

  it('redacts the caller’s key of any shape, escaped', () => {
    const key = 'azureKey0123456789abcdef';
    const frame = readServerFrame(
      `{"type":"conversation.item.input_audio_transcription.failed","item_id":"i","error":{"message":"${escape(key)} refused"}}`,
      key,
    );
    expect(frame.event).toEqual({
      kind: 'failed',
      itemId: 'i',
      error: { message: '[redacted] refused' },
    });
  });

  it('redacts a caller’s key that JSON can spell with a short escape (a slash as \\/)', () => {
    const key = 'custom/key+0123456789';
    const frame = readServerFrame(
      `{"type":"vendor.echo","auth":"${key.replace('/', '\\/')}"}`,
      key,
    );
    expect(frame.raw).toEqual({ type: 'vendor.echo', auth: '[redacted]' });
  });

  it('redacts a transcript that carries a key, so history cannot', () => {
    const frame = readServerFrame(
      `{"type":"conversation.item.input_audio_transcription.completed","item_id":"i","transcript":"my key is ${escape('ek_abcdef123456')}"}`,
    );
    expect(frame.event).toMatchObject({ transcript: 'my key is [redacted]' });
  });

  it('replaces a subtree nested too deep to check, and still reads the event', () => {
    const depth = 5000;
    const frame = readServerFrame(
      `{"type":"vendor.deep","note":"\\n","v":${'['.repeat(depth)}"${KEY}"${']'.repeat(depth)}}`,
      KEY,
    );
    expect(JSON.stringify(frame.raw)).not.toContain(KEY);
    expect(JSON.stringify(frame.raw)).toContain(TOO_DEEP);
    expect(frame.raw?.type).toBe('vendor.deep');
  });

  it('leaves a frame without escapes or keys as parsed (no copy)', () => {
    const frame = readServerFrame(
      '{"type":"conversation.item.input_audio_transcription.delta","item_id":"i","delta":"Hi"}',
      KEY,
    );
    expect(frame.event).toEqual({
      kind: 'delta',
      itemId: 'i',
      delta: 'Hi',
      logprobs: undefined,
    });
  });
});
