import { describe, expect, it } from 'vitest';
import { TranscriptionTransportError } from '../../src/errors.js';
import {
  assertModelAccepts,
  traitsOf,
  withoutUnsupported,
} from '../../src/config/model-rules.js';
import type {
  TranscriptionModelOptions,
  TranscriptionTurnDetection,
} from '../../src/config/settings.js';

const ALL = {
  language: 'en',
  prompt: 'Tech terms',
  languages: ['en', 'ja'],
  keywords: ['RunState'],
  delay: 'low',
} as const;

function conflictOf(
  model: string | undefined,
  transcription: TranscriptionModelOptions | null | undefined,
  turn?: TranscriptionTurnDetection,
): string | undefined {
  try {
    assertModelAccepts(model, transcription, turn);
  } catch (error) {
    expect(error).toBeInstanceOf(TranscriptionTransportError);
    expect((error as TranscriptionTransportError).code).toBe('CONFIG_CONFLICT');
    return (error as Error).message;
  }
  return undefined;
}

describe('assertModelAccepts', () => {
  it.each<
    [
      string,
      TranscriptionModelOptions,
      TranscriptionTurnDetection | undefined,
      RegExp,
    ]
  >([
    [
      'gpt-realtime-whisper',
      { prompt: 'x' },
      undefined,
      /gpt-realtime-whisper does not take transcription\.prompt/,
    ],
    [
      'gpt-realtime-whisper',
      {},
      { type: 'server_vad' },
      /does not support server turn detection.*client_vad.*server_vad/,
    ],
    ['gpt-realtime-whisper', {}, { type: 'semantic_vad' }, /semantic_vad/],
    // The server refuses it: "Turn detection is not supported for this transcription model." (issue 12).
    ['gpt-live-transcribe', {}, { type: 'server_vad' }, /gpt-live-transcribe/],
    ['gpt-4o-transcribe-diarize', { prompt: 'x' }, undefined, /prompt/],
    [
      'gpt-4o-transcribe',
      { languages: ['en'] },
      undefined,
      /transcription\.languages is only supported by gpt-transcribe and gpt-live-transcribe; the model is gpt-4o-transcribe/,
    ],
    [
      'gpt-4o-mini-transcribe',
      { keywords: ['x'] },
      undefined,
      /transcription\.keywords/,
    ],
    ['whisper-1', { languages: ['en'] }, undefined, /whisper-1/],
    ['gpt-realtime-whisper', { keywords: ['x'] }, null, /keywords/],
    ['gpt-4o-transcribe', { delay: 'low' }, undefined, /transcription\.delay/],
    ['gpt-transcribe', { delay: 'low' }, undefined, /delay/],
    [
      'gpt-transcribe',
      { language: 'en', languages: ['en'] },
      undefined,
      /language and transcription\.languages/,
    ],
    [
      'my-azure-deployment',
      { language: 'en', languages: ['en'] },
      undefined,
      /both set/,
    ],
  ])(
    '%s refuses %j (turn detection %j)',
    (model, transcription, turn, message) => {
      expect(conflictOf(model, transcription, turn)).toMatch(message);
    },
  );

  it.each<
    [string, TranscriptionModelOptions, TranscriptionTurnDetection | undefined]
  >([
    ['gpt-realtime-whisper', { language: 'en', delay: 'minimal' }, null],
    ['gpt-realtime-whisper', {}, undefined],
    [
      'gpt-transcribe',
      { languages: ['en', 'ja'], keywords: ['x'], prompt: 'p' },
      { type: 'server_vad' },
    ],
    [
      'gpt-live-transcribe',
      { languages: ['en'], keywords: ['x'], delay: 'high' },
      null,
    ],
    ['gpt-live-transcribe', {}, { type: 'client_vad' }],
    [
      'gpt-realtime-whisper',
      {},
      { type: 'client_vad', silenceDurationMs: 300 },
    ],
    [
      'gpt-4o-transcribe',
      { language: 'en', prompt: 'p' },
      { type: 'semantic_vad' },
    ],
    ['whisper-1', { prompt: 'a, b' }, { type: 'server_vad' }],
  ])('%s accepts %j (turn detection %j)', (model, transcription, turn) => {
    expect(conflictOf(model, transcription, turn)).toBeUndefined();
  });

  it.each(['my-azure-deployment', 'gpt-future-transcribe', undefined])(
    'does not check the unknown model %s',
    (model) => {
      expect(
        conflictOf(
          model,
          {
            ...ALL,
            languages: ['en', 'ja'],
            keywords: ['x'],
            language: undefined,
          },
          { type: 'server_vad' },
        ),
      ).toBeUndefined();
    },
  );

  it('accepts no transcription at all', () => {
    expect(conflictOf('gpt-realtime-whisper', null, null)).toBeUndefined();
    expect(
      conflictOf('gpt-realtime-whisper', undefined, undefined),
    ).toBeUndefined();
  });
});

describe('withoutUnsupported', () => {
  it.each<[string, TranscriptionModelOptions]>([
    ['gpt-realtime-whisper', { language: 'en', delay: 'low' }],
    ['gpt-4o-mini-transcribe', { language: 'en', prompt: 'Tech terms' }],
    [
      'gpt-transcribe',
      {
        language: 'en',
        prompt: 'Tech terms',
        languages: ['en', 'ja'],
        keywords: ['RunState'],
      },
    ],
    [
      'gpt-live-transcribe',
      { ...ALL, languages: ['en', 'ja'], keywords: ['RunState'] },
    ],
    ['gpt-4o-transcribe-diarize', { language: 'en' }],
    [
      'some-deployment',
      { ...ALL, languages: ['en', 'ja'], keywords: ['RunState'] },
    ],
  ])('keeps for %s only the inherited fields it takes', (model, expected) => {
    expect(
      withoutUnsupported(model, {
        ...ALL,
        languages: [...ALL.languages],
        keywords: [...ALL.keywords],
      }),
    ).toEqual(expected);
  });

  it('does not change its argument', () => {
    const inherited = { prompt: 'x', language: 'en' };
    withoutUnsupported('gpt-realtime-whisper', inherited);
    expect(inherited).toEqual({ prompt: 'x', language: 'en' });
  });
});

describe('traitsOf', () => {
  it.each([
    ['whisper-1', { wholeTextDeltas: true, preferNoTurnDetection: false }],
    [
      'gpt-4o-mini-transcribe',
      { wholeTextDeltas: false, preferNoTurnDetection: false },
    ],
    [
      'gpt-realtime-whisper',
      { noTurnDetection: true, preferNoTurnDetection: true },
    ],
    [
      'gpt-live-transcribe',
      { noTurnDetection: true, preferNoTurnDetection: true },
    ],
    ['gpt-transcribe', { noTurnDetection: false, preferNoTurnDetection: true }],
  ])('knows %s', (model, traits) => {
    expect(traitsOf(model)).toMatchObject(traits);
  });

  it('knows nothing of unknown names or of no name', () => {
    expect(traitsOf('deployment-1')).toBeUndefined();
    expect(traitsOf(undefined)).toBeUndefined();
  });
});
