/**
 * Which transcription settings to send. Pure; no I/O.
 *
 * Sources, strongest first: the transport's `session` option; values in `RealtimeSession`'s config
 * that are not the SDK's defaults; then, only where the server's `session.created` leaves a gap,
 * our defaults. A session minted from a client secret therefore keeps its preset unless the user
 * overrides it ("fill gaps, never clobber").
 */
import type { RealtimeSessionConfig } from '@openai/agents-realtime';
import { TranscriptionTransportError } from '../errors.js';
import {
  assertModelAccepts,
  traitsOf,
  withoutUnsupported,
} from './model-rules.js';
import {
  normalizeWireFormat,
  type WireSession,
  type WireTranscription,
} from '../wire/wire-session.js';
import { keywordProblem } from './models.js';
import { createClientTurnDetector } from '../audio/turn-detector.js';
import {
  defaultModelFor,
  type ClientTurnDetection,
  type TranscriptionModelOptions,
  type TranscriptionSessionOptions,
  type TranscriptionSettings,
  type TranscriptionTurnDetection,
} from './settings.js';

/** A setting we were given that means nothing in a transcription session. Reported once per field. */
/** A `warning` event: a setting dropped because it means nothing here, or audio dropped from the replay buffer. */
export interface ConfigWarning {
  /** The setting, as a dotted path (e.g. `instructions`, `audio.output.voice`). */
  field: string;
  /** What was dropped and why. */
  message: string;
}

export interface ExplicitSettings {
  settings: TranscriptionSettings;
  warnings: ConfigWarning[];
}

const invalid = (message: string) =>
  new TranscriptionTransportError('INVALID_OPTION', message);
const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Order-insensitive deep equality for plain JSON values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => sameValue(v, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = new Set(
    [...Object.keys(a), ...Object.keys(b)].filter(
      (k) => a[k] !== undefined || b[k] !== undefined,
    ),
  );
  for (const key of keys) if (!sameValue(a[key], b[key])) return false;
  return true;
}

// The block `RealtimeSession` passes when the user configured no input audio (SDK 0.x default).
const SDK_DEFAULT_INPUT = {
  format: { type: 'audio/pcm', rate: 24000 },
  transcription: { model: 'gpt-4o-mini-transcribe' },
  turnDetection: { type: 'semantic_vad' },
  noiseReduction: null,
};

function normalizeFormat(
  value: unknown,
  where: string,
): TranscriptionSettings['format'] {
  const format = normalizeWireFormat(value as never);
  if (!format || !isObject(format))
    throw invalid(
      `${where} must be { type: 'audio/pcm' | 'audio/pcmu' | 'audio/pcma' }; got ${JSON.stringify(value)}.`,
    );
  if (format.type === 'audio/pcmu' || format.type === 'audio/pcma')
    return { type: format.type };
  if (format.type !== 'audio/pcm') {
    throw invalid(
      `${where}.type must be 'audio/pcm', 'audio/pcmu' or 'audio/pcma'; got '${String(format.type)}'.`,
    );
  }
  if (format.rate !== undefined && format.rate !== 24000) {
    throw invalid(
      `${where}.rate must be 24000: transcription sessions take 24 kHz PCM16 only; got ${String(format.rate)}. Resample the audio first.`,
    );
  }
  return { type: 'audio/pcm', rate: 24000 };
}

const STRING_FIELDS = ['model', 'language', 'prompt'] as const;
const LIST_FIELDS = ['languages', 'keywords'] as const;
const DELAYS = ['minimal', 'low', 'medium', 'high', 'xhigh'];

function normalizeTranscription(
  value: unknown,
  where: string,
): TranscriptionModelOptions | null {
  if (value === null) return null;
  if (!isObject(value))
    throw invalid(
      `${where} must be an object or null; got ${JSON.stringify(value)}.`,
    );
  const out: TranscriptionModelOptions = {};
  for (const field of STRING_FIELDS) {
    const v = value[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string')
      throw invalid(
        `${where}.${field} must be a string; got ${JSON.stringify(v)}.`,
      );
    out[field] = v;
  }
  for (const field of LIST_FIELDS) {
    const v = value[field];
    if (v === undefined || v === null) continue;
    if (
      !Array.isArray(v) ||
      v.length === 0 ||
      !v.every((s) => typeof s === 'string')
    ) {
      throw invalid(
        `${where}.${field} must be a non-empty array of strings; got ${JSON.stringify(v)}.`,
      );
    }
    out[field] = [...v];
  }
  out.keywords?.forEach((keyword, i) => {
    const problem = keywordProblem(keyword);
    if (problem)
      throw invalid(
        `${where}.keywords[${i}] is refused: ${problem} (keywords are single-line hints without '<' or '>'; one bad keyword refuses the whole update); got ${JSON.stringify(keyword)}.`,
      );
  });
  if (value.delay !== undefined && value.delay !== null) {
    if (!DELAYS.includes(value.delay))
      throw invalid(
        `${where}.delay must be one of ${DELAYS.join(', ')}; got ${JSON.stringify(value.delay)}.`,
      );
    out.delay = value.delay;
  }
  return out;
}

const REALTIME_ONLY_VAD_FIELDS = [
  'createResponse',
  'create_response',
  'interruptResponse',
  'interrupt_response',
  'idleTimeoutMs',
  'idle_timeout_ms',
  'modelVersion',
  'model_version',
];

function normalizeTurnDetection(
  value: unknown,
  where: string,
  warnings: ConfigWarning[],
): TranscriptionTurnDetection {
  if (value === null) return null;
  if (!isObject(value))
    throw invalid(
      `${where} must be an object or null; got ${JSON.stringify(value)}.`,
    );
  for (const field of REALTIME_ONLY_VAD_FIELDS) {
    if (value[field] !== undefined) {
      warnings.push({
        field: `${where}.${field}`,
        message: `${where}.${field} controls responses, which a transcription session does not make; it is not sent.`,
      });
    }
  }
  const type = value.type ?? 'server_vad';
  if (type === 'client_vad') return normalizeClientTurnDetection(value, where);
  if (type === 'semantic_vad') {
    const eagerness = value.eagerness;
    if (
      eagerness !== undefined &&
      !['low', 'medium', 'high', 'auto'].includes(eagerness)
    ) {
      throw invalid(
        `${where}.eagerness must be low, medium, high or auto; got ${JSON.stringify(eagerness)}.`,
      );
    }
    return eagerness === undefined ? { type } : { type, eagerness };
  }
  if (type !== 'server_vad')
    throw invalid(
      `${where}.type must be 'server_vad', 'semantic_vad' or 'client_vad'; got ${JSON.stringify(type)}.`,
    );
  const out: Extract<TranscriptionTurnDetection, { type: 'server_vad' }> = {
    type,
  };
  const numeric = [
    ['threshold', value.threshold, 0, 1],
    [
      'prefixPaddingMs',
      value.prefixPaddingMs ?? value.prefix_padding_ms,
      0,
      Infinity,
    ],
    [
      'silenceDurationMs',
      value.silenceDurationMs ?? value.silence_duration_ms,
      0,
      Infinity,
    ],
  ] as const;
  for (const [name, v, min, max] of numeric) {
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw invalid(
        `${where}.${name} must be a number from ${min} to ${max}; got ${JSON.stringify(v)}.`,
      );
    }
    out[name] = v;
  }
  return out;
}

/**
 * `{ type: 'client_vad', … }`: the detector's options are checked now by making one (it throws naming the
 * option and the value), so a typo fails before any I/O. With `createDetector`, the factory decides.
 */
function normalizeClientTurnDetection(
  value: Record<string, any>,
  where: string,
): ClientTurnDetection {
  const { createDetector, ...options } = value;
  if (createDetector !== undefined) {
    if (typeof createDetector !== 'function')
      throw invalid(
        `${where}.createDetector must be a function (format) => TurnDetector; got ${typeof createDetector}.`,
      );
    return { type: 'client_vad', createDetector };
  }
  try {
    createClientTurnDetector(options);
  } catch (error) {
    throw invalid(
      `${where}: ${(error as Error).message.replace(/^createClientTurnDetector\(\): /, '')}`,
    );
  }
  return { ...options, type: 'client_vad' } as ClientTurnDetection;
}

function normalizeNoiseReduction(
  value: unknown,
  where: string,
): { type: string; strength?: number } | null {
  if (value === null) return null;
  if (
    !isObject(value) ||
    (value.type !== 'near_field' && value.type !== 'far_field')
  ) {
    throw invalid(
      `${where} must be { type: 'near_field' | 'far_field', strength? } or null; got ${JSON.stringify(value)}.`,
    );
  }
  const strength = value.strength;
  if (strength === undefined || strength === null) return { type: value.type };
  if (
    typeof strength !== 'number' ||
    !Number.isFinite(strength) ||
    strength < 0 ||
    strength > 1
  )
    throw invalid(
      `${where}.strength must be a number from 0 to 1; got ${JSON.stringify(strength)}.`,
    );
  return { type: value.type, strength };
}

function normalizeInclude(value: unknown, where: string): string[] {
  if (
    !Array.isArray(value) ||
    !value.every((v) => v === 'item.input_audio_transcription.logprobs')
  ) {
    throw invalid(
      `${where} takes only 'item.input_audio_transcription.logprobs'; got ${JSON.stringify(value)}.`,
    );
  }
  return [...value];
}

/** Normalizes the transport's `session` option; throws `INVALID_OPTION` naming the bad field. */
export function normalizeSessionOptions(
  options: TranscriptionSessionOptions | undefined,
  warnings: ConfigWarning[] = [],
): TranscriptionSettings {
  const out: TranscriptionSettings = {};
  if (options === undefined) return out;
  if (!isObject(options))
    throw invalid(
      `The session option must be an object; got ${JSON.stringify(options)}.`,
    );
  const o = options as Record<string, unknown>;
  if (o.format !== undefined)
    out.format = normalizeFormat(o.format, 'session.format');
  if (o.transcription !== undefined)
    out.transcription = normalizeTranscription(
      o.transcription,
      'session.transcription',
    );
  if (o.noiseReduction !== undefined)
    out.noiseReduction = normalizeNoiseReduction(
      o.noiseReduction,
      'session.noiseReduction',
    );
  if (o.turnDetection !== undefined)
    out.turnDetection = normalizeTurnDetection(
      o.turnDetection,
      'session.turnDetection',
      warnings,
    );
  if (o.include !== undefined)
    out.include = normalizeInclude(o.include, 'session.include');
  return out;
}

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
  return { settings, warnings };
}

function withoutNulls(
  t: WireTranscription | null | undefined,
): TranscriptionModelOptions {
  const out: Record<string, unknown> = {};
  if (t)
    for (const [k, v] of Object.entries(t))
      if (v !== null && v !== undefined) out[k] = v;
  return out as TranscriptionModelOptions;
}

function wireTurnDetection(
  t: TranscriptionTurnDetection | undefined,
): Record<string, unknown> | null | undefined {
  if (t === undefined || t === null) return t;
  // The client detects the turns: the server must run none.
  if (t.type === 'client_vad') return null;
  if (t.type === 'semantic_vad') return { ...t };
  const out: Record<string, unknown> = { type: t.type };
  if (t.threshold !== undefined) out.threshold = t.threshold;
  if (t.prefixPaddingMs !== undefined)
    out.prefix_padding_ms = t.prefixPaddingMs;
  if (t.silenceDurationMs !== undefined)
    out.silence_duration_ms = t.silenceDurationMs;
  return out;
}

/** True when every field `wanted` sets already has that value on the server. */
function serverHas(
  wanted: Record<string, unknown>,
  server: Record<string, unknown> | null | undefined,
): boolean {
  if (!server) return false;
  return Object.entries(wanted).every(([k, v]) => sameValue(v, server[k]));
}

/**
 * The settings to send, given what the user asked for and what the server reports (`session.created` or
 * the last `session.updated`). Returns `undefined` when the server already has everything.
 * Throws `CONFIG_CONFLICT` when an explicit setting contradicts the model the session ends up with.
 */
export function settingsToSend(
  explicit: TranscriptionSettings,
  server: WireSession | undefined,
): TranscriptionSettings | undefined {
  const current = server?.audio?.input ?? {};
  const out: TranscriptionSettings = {};

  if (
    explicit.format &&
    !sameValue(explicit.format, normalizeWireFormat(current.format))
  )
    out.format = explicit.format;

  const serverTranscription = current.transcription
    ? withoutNulls(current.transcription)
    : undefined;
  let model = explicit.transcription?.model ?? serverTranscription?.model;
  if (explicit.transcription === null) {
    if (current.transcription !== null) out.transcription = null;
  } else if (explicit.transcription || !serverTranscription?.model) {
    // Send a whole transcription object: the server may replace the object rather than merge fields.
    model ??= defaultModelFor(explicit.turnDetection);
    const wanted = explicit.transcription ?? {};
    const inherited = withoutUnsupported(model, { ...serverTranscription });
    if (wanted.languages) delete inherited.language;
    if (wanted.language) delete inherited.languages;
    const merged = { ...inherited, ...wanted, model };
    if (!sameValue(merged, serverTranscription)) out.transcription = merged;
  }
  assertModelAccepts(model, explicit.transcription, explicit.turnDetection);

  if (
    explicit.noiseReduction !== undefined &&
    // The server echoes `strength` once enabled: only the fields asked for are compared.
    !(explicit.noiseReduction === null
      ? (current.noise_reduction ?? null) === null
      : serverHas(explicit.noiseReduction, current.noise_reduction))
  ) {
    out.noiseReduction = explicit.noiseReduction;
  }

  if (explicit.turnDetection !== undefined) {
    const wanted = wireTurnDetection(explicit.turnDetection);
    const same =
      wanted === null
        ? current.turn_detection === null
        : serverHas(
            wanted!,
            current.turn_detection as Record<string, unknown> | null,
          );
    if (!same)
      out.turnDetection =
        explicit.turnDetection?.type === 'client_vad'
          ? null
          : explicit.turnDetection;
  } else if (
    traitsOf(model)?.preferNoTurnDetection &&
    current.turn_detection !== null
  ) {
    out.turnDetection = null;
  }

  if (explicit.include && !sameValue(explicit.include, server?.include ?? []))
    out.include = explicit.include;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The turn detection in wire shape; exported for `dialects.ts`. */
export { wireTurnDetection };

/**
 * The transcription model a session runs with these settings: the user's, else the server's, else the
 * default the transport fills in (`undefined` when transcription is off or the model is unknown yet).
 */
export function modelInEffect(
  explicit: TranscriptionSettings,
  server: WireSession | undefined,
): string | undefined {
  if (explicit.transcription === null) return undefined;
  const serverModel = server?.audio?.input?.transcription?.model ?? undefined;
  return (
    explicit.transcription?.model ??
    serverModel ??
    defaultModelFor(explicit.turnDetection)
  );
}

const AUTOMATIC_CLIENT_VAD: ClientTurnDetection = Object.freeze({
  type: 'client_vad',
});

/**
 * The client turn detection to run, or `undefined` for none: the user's `client_vad`, or the default one
 * when the user chose no turn detection and `model` takes no server VAD. `null` means "I commit myself".
 */
export function clientTurnDetection(
  explicit: TranscriptionSettings,
  model: string | undefined,
): ClientTurnDetection | undefined {
  const chosen = explicit.turnDetection;
  if (chosen?.type === 'client_vad') return chosen;
  if (chosen === undefined && traitsOf(model)?.preferNoTurnDetection)
    return AUTOMATIC_CLIENT_VAD;
  return undefined;
}

/** The one `warning` for a model with an announced shutdown, or `undefined`. */
export function shutdownWarning(
  model: string | undefined,
): ConfigWarning | undefined {
  const shutdown = traitsOf(model)?.shutdown;
  if (!shutdown) return undefined;
  return {
    field: 'transcription.model',
    message: `${model} shuts down on ${shutdown.date} (announced by OpenAI); move to ${shutdown.replacement}. This transport detects the turns on the client for models without server VAD, so the switch needs no commit code.`,
  };
}

/**
 * Settings only the GA shape has: `noise_reduction.strength` is a GA field; the legacy
 * `input_audio_noise_reduction` takes only `type` (the simulator's legacy dialect refuses it as an unknown
 * parameter), so it is refused before anything is sent rather than by the server.
 */
export function assertDialectAccepts(
  dialect: 'ga' | 'legacy',
  settings: TranscriptionSettings,
): void {
  if (dialect === 'legacy' && settings.noiseReduction?.strength !== undefined)
    throw new TranscriptionTransportError(
      'CONFIG_CONFLICT',
      `noiseReduction.strength is only sent in the GA dialect; the legacy transcription_session.update takes input_audio_noise_reduction.type only. Remove strength or use dialect 'ga'.`,
    );
}
