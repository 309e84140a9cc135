import { describe, expect, it } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import { TranscriptionTransportError } from '../../src/errors.js';

describe('history options (historyUpdates, historyLimit)', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a non-object historyUpdates',
      { historyUpdates: 50 },
      /^historyUpdates must be an object; got 50/,
    ],
    [
      'a negative partialIntervalMs',
      { historyUpdates: { partialIntervalMs: -1 } },
      /^historyUpdates\.partialIntervalMs must be .*got -1/,
    ],
    [
      'a NaN partialIntervalMs',
      { historyUpdates: { partialIntervalMs: Number.NaN } },
      /partialIntervalMs.*got null/,
    ],
    [
      'a string partialIntervalMs',
      { historyUpdates: { partialIntervalMs: '50' } },
      /partialIntervalMs.*got "50"/,
    ],
    [
      'an absurd partialIntervalMs',
      { historyUpdates: { partialIntervalMs: 1e12 } },
      /partialIntervalMs must be a number of ms from 0 to 10000/,
    ],
    [
      'a null historyLimit',
      { historyLimit: null },
      /^historyLimit must be an object; got null/,
    ],
    [
      'a historyLimit without maxItems',
      { historyLimit: {} },
      /^historyLimit\.maxItems must be a positive integer.*got undefined/,
    ],
    [
      'a zero maxItems',
      { historyLimit: { maxItems: 0 } },
      /maxItems must be a positive integer.*got 0/,
    ],
    [
      'a fractional maxItems',
      { historyLimit: { maxItems: 2.5 } },
      /maxItems must be a positive integer.*got 2.5/,
    ],
    [
      'an infinite maxItems',
      { historyLimit: { maxItems: Infinity } },
      /maxItems must be a positive integer.*got null/,
    ],
  ])(
    'refuses %s at construction with INVALID_OPTION naming it',
    (_t, options, message) => {
      let thrown: unknown;
      let opened = 0;
      try {
        new OpenAIRealtimeTranscriptionWebSocket({
          ...options,
          createWebSocket: () => {
            opened++;
            throw new Error('must not be called');
          },
        } as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TranscriptionTransportError);
      expect((thrown as TranscriptionTransportError).code).toBe(
        'INVALID_OPTION',
      );
      expect((thrown as Error).message).toMatch(message);
      expect(opened).toBe(0);
    },
  );

  it.each([
    { historyUpdates: {} },
    { historyUpdates: { partialIntervalMs: 0 } },
    { historyUpdates: { partialIntervalMs: 10_000 } },
    { historyLimit: { maxItems: 1 } },
    { historyLimit: { maxItems: 100_000 } },
  ])('accepts %j', (options) => {
    expect(
      () => new OpenAIRealtimeTranscriptionWebSocket(options),
    ).not.toThrow();
  });
});
