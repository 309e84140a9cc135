import { describe, expect, it } from 'vitest';
import type { WireSession } from '../../src/wire/wire-session.js';
import { settingsToSend } from '../../src/config/settings-to-send.js';
import type { TranscriptionSettings } from '../../src/config/settings.js';
import { DEFAULT_TRANSCRIPTION_MODEL } from '../../src/config/settings.js';
import { modelFacts } from '../../src/config/models.js';
import { GA_DEFAULT_SESSION } from '../helpers/scripted-server.js';
import { serverEventsOfType } from '../helpers/fixtures.js';
import { codeOf } from '../helpers/errors.js';

/** The preset of fixtures/traffic/00-seed.jsonl: a session minted from a client secret. */
const SEED_SESSION = serverEventsOfType('00-seed.jsonl', 'session.created')[0]!
  .session as WireSession;
/** A bare `?intent=transcription` session (fixtures/traffic/01): `transcription: null`. */
const BARE_SESSION = serverEventsOfType(
  '01-llmgw-ga-transcription-probe.jsonl',
  'session.created',
)[0]!.session as WireSession;

describe('settingsToSend: fill gaps, never clobber', () => {
  it('sends the default model, which has no shutdown date, with the server VAD off, when the server session has transcription: null', () => {
    expect(settingsToSend({}, BARE_SESSION)).toEqual({
      transcription: { model: 'gpt-live-transcribe' },
      turnDetection: null,
    });
    expect(modelFacts(DEFAULT_TRANSCRIPTION_MODEL)?.shutdown).toBeNull();
  });

  it('fills a server-VAD model when the user asked for server VAD but named no model', () => {
    expect(
      settingsToSend({ turnDetection: { type: 'semantic_vad' } }, BARE_SESSION),
    ).toEqual({
      transcription: { model: 'gpt-4o-mini-transcribe' },
      turnDetection: { type: 'semantic_vad' },
    });
  });

  it('sends client_vad as turn_detection: null', () => {
    expect(
      settingsToSend(
        {
          transcription: { model: 'gpt-4o-transcribe' },
          turnDetection: { type: 'client_vad' },
        },
        BARE_SESSION,
      ),
    ).toEqual({
      transcription: { model: 'gpt-4o-transcribe' },
      turnDetection: null,
    });
  });

  it('sends noise_reduction.strength only when set, and not again when the server echoes it', () => {
    const on = {
      ...BARE_SESSION,
      audio: {
        input: {
          ...BARE_SESSION.audio!.input,
          transcription: { model: 'gpt-4o-transcribe' },
          noise_reduction: { type: 'near_field', strength: 1 },
        },
      },
    } as WireSession;
    expect(
      settingsToSend({ noiseReduction: { type: 'near_field' } }, on),
    ).toBeUndefined();
    expect(
      settingsToSend(
        { noiseReduction: { type: 'near_field', strength: 0.4 } },
        on,
      ),
    ).toEqual({ noiseReduction: { type: 'near_field', strength: 0.4 } });
  });

  it('sends nothing for a client-secret preset when the user set nothing', () => {
    expect(settingsToSend({}, SEED_SESSION)).toBeUndefined();
  });

  it('merges an explicit language into the preset model and prompt instead of replacing them', () => {
    expect(
      settingsToSend({ transcription: { language: 'fr' } }, SEED_SESSION),
    ).toEqual({
      transcription: {
        model: 'gpt-4o-mini-transcribe',
        language: 'fr',
        prompt:
          'Expect a conversation between a human and customer service agent. Expect technology terms to be used.',
      },
    });
  });

  it('sends nothing when the explicit settings equal the preset', () => {
    expect(
      settingsToSend(
        {
          transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
          noiseReduction: { type: 'far_field' },
          turnDetection: { type: 'server_vad', threshold: 0.7 },
          include: ['item.input_audio_transcription.logprobs'],
          format: { type: 'audio/pcm', rate: 24000 },
        },
        SEED_SESSION,
      ),
    ).toBeUndefined();
  });

  it.each<[string, TranscriptionSettings, WireSession, TranscriptionSettings]>([
    [
      'explicit noise reduction off over a far_field preset',
      { noiseReduction: null },
      SEED_SESSION,
      { noiseReduction: null },
    ],
    [
      'explicit turn detection off over server VAD',
      { turnDetection: null },
      SEED_SESSION,
      { turnDetection: null },
    ],
    [
      'explicit transcription off over a preset',
      { transcription: null },
      SEED_SESSION,
      { transcription: null },
    ],
    [
      'explicit logprobs when the server has none',
      { include: ['item.input_audio_transcription.logprobs'] },
      GA_DEFAULT_SESSION as WireSession,
      {
        include: ['item.input_audio_transcription.logprobs'],
        transcription: { model: 'gpt-live-transcribe' },
        turnDetection: null,
      },
    ],
    [
      'explicit G.711 over PCM',
      { format: { type: 'audio/pcma' } },
      SEED_SESSION,
      { format: { type: 'audio/pcma' } },
    ],
    [
      'a VAD threshold that differs from the server',
      { turnDetection: { type: 'server_vad', threshold: 0.2 } },
      SEED_SESSION,
      { turnDetection: { type: 'server_vad', threshold: 0.2 } },
    ],
  ])('sends %s', (_t, explicit, server, expected) => {
    expect(settingsToSend(explicit, server)).toEqual(expected);
  });

  it('treats a legacy format string on the server as the same format', () => {
    const server = {
      ...SEED_SESSION,
      audio: { input: { ...SEED_SESSION.audio!.input, format: 'pcm16' } },
    } as WireSession;
    expect(
      settingsToSend({ format: { type: 'audio/pcm', rate: 24000 } }, server),
    ).toBeUndefined();
  });

  it('fills the model when there is no server session at all', () => {
    expect(settingsToSend({}, undefined)).toEqual({
      transcription: { model: 'gpt-live-transcribe' },
      turnDetection: null,
    });
  });

  it('does not send a transcription null the server already has', () => {
    expect(
      settingsToSend({ transcription: null }, BARE_SESSION),
    ).toBeUndefined();
  });

  it('replaces an inherited language by explicit languages, not both', () => {
    const server = {
      ...SEED_SESSION,
      audio: {
        input: {
          ...SEED_SESSION.audio!.input,
          transcription: { model: 'gpt-transcribe', language: 'en' },
        },
      },
    } as WireSession;
    expect(
      settingsToSend({ transcription: { languages: ['en', 'de'] } }, server)
        ?.transcription,
    ).toEqual({ model: 'gpt-transcribe', languages: ['en', 'de'] });
  });
});

describe('settingsToSend: model rules', () => {
  it('drops an inherited prompt and sends turn_detection null when switching a preset to gpt-realtime-whisper', () => {
    expect(
      settingsToSend(
        { transcription: { model: 'gpt-realtime-whisper' } },
        SEED_SESSION,
      ),
    ).toEqual({
      transcription: { model: 'gpt-realtime-whisper', language: 'en' },
      turnDetection: null,
    });
  });

  it('does not send turn_detection null again when the server already has it', () => {
    const server = {
      ...BARE_SESSION,
      audio: { input: { ...BARE_SESSION.audio!.input, turn_detection: null } },
    } as WireSession;
    expect(
      settingsToSend(
        { transcription: { model: 'gpt-realtime-whisper' } },
        server,
      ),
    ).toEqual({ transcription: { model: 'gpt-realtime-whisper' } });
  });

  it('refuses explicit server VAD when the preset model is gpt-realtime-whisper', () => {
    const server = {
      ...BARE_SESSION,
      audio: {
        input: {
          ...BARE_SESSION.audio!.input,
          transcription: { model: 'gpt-realtime-whisper' },
        },
      },
    } as WireSession;
    expect(
      codeOf(() =>
        settingsToSend({ turnDetection: { type: 'server_vad' } }, server),
      ),
    ).toBe('CONFIG_CONFLICT');
  });

  it('refuses explicit languages when the session falls back to a model without them', () => {
    expect(
      codeOf(() =>
        settingsToSend(
          {
            transcription: { languages: ['en'] },
            turnDetection: { type: 'server_vad' },
          },
          BARE_SESSION,
        ),
      ),
    ).toBe('CONFIG_CONFLICT');
  });

  it('sends explicit languages with the default model, which takes them', () => {
    expect(
      settingsToSend({ transcription: { languages: ['en'] } }, BARE_SESSION),
    ).toMatchObject({
      transcription: { model: 'gpt-live-transcribe', languages: ['en'] },
    });
  });

  it('sends languages and keywords for gpt-live-transcribe, with turn detection off by default', () => {
    expect(
      settingsToSend(
        {
          transcription: {
            model: 'gpt-live-transcribe',
            languages: ['en', 'ja'],
            keywords: ['RunState'],
          },
        },
        BARE_SESSION,
      ),
    ).toEqual({
      transcription: {
        model: 'gpt-live-transcribe',
        languages: ['en', 'ja'],
        keywords: ['RunState'],
      },
      turnDetection: null,
    });
  });

  it('passes unknown model names (Azure deployments) through with inherited fields unchecked', () => {
    expect(
      settingsToSend(
        {
          transcription: { model: 'my-deployment', keywords: ['x'] },
          turnDetection: { type: 'server_vad' },
        },
        SEED_SESSION,
      ),
    ).toEqual({
      transcription: {
        model: 'my-deployment',
        language: 'en',
        prompt: SEED_SESSION.audio!.input!.transcription!.prompt,
        keywords: ['x'],
      },
    });
  });
});
