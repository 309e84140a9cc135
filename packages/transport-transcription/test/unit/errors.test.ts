import { describe, expect, it } from 'vitest';
import {
  AudioTooLargeError,
  InvalidAudioError,
  redactSecrets,
  TranscriptionTransportError,
} from '../../src/errors.js';

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
