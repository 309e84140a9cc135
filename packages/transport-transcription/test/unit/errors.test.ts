import { describe, expect, it } from 'vitest';
import {
  AudioTooLargeError,
  InvalidAudioError,
  MAX_REDACT_DEPTH,
  redactParsed,
  redactSecrets,
  TOO_DEEP,
  TranscriptionTransportError,
} from '../../src/errors.js';
import { serverEventsOfType } from '../helpers/fixtures.js';

describe('TranscriptionTransportError', () => {
  it('carries a stable code, its class name, the cause and the server error', () => {
    const cause = new Error('socket hang up');
    const serverError = {
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: 'no',
    };
    const error = new TranscriptionTransportError('AUTH_FAILED', 'refused', {
      cause,
      serverError,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TranscriptionTransportError');
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toBe('refused');
    expect(error.cause).toBe(cause);
    expect(error.serverError).toBe(serverError);
  });

  it('has no cause property when none was given', () => {
    expect(
      'cause' in new TranscriptionTransportError('SERVER_ERROR', 'x'),
    ).toBe(false);
  });

  it('names a subclass after the subclass', () => {
    class Custom extends TranscriptionTransportError {}
    expect(new Custom('SERVER_ERROR', 'x').name).toBe('Custom');
  });
});

describe('audio errors', () => {
  it.each([
    [InvalidAudioError, TypeError, 'INVALID_AUDIO'],
    [AudioTooLargeError, RangeError, 'AUDIO_TOO_LARGE'],
  ] as const)('%o is a %o with code %s', (Ctor, Base, code) => {
    const error = new Ctor('bad');
    expect(error).toBeInstanceOf(Base);
    expect(error.name).toBe(Ctor.name);
    expect(error.code).toBe(code);
  });
});

describe('redactSecrets', () => {
  it.each<[string, string, string | undefined, string]>([
    [
      'the caller key, every time it appears',
      'key azure0123456789abcdef and again azure0123456789abcdef',
      'azure0123456789abcdef',
      'key [redacted] and again [redacted]',
    ],
    [
      'an OpenAI secret key',
      'Incorrect API key provided: sk-proj-AbC_123-xyz.',
      undefined,
      'Incorrect API key provided: [redacted].',
    ],
    ['an ephemeral key', 'bad ek_68a1b2c3d4e5f6', undefined, 'bad [redacted]'],
    [
      'a key inside a subprotocol',
      'protocol openai-insecure-api-key.ek_abcdef123456 refused',
      undefined,
      'protocol openai-insecure-api-key.[redacted] refused',
    ],
    [
      'nothing in ordinary text',
      'Server error (invalid_value): the sk- prefix',
      undefined,
      'Server error (invalid_value): the sk- prefix',
    ],
    ['nothing for a too-short known key', 'abc appears', 'abc', 'abc appears'],
  ])('removes %s', (_t, text, key, expected) => {
    expect(redactSecrets(text, key)).toBe(expected);
  });
});

describe('redactSecrets on values that are not strings', () => {
  const cyclic: Record<string, unknown> = { message: 'sk-cyclic-0123456789' };
  cyclic.self = cyclic;
  it.each<[string, unknown, string]>([
    ['an empty object', {}, '{}'],
    [
      'an object holding a key',
      { message: 'sk-proj-abcdefgh' },
      '{"message":"[redacted]"}',
    ],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an array', ['ek_abcdefgh12'], '["[redacted]"]'],
    ['a bigint', 10n, '10'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['an object without a prototype', Object.create(null), '{}'],
    ['a cyclic object', cyclic, '[object Object]'],
  ])('turns %s into text without throwing', (_t, value, expected) => {
    expect(redactSecrets(value, 'known-key-1234')).toBe(expected);
  });

  it('ignores a known key that is not a string', () => {
    expect(redactSecrets('text sk-abcdefgh', {} as never)).toBe(
      'text [redacted]',
    );
  });
});

describe('redactParsed', () => {
  it('returns the value itself when nothing holds a key', () => {
    const value = { type: 'x', list: [1, 'two', { three: null }] };
    expect(redactParsed(value, 'known-key-1234')).toBe(value);
  });

  it('copies only the branches that change, keys included, and leaves the input alone', () => {
    const clean = { a: 1 };
    const value = {
      clean,
      message: 'Bearer known-key-1234',
      list: ['ok', 'ek_abcdefgh12'],
      'sk-keyAsAKey123': true,
    };
    const out = redactParsed(value, 'known-key-1234');
    expect(out).toEqual({
      clean,
      message: 'Bearer [redacted]',
      list: ['ok', '[redacted]'],
      '[redacted]': true,
    });
    expect(out.clean).toBe(clean);
    expect(value.message).toBe('Bearer known-key-1234');
  });

  it('keeps __proto__ as an own key (as JSON.parse makes it) rather than setting a prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":"sk-abcdefgh12"}}');
    const out = redactParsed(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({
      polluted: '[redacted]',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts cycles and too-deep nesting instead of overflowing', () => {
    const cyclic: Record<string, unknown> = { secret: 'sk-abcdefgh12' };
    cyclic.self = cyclic;
    let node: unknown = redactParsed(cyclic);
    let depth = 0;
    while (typeof node === 'object' && node !== null) {
      expect((node as Record<string, unknown>).secret).toBe('[redacted]');
      node = (node as Record<string, unknown>).self;
      depth++;
    }
    expect(node).toBe(TOO_DEEP);
    expect(depth).toBe(MAX_REDACT_DEPTH);

    let deep: unknown = 'sk-abcdefgh12';
    for (let i = 0; i < MAX_REDACT_DEPTH + 10; i++) deep = [deep];
    expect(JSON.stringify(redactParsed(deep))).not.toContain('sk-abcdefgh12');
  });
});

/**
 * Servers echo a masked key ("Incorrect API key provided: sk-proj-ab*****yz."): the whole token goes, masks
 * and tail included, and nothing after it. The capture's own shape is fixture 02 line 8, where the source
 * scrubbed the visible 8-character prefix as `<KEY8>`: `<KEY8>***…AAAA`.
 */
describe('masked keys', () => {
  const captured = serverEventsOfType(
    '02-llmgw-ga-error-events.jsonl',
    'error',
  ).find((e) => e.error.code === 'invalid_api_key')!;
  const capturedMessage = captured.error.message as string;
  const SUFFIX =
    '. You can find your API key at https://platform.openai.com/account/api-keys.';

  it('reads the capture this table is built on', () => {
    expect(capturedMessage).toBe(
      `Incorrect API key provided: <KEY8>***…AAAA${SUFFIX}`,
    );
  });

  const cases: Array<[string, string, string]> = [
    [
      'the capture, with a project key prefix',
      capturedMessage.replace('<KEY8>', 'sk-proj-'),
      `Incorrect API key provided: [redacted]${SUFFIX}`,
    ],
    [
      'the capture, with a legacy key prefix',
      capturedMessage.replace('<KEY8>', 'sk-abcde'),
      `Incorrect API key provided: [redacted]${SUFFIX}`,
    ],
    [
      'a short prefix, five asterisks and a tail',
      'Incorrect API key provided: sk-proj-ab*****yz.',
      'Incorrect API key provided: [redacted].',
    ],
    [
      'three asterisks',
      'Incorrect API key provided: sk-proj-ab***yz.',
      'Incorrect API key provided: [redacted].',
    ],
    ['one asterisk', 'key sk-proj-ab*yz refused', 'key [redacted] refused'],
    [
      'a prefix too short to pass for a key alone',
      'Incorrect API key provided: sk-ab***yz.',
      'Incorrect API key provided: [redacted].',
    ],
    [
      "OpenAI's long mask (the key length minus 12)",
      `Incorrect API key provided: sk-proj-${'*'.repeat(152)}WXYZ${SUFFIX}`,
      `Incorrect API key provided: [redacted]${SUFFIX}`,
    ],
    [
      "the simulator's mask of a 40-character key",
      `Incorrect API key provided: sk-proj-${'*'.repeat(28)}WXYZ${SUFFIX}`,
      `Incorrect API key provided: [redacted]${SUFFIX}`,
    ],
    [
      'an ASCII ellipsis',
      'Incorrect API key provided: sk-proj-...WXYZ.',
      'Incorrect API key provided: [redacted].',
    ],
    [
      'asterisks and an ASCII ellipsis',
      'Incorrect API key provided: sk-proj-ab***...WXYZ.',
      'Incorrect API key provided: [redacted].',
    ],
    [
      'a masked ephemeral key',
      'ephemeral key ek_68a1***…9f3e expired',
      'ephemeral key [redacted] expired',
    ],
    [
      'a key at the end of the text',
      'Incorrect API key provided: sk-proj-ab*****yz',
      'Incorrect API key provided: [redacted]',
    ],
    [
      'a key followed by a comma, a parenthesis or a quote',
      'keys (sk-proj-ab***yz), "sk-live-cd***wx", sk-abc12***9xyz; done',
      'keys ([redacted]), "[redacted]", [redacted]; done',
    ],
    [
      'a key before a new sentence without a space',
      'bad key sk-proj-ab***yz.Try again',
      'bad key [redacted].Try again',
    ],
    [
      'two masked keys in one text',
      'sk-proj-ab***yz and ek_12***34 both',
      '[redacted] and [redacted] both',
    ],
  ];

  it.each(cases)('redacts %s, tail included', (_t, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each(cases)(
    'redacts %s in a parsed value too, tail included',
    (_t, text, expected) => {
      const event = { type: 'error', error: { message: text } };
      expect(redactParsed(event)).toEqual({
        type: 'error',
        error: { message: expected },
      });
    },
  );

  it.each([
    ['a bare prefix in prose', 'the sk- prefix and the ek_ prefix'],
    ['a short word after the prefix', 'see sk-abc for details'],
    ['asterisks with no key before them', 'a *** b and c… d'],
    ['an ellipsis after prose', 'wait... then go'],
  ])('leaves %s alone', (_t, text) => {
    expect(redactSecrets(text)).toBe(text);
    const value = { message: text };
    expect(redactParsed(value)).toBe(value);
  });
});
