import { describe, expect, it, vi } from 'vitest';
import {
  browserProtocols,
  DEFAULT_TRANSCRIPTION_URL,
  resolveApiKey,
  transcriptionUrl,
} from '../../src/wire/url-and-auth.js';
import { errorForClose, isFinalClose } from '../../src/wire/close-codes.js';
import { TranscriptionTransportError } from '../../src/errors.js';
import { serverEventsOfType } from '../helpers/fixtures.js';

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as TranscriptionTransportError;
  }
  throw new Error('expected a rejection');
}

describe('transcriptionUrl', () => {
  it.each([
    [undefined, 'wss://api.openai.com/v1/realtime?intent=transcription'],
    [
      'wss://api.openai.com/v1/realtime',
      'wss://api.openai.com/v1/realtime?intent=transcription',
    ],
    [
      'ws://127.0.0.1:8080/v1/realtime',
      'ws://127.0.0.1:8080/v1/realtime?intent=transcription',
    ],
    [
      'wss://res.openai.azure.com/openai/v1/realtime',
      'wss://res.openai.azure.com/openai/v1/realtime?intent=transcription',
    ],
    [
      'wss://example.com/v1/realtime?intent=transcription',
      'wss://example.com/v1/realtime?intent=transcription',
    ],
    [
      'wss://example.com/v1/realtime?foo=1',
      'wss://example.com/v1/realtime?foo=1&intent=transcription',
    ],
    [
      'wss://example.com/v1/realtime?call_id=c1',
      'wss://example.com/v1/realtime?call_id=c1',
    ],
  ])('turns %s into %s', (url, expected) => {
    expect(transcriptionUrl(url)).toBe(expected);
  });

  it('defaults to the transcription intent URL', () => {
    expect(transcriptionUrl(undefined)).toBe(DEFAULT_TRANSCRIPTION_URL);
  });

  it.each([
    [
      'a model parameter',
      'wss://api.openai.com/v1/realtime?model=gpt-4o-transcribe',
      /must not carry model=/,
    ],
    [
      'a model parameter beside the intent',
      'wss://api.openai.com/v1/realtime?intent=transcription&model=x',
      /session\.transcription\.model/,
    ],
    [
      'an http URL',
      'https://api.openai.com/v1/realtime',
      /ws:\/\/ or wss:\/\/; got https:/,
    ],
    [
      'a relative URL',
      '/v1/realtime',
      /absolute ws:\/\/ or wss:\/\/ URL; got "\/v1\/realtime"/,
    ],
  ])('refuses %s with INVALID_OPTION', (_t, url, message) => {
    let thrown: unknown;
    try {
      transcriptionUrl(url);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TranscriptionTransportError);
    expect((thrown as TranscriptionTransportError).code).toBe('INVALID_OPTION');
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('browserProtocols', () => {
  it('puts the key in the insecure-api-key subprotocol after realtime', () => {
    expect(browserProtocols('ek_123')).toEqual([
      'realtime',
      'openai-insecure-api-key.ek_123',
    ]);
  });
});

describe('resolveApiKey', () => {
  it('takes a string, a function or an async function, calling the function each time', async () => {
    expect(await resolveApiKey('sk-a')).toBe('sk-a');
    const fn = vi.fn(async () => 'ek_fresh');
    expect(await resolveApiKey(fn)).toBe('ek_fresh');
    expect(await resolveApiKey(fn)).toBe('ek_fresh');
    expect(fn).toHaveBeenCalledTimes(2);
    expect(await resolveApiKey(() => 'sync')).toBe('sync');
  });

  it.each([
    ['no key', undefined],
    ['an empty key', ''],
    ['a blank key', '   '],
    ['a function returning nothing', () => undefined as unknown as string],
  ])('refuses %s with MISSING_API_KEY', async (_t, key) => {
    const error = await rejection(resolveApiKey(key));
    expect(error.code).toBe('MISSING_API_KEY');
    expect(error.message).toMatch(/apiKey/);
  });

  it('refuses a key function that throws, keeping its error as the cause', async () => {
    const cause = new Error('vault down');
    const error = await rejection(
      resolveApiKey(() => {
        throw cause;
      }),
    );
    expect(error.code).toBe('MISSING_API_KEY');
    expect(error.cause).toBe(cause);
  });
});

describe('errorForClose', () => {
  const badKey = serverEventsOfType(
    '02-llmgw-ga-error-events.jsonl',
    'error',
  ).find((e) => e.error.code === 'invalid_api_key')!.error;
  const beta = serverEventsOfType(
    '02-llmgw-ga-error-events.jsonl',
    'error',
  ).find((e) => e.error.code === 'beta_api_shape_disabled')!.error;

  it.each([
    [
      3000,
      'invalid_request_error.invalid_api_key',
      badKey,
      'AUTH_FAILED',
      /close 3000\): Incorrect API key provided/,
    ],
    [
      4000,
      'invalid_request_error.beta_api_shape_disabled',
      beta,
      'REQUEST_REJECTED',
      /close 4000\): The Realtime Beta API is no longer supported/,
    ],
    [
      3000,
      'invalid_request_error',
      undefined,
      'AUTH_FAILED',
      /close 3000\): invalid_request_error$/,
    ],
    [4000, '', undefined, 'REQUEST_REJECTED', /no reason given/],
    [1006, '', undefined, 'CONNECTION_LOST', /code 1006\)/],
    [
      1011,
      'server error',
      undefined,
      'CONNECTION_LOST',
      /code 1011, server error\)/,
    ],
    [1000, '', undefined, 'CONNECTION_LOST', /code 1000/],
  ] as const)(
    'classifies close %i (%s)',
    (code, reason, serverError, expected, message) => {
      const error = errorForClose(
        code,
        reason,
        serverError,
        'sk-secret-key-0001',
      );
      expect(error.code).toBe(expected);
      expect(error.message).toMatch(message);
      expect(error.serverError).toBe(serverError);
    },
  );

  it('redacts the key from the server message it quotes', () => {
    const key = 'sk-test-abcdefghijklmnop';
    const error = errorForClose(
      3000,
      'x',
      { message: `Incorrect API key provided: ${key}.` },
      key,
    );
    expect(error.message).not.toContain(key);
  });

  // A proxy or a server echoing the subprotocol can put the key into a close reason.
  it('redacts the key from a close reason', () => {
    const key = 'azure0123456789abcdef0123';
    const error = errorForClose(
      1008,
      `bad subprotocol openai-insecure-api-key.${key}`,
      undefined,
      key,
    );
    expect(error.message).not.toContain(key);
  });

  it.each([
    [3000, true],
    [4000, true],
    [1000, false],
    [1006, false],
    [4001, false],
  ])('close %i is final: %s', (code, final) => {
    expect(isFinalClose(code)).toBe(final);
  });
});
