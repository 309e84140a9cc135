import { describe, expect, it } from 'vitest';
import { normalizeSessionOptions } from '../../src/config/normalize-settings.js';
import type { TranscriptionTransportError } from '../../src/errors.js';

describe('normalizeSessionOptions: session option checks before any I/O (issue 12)', () => {
  it('normalizes a valid session option without changing its meaning', () => {
    expect(
      normalizeSessionOptions({
        format: { type: 'audio/pcm' },
        transcription: { model: 'gpt-4o-transcribe', prompt: 'Tech.' },
        noiseReduction: { type: 'near_field' },
        turnDetection: { type: 'server_vad', threshold: 0.6 },
        include: ['item.input_audio_transcription.logprobs'],
      }),
    ).toEqual({
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'gpt-4o-transcribe', prompt: 'Tech.' },
      noiseReduction: { type: 'near_field' },
      turnDetection: { type: 'server_vad', threshold: 0.6 },
      include: ['item.input_audio_transcription.logprobs'],
    });
  });

  it('refuses a keyword with a line break or angle brackets, naming the keyword', () => {
    for (const keyword of ['two\nlines', 'a<b', 'x>']) {
      let error: unknown;
      try {
        normalizeSessionOptions({
          transcription: { model: 'gpt-transcribe', keywords: ['ok', keyword] },
        });
      } catch (e) {
        error = e;
      }
      expect((error as TranscriptionTransportError).code).toBe(
        'INVALID_OPTION',
      );
      expect((error as Error).message).toMatch(
        /session\.transcription\.keywords\[1\] is refused/,
      );
    }
  });

  it('refuses a noise_reduction.strength outside 0..1, naming the field and the value', () => {
    for (const strength of [-0.1, 1.5, Number.NaN, '1']) {
      expect(() =>
        normalizeSessionOptions({
          noiseReduction: { type: 'far_field', strength: strength as number },
        }),
      ).toThrow(
        /session\.noiseReduction\.strength must be a number from 0 to 1/,
      );
    }
    expect(
      normalizeSessionOptions({
        noiseReduction: { type: 'far_field', strength: 0.5 },
      }),
    ).toEqual({ noiseReduction: { type: 'far_field', strength: 0.5 } });
  });

  it('checks client_vad options by the detector rules, naming the option and the value', () => {
    expect(() =>
      normalizeSessionOptions({
        turnDetection: { type: 'client_vad', maxTurnMs: 99 },
      }),
    ).toThrow(
      /session\.turnDetection: maxTurnMs must be from 1000 to 600000; got 99/,
    );
    expect(() =>
      normalizeSessionOptions({
        turnDetection: {
          type: 'client_vad',
          createDetector: 'silero' as never,
        },
      }),
    ).toThrow(/session\.turnDetection\.createDetector must be a function/);
  });
});
