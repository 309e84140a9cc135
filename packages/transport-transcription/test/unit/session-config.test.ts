import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { describe, expect, it } from 'vitest';
import { TranscriptionTransportError } from '../../src/errors.js';
import type { WireSession } from '../../src/wire/wire-session.js';
import {
  explicitSettings,
  normalizeSessionOptions,
  sameValue,
  settingsToSend,
} from '../../src/config/session-config.js';
import type {
  TranscriptionSessionOptions,
  TranscriptionSettings,
} from '../../src/config/settings.js';
import { DEFAULT_TRANSCRIPTION_MODEL } from '../../src/config/settings.js';
import { modelFacts } from '../../src/config/models.js';
import { GA_DEFAULT_SESSION } from '../helpers/scripted-server.js';
import { serverEventsOfType } from '../helpers/fixtures.js';

/** The preset of fixtures/traffic/00-seed.jsonl: a session minted from a client secret. */
const SEED_SESSION = serverEventsOfType('00-seed.jsonl', 'session.created')[0]!
  .session as WireSession;
/** A bare `?intent=transcription` session (fixtures/traffic/01): `transcription: null`. */
const BARE_SESSION = serverEventsOfType(
  '01-llmgw-ga-transcription-probe.jsonl',
  'session.created',
)[0]!.session as WireSession;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TranscriptionTransportError);
    return (error as TranscriptionTransportError).code;
  }
  return undefined;
}

/** What `RealtimeSession.connect()` would pass as `initialSessionConfig` for these options. */
async function sdkInitialConfig(
  options: ConstructorParameters<typeof RealtimeSession>[1] = {},
  agent = new RealtimeAgent({ name: 'Assistant', instructions: 'Be brief.' }),
) {
  return RealtimeSession.computeInitialSessionConfig(agent, {
    transport: 'websocket',
    ...options,
  });
}

describe('explicitSettings: SDK default detection', () => {
  it('treats the audio block RealtimeSession passes without config as the SDK speaking, not the user', async () => {
    const config = await sdkInitialConfig();
    // The premise: the SDK really does pass its default input block.
    expect(
      (config as { audio?: { input?: unknown } }).audio?.input,
    ).toMatchObject({
      transcription: { model: 'gpt-4o-mini-transcribe' },
      turnDetection: { type: 'semantic_vad' },
    });
    expect(explicitSettings(undefined, config).settings).toEqual({});
  });

  it('treats a RealtimeSession config that sets transcription as explicit, and only what it sets', async () => {
    const config = await sdkInitialConfig({
      config: {
        audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } },
      },
    });
    expect(explicitSettings(undefined, config).settings).toEqual({
      transcription: { model: 'gpt-4o-transcribe' },
    });
  });

  it('reads the deprecated top-level fields when the audio block is the SDK default', async () => {
    const config = await sdkInitialConfig({
      config: {
        inputAudioTranscription: { model: 'whisper-1' },
        inputAudioNoiseReduction: { type: 'near_field' },
      },
    });
    expect(explicitSettings(undefined, config).settings).toEqual({
      transcription: { model: 'whisper-1' },
      noiseReduction: { type: 'near_field' },
    });
  });

  it.each([
    ['nothing', undefined],
    ['an empty config', {}],
  ])('returns no settings for %s', (_name, config) => {
    expect(explicitSettings(undefined, config)).toEqual({
      settings: {},
      warnings: [],
    });
  });
});

describe('explicitSettings: precedence', () => {
  const sdk = {
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: {
          model: 'gpt-4o-transcribe',
          language: 'de',
          prompt: 'From config',
        },
        noiseReduction: { type: 'far_field' },
        turnDetection: { type: 'server_vad', threshold: 0.3 },
      },
    },
  } as const;

  it.each<[string, TranscriptionSessionOptions, TranscriptionSettings]>([
    [
      'a transcription field of the option merges into the config transcription',
      { transcription: { language: 'en' } },
      {
        transcription: {
          model: 'gpt-4o-transcribe',
          language: 'en',
          prompt: 'From config',
        },
      },
    ],
    [
      'the option model replaces the config model and keeps the other fields',
      { transcription: { model: 'whisper-1' } },
      {
        transcription: {
          model: 'whisper-1',
          language: 'de',
          prompt: 'From config',
        },
      },
    ],
    [
      'an option transcription of null turns transcription off',
      { transcription: null },
      { transcription: null },
    ],
    [
      'option noise reduction wins',
      { noiseReduction: null },
      { noiseReduction: null },
    ],
    [
      'option turn detection wins whole',
      { turnDetection: { type: 'semantic_vad', eagerness: 'low' } },
      { turnDetection: { type: 'semantic_vad', eagerness: 'low' } },
    ],
    [
      'option format wins',
      { format: { type: 'audio/pcmu' } },
      { format: { type: 'audio/pcmu' } },
    ],
  ])('%s', (_title, option, expected) => {
    const { settings } = explicitSettings(option, sdk as never);
    expect(settings).toMatchObject(expected);
    // Fields the option does not name still come from the config.
    const untouched = {
      format: { type: 'audio/pcm', rate: 24000 },
      noiseReduction: { type: 'far_field' },
      turnDetection: { type: 'server_vad', threshold: 0.3 },
    };
    for (const [key, value] of Object.entries(untouched))
      if (!(key in option)) expect(settings).toHaveProperty(key, value);
  });

  it('takes the option alone when there is no config', () => {
    expect(
      explicitSettings(
        { transcription: { model: 'gpt-transcribe', languages: ['en', 'ja'] } },
        undefined,
      ).settings,
    ).toEqual({
      transcription: { model: 'gpt-transcribe', languages: ['en', 'ja'] },
    });
  });

  it('normalizes SDK camelCase and snake_case turn detection to the camelCase settings shape', () => {
    for (const turnDetection of [
      { type: 'server_vad', prefixPaddingMs: 100, silenceDurationMs: 400 },
      { type: 'server_vad', prefix_padding_ms: 100, silence_duration_ms: 400 },
    ]) {
      expect(
        explicitSettings(undefined, {
          audio: { input: { turnDetection } },
        } as never).settings.turnDetection,
      ).toEqual({
        type: 'server_vad',
        prefixPaddingMs: 100,
        silenceDurationMs: 400,
      });
    }
  });

  it('reads legacy format strings from the SDK config', () => {
    expect(
      explicitSettings(undefined, { inputAudioFormat: 'g711_ulaw' } as never)
        .settings.format,
    ).toEqual({ type: 'audio/pcmu' });
  });
});

describe('explicitSettings: agent field warnings', () => {
  it('warns once per agent field and drops them all', async () => {
    const agent = new RealtimeAgent({
      name: 'Assistant',
      instructions: 'Be brief.',
      voice: 'marin',
      tools: [],
    });
    const config = await sdkInitialConfig(
      {
        workflowName: 'wf',
        config: {
          toolChoice: 'required',
          outputModalities: ['text'],
          audio: { output: { voice: 'cedar', speed: 1.2 } },
        },
      },
      agent,
    );
    const { settings, warnings } = explicitSettings(undefined, config);
    expect(settings).toEqual({});
    const fields = warnings.map((w) => w.field).sort();
    expect(fields).toEqual(
      [
        'audio.output',
        'instructions',
        'outputModalities',
        'toolChoice',
        'tracing',
        'voice',
      ].sort(),
    );
    expect(new Set(fields).size).toBe(fields.length);
    for (const w of warnings) expect(w.message).toContain(w.field);
  });

  it('warns once about a voice set as audio.output.voice (which RealtimeSession also copies to voice)', async () => {
    const config = await sdkInitialConfig(
      { config: { audio: { output: { voice: 'cedar' } } } },
      new RealtimeAgent({ name: 'A' }),
    );
    expect(
      explicitSettings(undefined, config).warnings.map((w) => w.field),
    ).toEqual(['voice']);
  });

  it('does not warn about the values the SDK fills in by itself', async () => {
    const config = await sdkInitialConfig({}, new RealtimeAgent({ name: 'A' }));
    expect(explicitSettings(undefined, config).warnings).toEqual([]);
  });

  it('names the transcription setting to use instead of RealtimeSession model', () => {
    const { warnings } = explicitSettings(undefined, {
      model: 'gpt-realtime',
    } as never);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.field).toBe('model');
    expect(warnings[0]!.message).toMatch(/transcription\.model/);
  });

  it('warns once for each response-only turn detection field and does not send them', () => {
    const { settings, warnings } = explicitSettings(
      {
        turnDetection: {
          type: 'server_vad',
          createResponse: true,
          interruptResponse: false,
          idleTimeoutMs: 6000,
        } as never,
      },
      undefined,
    );
    expect(settings.turnDetection).toEqual({ type: 'server_vad' });
    expect(warnings.map((w) => w.field)).toEqual([
      'session.turnDetection.createResponse',
      'session.turnDetection.interruptResponse',
      'session.turnDetection.idleTimeoutMs',
    ]);
  });
});

describe('explicitSettings: invalid option values', () => {
  it.each<[string, unknown, RegExp]>([
    ['session itself', 'fast', /session option must be an object/],
    [
      'format.rate',
      { format: { type: 'audio/pcm', rate: 16000 } },
      /session\.format\.rate must be 24000.*16000/,
    ],
    [
      'format.type',
      { format: { type: 'audio/wav' } },
      /session\.format\.type.*audio\/wav/,
    ],
    ['format', { format: 42 }, /session\.format must be/],
    [
      'transcription',
      { transcription: 'whisper-1' },
      /session\.transcription must be an object or null/,
    ],
    [
      'transcription.model',
      { transcription: { model: 5 } },
      /session\.transcription\.model must be a string; got 5/,
    ],
    [
      'transcription.languages (empty)',
      { transcription: { model: 'gpt-transcribe', languages: [] } },
      /session\.transcription\.languages must be a non-empty array/,
    ],
    [
      'transcription.keywords (not strings)',
      { transcription: { model: 'gpt-transcribe', keywords: [1] } },
      /session\.transcription\.keywords/,
    ],
    [
      'transcription.delay',
      { transcription: { model: 'gpt-realtime-whisper', delay: 'fast' } },
      /session\.transcription\.delay must be one of.*"fast"/,
    ],
    [
      'noiseReduction',
      { noiseReduction: { type: 'studio' } },
      /session\.noiseReduction must be/,
    ],
    [
      'turnDetection.type',
      { turnDetection: { type: 'push_to_talk' } },
      /session\.turnDetection\.type.*push_to_talk/,
    ],
    [
      'turnDetection.threshold',
      { turnDetection: { type: 'server_vad', threshold: 2 } },
      /session\.turnDetection\.threshold must be a number from 0 to 1; got 2/,
    ],
    [
      'turnDetection.silenceDurationMs',
      { turnDetection: { type: 'server_vad', silenceDurationMs: -1 } },
      /session\.turnDetection\.silenceDurationMs/,
    ],
    [
      'turnDetection.eagerness',
      { turnDetection: { type: 'semantic_vad', eagerness: 'eager' } },
      /session\.turnDetection\.eagerness.*eager/,
    ],
    [
      'include',
      { include: ['item.input_audio_transcription.avg_logprob'] },
      /session\.include.*avg_logprob/,
    ],
  ])(
    'refuses an invalid %s with INVALID_OPTION naming it',
    (_f, option, message) => {
      expect(codeOf(() => explicitSettings(option as never, undefined))).toBe(
        'INVALID_OPTION',
      );
      expect(() => explicitSettings(option as never, undefined)).toThrow(
        message,
      );
    },
  );

  it('names the SDK config path for an invalid RealtimeSession value', () => {
    expect(() =>
      explicitSettings(undefined, {
        audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } },
      } as never),
    ).toThrow(/config\.audio\.input\.format\.rate must be 24000/);
  });

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
});

describe('explicitSettings: model conflicts the user asked for', () => {
  it.each<[string, TranscriptionSessionOptions]>([
    [
      'a prompt with gpt-realtime-whisper',
      { transcription: { model: 'gpt-realtime-whisper', prompt: 'x' } },
    ],
    [
      'server VAD with gpt-realtime-whisper',
      {
        transcription: { model: 'gpt-realtime-whisper' },
        turnDetection: { type: 'server_vad' },
      },
    ],
    [
      'languages with gpt-4o-transcribe',
      { transcription: { model: 'gpt-4o-transcribe', languages: ['en'] } },
    ],
    [
      'language and languages together',
      {
        transcription: {
          model: 'gpt-transcribe',
          language: 'en',
          languages: ['en'],
        },
      },
    ],
  ])('refuses %s with CONFIG_CONFLICT', (_t, option) => {
    expect(codeOf(() => explicitSettings(option, undefined))).toBe(
      'CONFIG_CONFLICT',
    );
  });

  it('refuses a conflict between the option model and a config prompt merged into it', () => {
    expect(
      codeOf(() =>
        explicitSettings(
          { transcription: { model: 'gpt-realtime-whisper' } },
          { audio: { input: { transcription: { prompt: 'Tech terms' } } } },
        ),
      ),
    ).toBe('CONFIG_CONFLICT');
  });
});

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

describe('sameValue', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    [null, undefined, false],
    [{ a: null }, {}, false],
    [{ a: { b: 1 } }, { a: { b: 2 } }, false],
  ])('sameValue(%j, %j) is %s', (a, b, expected) => {
    expect(sameValue(a, b)).toBe(expected);
  });
});

describe('session option checks before any I/O (issue 12)', () => {
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

  it('refuses explicit server VAD for gpt-live-transcribe with CONFIG_CONFLICT', () => {
    expect(
      codeOf(() =>
        explicitSettings(
          {
            transcription: { model: 'gpt-live-transcribe' },
            turnDetection: { type: 'server_vad' },
          },
          undefined,
        ),
      ),
    ).toBe('CONFIG_CONFLICT');
  });
});
