import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { describe, expect, it } from 'vitest';
import { explicitSettings } from '../../src/config/explicit-settings.js';
import type {
  TranscriptionSessionOptions,
  TranscriptionSettings,
} from '../../src/config/settings.js';
import { codeOf } from '../helpers/errors.js';

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

describe('explicitSettings: server VAD with a model whose server VAD is inert (decision 0015)', () => {
  it('warns once, naming the model, and sends the choice as asked', () => {
    const { settings, warnings } = explicitSettings(
      {
        transcription: { model: 'gpt-transcribe' },
        turnDetection: { type: 'server_vad' },
      },
      undefined,
    );
    expect(settings.turnDetection).toEqual({ type: 'server_vad' });
    const inert = warnings.filter((w) => w.field === 'turnDetection');
    expect(inert).toHaveLength(1);
    expect(inert[0]!.message).toMatch(
      /^gpt-transcribe accepts turnDetection \{ type: 'server_vad' \} but its server VAD is inert/,
    );
  });

  it('warns for semantic_vad set in the RealtimeSession config too', async () => {
    const config = await sdkInitialConfig({
      config: {
        audio: {
          input: {
            transcription: { model: 'gpt-transcribe' },
            turnDetection: { type: 'semantic_vad' },
          },
        },
      },
    });
    const { settings, warnings } = explicitSettings(undefined, config);
    expect(settings.turnDetection).toEqual({ type: 'semantic_vad' });
    expect(warnings.map((w) => w.field)).toContain('turnDetection');
  });

  it('does not warn when the model is left to the server or turn detection to the transport', () => {
    for (const options of [
      { turnDetection: { type: 'server_vad' } },
      { transcription: { model: 'gpt-transcribe' } },
      {
        transcription: { model: 'gpt-transcribe' },
        turnDetection: { type: 'client_vad' },
      },
    ] as TranscriptionSessionOptions[])
      expect(
        explicitSettings(options, undefined).warnings.map((w) => w.field),
      ).not.toContain('turnDetection');
  });
});
