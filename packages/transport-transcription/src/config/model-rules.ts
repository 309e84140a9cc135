/**
 * What each known transcription model takes (protocol.md §3.3). Unknown names (Azure deployment
 * names, future models) are not checked: the server is the judge of those.
 */
import { TranscriptionTransportError } from '../errors.js';
import type {
  TranscriptionModelOptions,
  TranscriptionTurnDetection,
} from './settings.js';
import {
  TRANSCRIPTION_MODELS,
  type TranscriptionModelFacts,
} from './models.js';

interface ModelTraits {
  /** `turn_detection` must be omitted or `null`: an explicit VAD object is refused (`'refused'` in the table). */
  noTurnDetection: boolean;
  /**
   * The server runs no VAD for this model (`'refused'` or `'inert'`): `turn_detection: null` is sent when the
   * user did not choose, and the client detects the turns.
   */
  preferNoTurnDetection: boolean;
  /** A VAD object is accepted but never commits a turn (`'inert'` in the table): asking for one is warned about. */
  inertTurnDetection: boolean;
  prompt: boolean;
  languagesAndKeywords: boolean;
  delay: boolean;
  /** `delta` carries the whole turn's text so far, not a fragment. */
  wholeTextDeltas: boolean;
  /** Sends deltas before the turn is committed (live captions). */
  preCommitDeltas: boolean;
  /** Announced shutdown and the model to move to, or `null`. */
  shutdown: TranscriptionModelFacts['shutdown'];
}

function traitsFrom(facts: TranscriptionModelFacts): ModelTraits {
  return Object.freeze({
    noTurnDetection: facts.turnDetection === 'refused',
    preferNoTurnDetection: facts.turnDetection !== 'server',
    inertTurnDetection: facts.turnDetection === 'inert',
    prompt: facts.prompt,
    languagesAndKeywords: facts.languagesAndKeywords,
    delay: facts.delay,
    wholeTextDeltas: facts.wholeTextDeltas,
    preCommitDeltas: facts.preCommitDeltas,
    shutdown: facts.shutdown,
  });
}

/** Derived once from the one models table (`models.ts`), which the simulator reads too. */
const KNOWN = new Map<string, ModelTraits>(
  Object.values(TRANSCRIPTION_MODELS).map((facts) => [
    facts.name,
    traitsFrom(facts),
  ]),
);

/** The traits of a model, or `undefined` for a name we do not know. */
export function traitsOf(model: string | undefined): ModelTraits | undefined {
  return model === undefined ? undefined : KNOWN.get(model);
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
  if (
    traits.noTurnDetection &&
    turnDetection &&
    turnDetection.type !== 'client_vad'
  ) {
    throw conflict(
      `${model} does not support server turn detection: leave turnDetection out (the transport then detects turns on the client), set it to { type: 'client_vad' }, or to null and commit each turn (sendAudio(..., { commit: true })); got turnDetection.type '${turnDetection.type}'.`,
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
