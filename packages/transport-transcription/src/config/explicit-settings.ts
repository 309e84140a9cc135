/**
 * What the user explicitly asked for: the transport's `session` option over the values in
 * `RealtimeSession`'s config that are not the SDK's defaults (decision 0006: the SDK's default
 * `audio.input` block counts as unset), with one warning per agent field that means nothing in a
 * transcription session and one for server VAD asked of a model whose VAD is inert (decision 0015). Pure;
 * no I/O. What is then sent is `settings-to-send.ts`'s job.
 */
import type { RealtimeSessionConfig } from '@openai/agents-realtime';
import { inertTurnDetectionWarning } from './model-in-effect.js';
import { assertModelAccepts } from './model-rules.js';
import {
  normalizeFormat,
  normalizeNoiseReduction,
  normalizeSessionOptions,
  normalizeTranscription,
  normalizeTurnDetection,
} from './normalize-settings.js';
import {
  isObject,
  sameValue,
  type TranscriptionSessionOptions,
  type TranscriptionSettings,
} from './settings.js';
import type { ConfigWarning } from './warnings.js';

/** The settings the user asked for, and the warnings about what is not sent or will not work as asked. */
export interface ExplicitSettings {
  settings: TranscriptionSettings;
  warnings: ConfigWarning[];
}

// The block `RealtimeSession` passes when the user configured no input audio (SDK 0.x default).
const SDK_DEFAULT_INPUT = {
  format: { type: 'audio/pcm', rate: 24000 },
  transcription: { model: 'gpt-4o-mini-transcribe' },
  turnDetection: { type: 'semantic_vad' },
  noiseReduction: null,
};

/** Agent fields: meaningful to a conversation, meaningless here. Warned about when set to something. */
function agentFieldWarnings(config: Record<string, any>): ConfigWarning[] {
  const set: Array<[string, boolean]> = [
    [
      'instructions',
      typeof config.instructions === 'string' &&
        config.instructions.trim() !== '',
    ],
    ['tools', Array.isArray(config.tools) && config.tools.length > 0],
    // RealtimeSession copies audio.output.voice to voice: one setting, one warning.
    ['voice', (config.voice ?? config.audio?.output?.voice ?? null) !== null],
    ['model', typeof config.model === 'string'],
    [
      'outputModalities',
      config.outputModalities !== undefined &&
        !sameValue(config.outputModalities, ['audio']),
    ],
    ['modalities', config.modalities !== undefined],
    ['tracing', isObject(config.tracing)],
    [
      'toolChoice',
      config.toolChoice !== undefined && config.toolChoice !== 'auto',
    ],
    ['prompt', config.prompt !== undefined && config.prompt !== null],
    ['reasoning', config.reasoning !== undefined],
    [
      'audio.output',
      isObject(config.audio?.output) &&
        config.audio.output.speed !== undefined &&
        config.audio.output.speed !== 1,
    ],
  ];
  return set
    .filter(([, isSet]) => isSet)
    .map(([field]) => ({
      field,
      message:
        field === 'model'
          ? `RealtimeSession's model option names a conversation model and is not used in a transcription session; set the transcription model with config.audio.input.transcription.model or the transport's session.transcription.model.`
          : `${field} is an agent setting; a transcription session has no agent output, so it is not sent.`,
    }));
}

/**
 * What the user explicitly asked for: the transport's `session` option over the values in
 * `RealtimeSession`'s config that are not the SDK's defaults. Throws on invalid or conflicting values.
 */
export function explicitSettings(
  options: TranscriptionSessionOptions | undefined,
  sdkConfig: Partial<RealtimeSessionConfig> | undefined,
): ExplicitSettings {
  const warnings: ConfigWarning[] = [];
  const fromOptions = normalizeSessionOptions(options, warnings);
  const fromSdk: TranscriptionSettings = {};
  const config = (sdkConfig ?? {}) as Record<string, any>;
  warnings.push(...agentFieldWarnings(config));

  // A GA `audio.input` block equal to the SDK's default block is the SDK speaking, not the user.
  const input: Record<string, any> =
    isObject(config.audio?.input) &&
    !sameValue(config.audio.input, SDK_DEFAULT_INPUT)
      ? config.audio.input
      : {};
  const pick = (ga: string, deprecated: string) =>
    input[ga] !== undefined ? input[ga] : config[deprecated];
  const format = pick('format', 'inputAudioFormat');
  const transcription = pick('transcription', 'inputAudioTranscription');
  const noise = pick('noiseReduction', 'inputAudioNoiseReduction');
  const turn = pick('turnDetection', 'turnDetection');
  if (format !== undefined)
    fromSdk.format = normalizeFormat(format, 'config.audio.input.format');
  if (transcription !== undefined)
    fromSdk.transcription = normalizeTranscription(
      transcription,
      'config.audio.input.transcription',
    );
  if (noise !== undefined)
    fromSdk.noiseReduction = normalizeNoiseReduction(
      noise,
      'config.audio.input.noiseReduction',
    );
  if (turn !== undefined)
    fromSdk.turnDetection = normalizeTurnDetection(
      turn,
      'config.audio.input.turnDetection',
      warnings,
    );

  const settings: TranscriptionSettings = { ...fromSdk, ...fromOptions };
  // Transcription fields merge one by one, so `session.transcription.language` does not drop the config's model.
  if (fromOptions.transcription && fromSdk.transcription) {
    settings.transcription = {
      ...fromSdk.transcription,
      ...fromOptions.transcription,
    };
  }
  assertModelAccepts(
    settings.transcription?.model,
    settings.transcription,
    settings.turnDetection,
  );
  // Known before any I/O only when the user named the model; a preset's model is the server's to report.
  const inert = inertTurnDetectionWarning(
    settings.transcription?.model,
    settings.turnDetection,
  );
  if (inert) warnings.push(inert);
  return { settings, warnings };
}
