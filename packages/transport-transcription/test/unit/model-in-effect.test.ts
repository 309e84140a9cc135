import { describe, expect, it } from 'vitest';
import { inertTurnDetectionWarning } from '../../src/config/model-in-effect.js';
import { TRANSCRIPTION_MODELS } from '../../src/config/models.js';
import type { TranscriptionTurnDetection } from '../../src/config/settings.js';

describe('inertTurnDetectionWarning: server VAD asked for with a model whose server VAD is inert', () => {
  it.each<[string, TranscriptionTurnDetection]>([
    ['server_vad', { type: 'server_vad' }],
    ['server_vad with its options', { type: 'server_vad', threshold: 0.6 }],
    ['semantic_vad', { type: 'semantic_vad', eagerness: 'high' }],
  ])(
    'warns for gpt-transcribe with %s, naming the model, the inert VAD and both fixes',
    (_t, turnDetection) => {
      const warning = inertTurnDetectionWarning(
        'gpt-transcribe',
        turnDetection,
      );
      expect(warning?.field).toBe('turnDetection');
      const message = warning!.message;
      expect(message).toContain('gpt-transcribe');
      expect(message).toContain(`{ type: '${turnDetection!.type}' }`);
      expect(message).toMatch(/server VAD is inert/);
      expect(message).toMatch(/no transcript comes/);
      expect(message).toContain("{ type: 'client_vad' }");
      expect(message).toMatch(/leave it out/);
    },
  );

  it.each<[string, TranscriptionTurnDetection | undefined]>([
    ['left out', undefined],
    ['null (the application commits)', null],
    ['client_vad', { type: 'client_vad' }],
  ])('says nothing for gpt-transcribe with turn detection %s', (_t, turn) => {
    expect(inertTurnDetectionWarning('gpt-transcribe', turn)).toBeUndefined();
  });

  it.each([
    ['a model whose server runs the VAD', 'gpt-4o-mini-transcribe'],
    ['an unknown name (an Azure deployment)', 'my-transcribe-deployment'],
    ['no model yet', undefined],
  ])('says nothing for %s', (_t, model) => {
    expect(
      inertTurnDetectionWarning(model, { type: 'server_vad' }),
    ).toBeUndefined();
  });

  it('follows the models table: every model marked inert warns, no other does', () => {
    for (const facts of Object.values(TRANSCRIPTION_MODELS)) {
      const warning = inertTurnDetectionWarning(facts.name, {
        type: 'server_vad',
      });
      expect([facts.name, warning !== undefined]).toEqual([
        facts.name,
        facts.turnDetection === 'inert',
      ]);
    }
  });
});
