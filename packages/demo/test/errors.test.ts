import { describe, expect, it } from 'vitest';
import { describeError, redactSecrets } from '../src/errors.js';

describe('redactSecrets', () => {
  it('hides API keys and client secrets, masked or not', () => {
    expect(redactSecrets('Incorrect API key provided: sk-proj-ab***yz.')).toBe(
      'Incorrect API key provided: [redacted]',
    );
    expect(redactSecrets('key ek_68ab12cd34ef expired')).toBe(
      'key [redacted] expired',
    );
    expect(redactSecrets('the task was risky')).toBe('the task was risky');
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
