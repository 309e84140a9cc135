/**
 * One block of transcription settings, as the user wrote it (the transport's `session` option, or the
 * `audio.input` of `RealtimeSession`'s config), checked and normalized to {@link TranscriptionSettings}.
 * Throws `INVALID_OPTION` naming the field and the value; pure, no I/O. Which block wins is
 * `explicit-settings.ts`'s job.
 */
import { createClientTurnDetector } from '../audio/turn-detector.js';
import { TranscriptionTransportError } from '../errors.js';
import { normalizeWireFormat } from '../wire/wire-session.js';
import { keywordProblem } from './models.js';
import {
  isObject,
  type ClientTurnDetection,
  type TranscriptionModelOptions,
  type TranscriptionSessionOptions,
  type TranscriptionSettings,
  type TranscriptionTurnDetection,
} from './settings.js';
import type { ConfigWarning } from './warnings.js';

const invalid = (message: string) =>
  new TranscriptionTransportError('INVALID_OPTION', message);

/** `format`: PCM16 at 24 kHz or G.711; a legacy string (`pcm16`) is read as its object. */
export function normalizeFormat(
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

/** `transcription`: the model and its hints, each field type-checked; keywords by the table's rule. */
export function normalizeTranscription(
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

/**
 * `turnDetection`: server, semantic or client VAD, or `null`. Response-only fields (`createResponse`…) are
 * dropped with one warning each, pushed onto `warnings`.
 */
export function normalizeTurnDetection(
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

/** `noiseReduction`: near or far field with an optional `strength` 0..1, or `null` for off. */
export function normalizeNoiseReduction(
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
