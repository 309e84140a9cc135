/**
 * What each known transcription model takes (protocol.md §3.3). Unknown names (Azure deployment
 * names, future models) are not checked: the server is the judge of those.
 */
import { TranscriptionTransportError } from '../errors.js';
import type {
  TranscriptionModelOptions,
  TranscriptionTurnDetection,
} from './settings.js';

interface ModelTraits {
  /** `turn_detection` must be `null`: the client commits each turn. */
  noTurnDetection: boolean;
  /** Defaults to `turn_detection: null` when the user did not choose (OpenAI's own examples do). */
  preferNoTurnDetection: boolean;
  prompt: boolean;
  languagesAndKeywords: boolean;
  delay: boolean;
  /** `delta` carries the whole turn's text so far, not a fragment. */
  wholeTextDeltas: boolean;
}

const BASE: ModelTraits = {
  noTurnDetection: false,
  preferNoTurnDetection: false,
  prompt: true,
  languagesAndKeywords: false,
  delay: false,
  wholeTextDeltas: false,
};

const KNOWN: Record<string, ModelTraits> = {
  'whisper-1': { ...BASE, wholeTextDeltas: true },
  'gpt-4o-transcribe': BASE,
  'gpt-4o-mini-transcribe': BASE,
  'gpt-4o-mini-transcribe-2025-12-15': BASE,
  'gpt-4o-transcribe-diarize': { ...BASE, prompt: false },
  'gpt-transcribe': { ...BASE, languagesAndKeywords: true },
  'gpt-live-transcribe': {
    ...BASE,
    languagesAndKeywords: true,
    delay: true,
    preferNoTurnDetection: true,
  },
  'gpt-realtime-whisper': {
    ...BASE,
    noTurnDetection: true,
    preferNoTurnDetection: true,
    prompt: false,
    delay: true,
  },
};

/** The traits of a model, or `undefined` for a name we do not know. */
export function traitsOf(model: string | undefined): ModelTraits | undefined {
  return model === undefined ? undefined : KNOWN[model];
}

function conflict(message: string): TranscriptionTransportError {
  return new TranscriptionTransportError('CONFIG_CONFLICT', message);
}

/**
 * Refuses settings the user asked for explicitly that the model cannot take, before anything is sent.
 * Only explicit values are checked: values inherited from the server are filtered, not refused.
 */
export function assertModelAccepts(
  model: string | undefined,
  transcription: TranscriptionModelOptions | null | undefined,
  turnDetection: TranscriptionTurnDetection | undefined,
): void {
  if (
    transcription?.language !== undefined &&
    transcription.languages !== undefined
  ) {
    throw conflict(
      'transcription.language and transcription.languages were both set; send one (languages is for gpt-transcribe and gpt-live-transcribe).',
    );
  }
  const traits = traitsOf(model);
  if (!traits) return;
  if (traits.noTurnDetection && turnDetection) {
    throw conflict(
      `${model} does not support turn detection: set turnDetection to null and commit each turn (sendAudio(..., { commit: true })); got turnDetection.type '${turnDetection.type}'.`,
    );
  }
  if (!traits.prompt && transcription?.prompt !== undefined) {
    throw conflict(`${model} does not take transcription.prompt; remove it.`);
  }
  if (!traits.languagesAndKeywords) {
    for (const field of ['languages', 'keywords'] as const) {
      if (transcription?.[field] !== undefined) {
        throw conflict(
          `transcription.${field} is only supported by gpt-transcribe and gpt-live-transcribe; the model is ${model}.`,
        );
      }
    }
  }
  if (!traits.delay && transcription?.delay !== undefined) {
    throw conflict(
      `transcription.delay is only supported by gpt-realtime-whisper and gpt-live-transcribe; the model is ${model}.`,
    );
  }
}

/** Drops inherited (not explicit) fields the model would refuse, so a preset never breaks a model switch. */
export function withoutUnsupported(
  model: string | undefined,
  transcription: TranscriptionModelOptions,
): TranscriptionModelOptions {
  const traits = traitsOf(model);
  if (!traits) return transcription;
  const out = { ...transcription };
  if (!traits.prompt) delete out.prompt;
  if (!traits.languagesAndKeywords) {
    delete out.languages;
    delete out.keywords;
  }
  if (!traits.delay) delete out.delay;
  return out;
}
