import { describe, expect, it } from 'vitest';
import {
  clientSecretSession,
  configurationEvent,
} from '../../src/wire/configuration-event.js';
import type { TranscriptionSettings } from '../../src/config/settings.js';
import { loadCapture } from '../helpers/fixtures.js';

const FULL: TranscriptionSettings = {
  format: { type: 'audio/pcm', rate: 24000 },
  transcription: { model: 'gpt-4o-transcribe', language: 'en', prompt: 'p' },
  noiseReduction: { type: 'near_field' },
  turnDetection: {
    type: 'server_vad',
    threshold: 0.5,
    prefixPaddingMs: 300,
    silenceDurationMs: 500,
  },
  include: ['item.input_audio_transcription.logprobs'],
};

describe('configurationEvent: ga', () => {
  it('nests every setting under session.audio.input with session.type transcription', () => {
    expect(configurationEvent('ga', FULL, 'evt_1')).toEqual({
      type: 'session.update',
      event_id: 'evt_1',
      session: {
        type: 'transcription',
        audio: {
          input: {
            format: { type: 'audio/pcm', rate: 24000 },
            transcription: {
              model: 'gpt-4o-transcribe',
              language: 'en',
              prompt: 'p',
            },
            noise_reduction: { type: 'near_field' },
            turn_detection: {
              type: 'server_vad',
              threshold: 0.5,
              prefix_padding_ms: 300,
              silence_duration_ms: 500,
            },
          },
        },
        include: ['item.input_audio_transcription.logprobs'],
      },
    });
  });

  it('reproduces the client session.update of the live probe (fixtures/traffic/01) byte for byte', () => {
    const sent = loadCapture('01-llmgw-ga-transcription-probe.jsonl').find(
      (l) => l.dir === 'client' && l.event.type === 'session.update',
    )!.event;
    const event = configurationEvent('ga', {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'gpt-4o-mini-transcribe' },
      turnDetection: { type: 'server_vad' },
    });
    expect(JSON.stringify(event)).toBe(JSON.stringify(sent));
  });

  it.each<[string, TranscriptionSettings, Record<string, unknown>]>([
    [
      'turn detection off',
      { turnDetection: null },
      { type: 'transcription', audio: { input: { turn_detection: null } } },
    ],
    [
      'transcription off',
      { transcription: null },
      { type: 'transcription', audio: { input: { transcription: null } } },
    ],
    [
      'noise reduction off',
      { noiseReduction: null },
      { type: 'transcription', audio: { input: { noise_reduction: null } } },
    ],
    [
      'semantic VAD',
      { turnDetection: { type: 'semantic_vad', eagerness: 'high' } },
      {
        type: 'transcription',
        audio: {
          input: {
            turn_detection: { type: 'semantic_vad', eagerness: 'high' },
          },
        },
      },
    ],
    [
      'G.711',
      { format: { type: 'audio/pcmu' } },
      {
        type: 'transcription',
        audio: { input: { format: { type: 'audio/pcmu' } } },
      },
    ],
    ['only include', { include: [] }, { type: 'transcription', include: [] }],
    ['nothing', {}, { type: 'transcription' }],
  ])('sends only what is set: %s', (_t, settings, session) => {
    const event = configurationEvent('ga', settings);
    expect(event).toEqual({ type: 'session.update', session });
    expect(event).not.toHaveProperty('event_id');
  });

  it('never produces a realtime session or agent fields', () => {
    const session = configurationEvent('ga', FULL).session;
    expect(session.type).toBe('transcription');
    for (const field of [
      'model',
      'instructions',
      'tools',
      'voice',
      'output_modalities',
      'tracing',
      'tool_choice',
    ])
      expect(session).not.toHaveProperty(field);
    expect(session.audio).not.toHaveProperty('output');
  });
});

describe('configurationEvent: legacy', () => {
  it('uses transcription_session.update with the flat beta shape', () => {
    expect(configurationEvent('legacy', FULL, 'evt_2')).toEqual({
      type: 'transcription_session.update',
      event_id: 'evt_2',
      session: {
        input_audio_format: 'pcm16',
        input_audio_transcription: {
          model: 'gpt-4o-transcribe',
          language: 'en',
          prompt: 'p',
        },
        input_audio_noise_reduction: { type: 'near_field' },
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
        },
        include: ['item.input_audio_transcription.logprobs'],
      },
    });
  });

  it('matches the shape of the beta doc example (fixtures/traffic/18) without its response-only fields', () => {
    const example = loadCapture('18-openapi-beta-doc-examples.jsonl').find(
      (l) => l.dir === 'client',
    )!.event;
    const event = configurationEvent('legacy', {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'gpt-4o-transcribe', prompt: '', language: '' },
      turnDetection: {
        type: 'server_vad',
        threshold: 0.5,
        prefixPaddingMs: 300,
        silenceDurationMs: 500,
      },
      noiseReduction: { type: 'near_field' },
      include: ['item.input_audio_transcription.logprobs'],
    });
    const { create_response: _dropped, ...turn } =
      example.session.turn_detection;
    expect(event).toEqual({
      ...example,
      session: { ...example.session, turn_detection: turn },
    });
  });

  it.each([
    [{ type: 'audio/pcmu' } as const, 'g711_ulaw'],
    [{ type: 'audio/pcma' } as const, 'g711_alaw'],
    [{ type: 'audio/pcm', rate: 24000 } as const, 'pcm16'],
  ])('names the format %j as %s', (format, name) => {
    expect(configurationEvent('legacy', { format }).session).toEqual({
      input_audio_format: name,
    });
  });

  it('has no session.type and no nested audio block', () => {
    const session = configurationEvent('legacy', FULL).session;
    expect(session).not.toHaveProperty('type');
    expect(session).not.toHaveProperty('audio');
  });
});

describe('clientSecretSession', () => {
  it('is the GA session body', () => {
    expect(clientSecretSession(FULL)).toEqual(
      configurationEvent('ga', FULL).session,
    );
  });
});
