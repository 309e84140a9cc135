/**
 * Transcription models the simulator knows, how each one answers (delta style, usage kind, extra events) and
 * the model rules protocol.md §3.3 states, checked on the merged session before an update is accepted.
 */
import { eventErrors, type WireError } from '../errors.js';
import type { SessionSettings } from './settings.js';

/** Models accepted in `audio.input.transcription.model` (protocol.md §11.1, [DOC-RTT-GA1] for `-latest`). */
export const TRANSCRIPTION_MODELS = [
  'whisper-1',
  'gpt-transcribe',
  'gpt-live-transcribe',
  'gpt-4o-mini-transcribe',
  'gpt-4o-mini-transcribe-2025-12-15',
  'gpt-4o-transcribe',
  'gpt-4o-transcribe-latest',
  'gpt-4o-transcribe-diarize',
  'gpt-realtime-whisper',
] as const;

/** How a model's transcription events look. */
export interface ModelBehaviour {
  /** `whole`: one delta with the full text (whisper-1, §8.3); `words`: one delta per word. */
  deltas: 'whole' | 'words';
  /** `tokens` for token-priced models, `duration` for per-minute ones (INFERRED for the latter, §8.2). */
  usage: 'tokens' | 'duration';
  /** `gpt-4o-transcribe-diarize` sends `…segment` events (INFERRED shape from the spec example). */
  segments: boolean;
  /** `gpt-transcribe` reports detected `languages` on `completed` ([NODE-RT] 33–52). */
  languages: boolean;
}

const DURATION_PRICED = new Set([
  'gpt-realtime-whisper',
  'gpt-live-transcribe',
]);

/** The behaviour of `model` (unknown models never get here: validation refuses them). */
export function modelBehaviour(model: string): ModelBehaviour {
  return {
    deltas: model === 'whisper-1' ? 'whole' : 'words',
    usage: DURATION_PRICED.has(model) ? 'duration' : 'tokens',
    segments: model === 'gpt-4o-transcribe-diarize',
    languages: model === 'gpt-transcribe',
  };
}

/** Models that take `languages` and `keywords` ([AGPY-GUIDE], [DOC-GLT]). */
const MULTI_LANGUAGE_MODELS = new Set([
  'gpt-transcribe',
  'gpt-live-transcribe',
]);
/** Models that take `delay`: [NODE-RT] says gpt-realtime-whisper only; [AGJS-DOC] adds gpt-live-transcribe. */
const DELAY_MODELS = new Set(['gpt-realtime-whisper', 'gpt-live-transcribe']);

const PATH = 'session.audio.input';

/**
 * Checks rules that depend on the combination of settings, after merging. The real error texts are not
 * captured: every message here is INFERRED (worded after the schema docs quoted in protocol.md §3.2–3.3).
 */
export function checkModelRules(settings: SessionSettings): WireError | null {
  const transcription = settings.transcription;
  if (!transcription) return null;
  // INFERRED: a transcription object with no model has nothing to transcribe with.
  if (transcription.model === undefined)
    return eventErrors.missingParameter(`${PATH}.transcription.model`);
  const model = String(transcription.model);
  if (model === 'gpt-realtime-whisper') {
    if (settings.turn_detection !== null) {
      return eventErrors.modelRule(
        `${PATH}.turn_detection`,
        'For `gpt-realtime-whisper` transcription sessions, turn detection must be set to `null`; VAD is not supported.',
      );
    }
    if (transcription.prompt !== undefined) {
      return eventErrors.modelRule(
        `${PATH}.transcription.prompt`,
        'Prompt is not supported with `gpt-realtime-whisper` in GA Realtime sessions.',
      );
    }
  }
  for (const field of ['languages', 'keywords']) {
    if (
      transcription[field] !== undefined &&
      !MULTI_LANGUAGE_MODELS.has(model)
    ) {
      return eventErrors.modelRule(
        `${PATH}.transcription.${field}`,
        `\`${field}\` is only supported with \`gpt-transcribe\` and \`gpt-live-transcribe\`, not with \`${model}\`.`,
      );
    }
  }
  if (
    transcription.languages !== undefined &&
    transcription.language !== undefined
  ) {
    return eventErrors.modelRule(
      `${PATH}.transcription.languages`,
      'Provide either `language` or `languages`, not both.',
    );
  }
  if (transcription.delay !== undefined && !DELAY_MODELS.has(model)) {
    return eventErrors.modelRule(
      `${PATH}.transcription.delay`,
      `\`delay\` is only supported with \`gpt-realtime-whisper\` and \`gpt-live-transcribe\`, not with \`${model}\`.`,
    );
  }
  return null;
}
