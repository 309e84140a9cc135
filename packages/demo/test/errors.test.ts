import { describe, expect, it } from 'vitest';
import { describeError, describeUnexpected } from '../src/errors.js';

describe("describeError redacts with the transport's redactSecrets", () => {
  it('hides API keys and client secrets', () => {
    expect(
      describeError(
        new Error('Incorrect API key provided: sk-proj-abcdef1234.'),
      ),
    ).toBe('Incorrect API key provided: [redacted].');
    expect(describeError({ message: 'key ek_68ab12cd34ef expired' })).toBe(
      'key [redacted] expired',
    );
    expect(describeError('the task was risky')).toBe('the task was risky');
  });
});

describe('describeUnexpected', () => {
  it('puts a plain sentence in front of a bare library message', () => {
    const text = describeUnexpected(
      new RangeError('Invalid typed array length: Infinity'),
    );
    expect(text).toMatch(
      /^an unexpected error stopped the demo \(rerun with DEMO_DEBUG=1/,
    );
    expect(text).toMatch(/: Invalid typed array length: Infinity$/);
  });
});

describe('describeError output is one printable line', () => {
  it('escapes control characters a server message carries', () => {
    expect(describeError(new Error('bad \u001b[31mred\u0007'))).toBe(
      'bad \\x1b[31mred\\x07',
    );
  });
});

describe('describeError', () => {
  it('unwraps SDK error envelopes down to the server message and code', () => {
    const event = {
      type: 'error',
      error: {
        type: 'error',
        error: { code: 'invalid_value', message: 'Bad\nthing.' },
      },
    };
    expect(describeError(event)).toBe('Bad thing. (invalid_value)');
  });

  it('uses an Error message as it is', () => {
    const error = Object.assign(new Error('Server error (x): y'), {
      code: 'SERVER_ERROR',
    });
    expect(describeError(error)).toBe('Server error (x): y');
  });

  it('falls back to JSON for shapes it does not know', () => {
    expect(describeError({ weird: 1 })).toBe('{"weird":1}');
  });
});
