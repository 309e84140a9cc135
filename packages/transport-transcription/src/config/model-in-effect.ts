/**
 * What the model in effect implies once the settings are known: which model that is, whether the client
 * detects the turns, and the warnings the model carries. Pure; no I/O; the facts come from the one models
 * table through `model-rules.ts`.
 */
import { traitsOf } from './model-rules.js';
import {
  defaultModelFor,
  type ClientTurnDetection,
  type TranscriptionSettings,
  type TranscriptionTurnDetection,
} from './settings.js';
import type { WireSession } from '../wire/wire-session.js';
import type { ConfigWarning } from './warnings.js';

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
 * The one `warning` for server or semantic VAD asked for with a model whose server VAD is inert
 * (`gpt-transcribe`): the server accepts the setting but never commits a turn, so without commits of the
 * application's own no transcript ever comes. The choice is the user's and is sent as asked (decision 0015);
 * the warning names the model and the two fixes. `undefined` for every other model or turn detection.
 */
export function inertTurnDetectionWarning(
  model: string | undefined,
  turnDetection: TranscriptionTurnDetection | undefined,
): ConfigWarning | undefined {
  if (!traitsOf(model)?.inertTurnDetection) return undefined;
  if (
    turnDetection?.type !== 'server_vad' &&
    turnDetection?.type !== 'semantic_vad'
  )
    return undefined;
  return {
    field: 'turnDetection',
    message: `${model} accepts turnDetection { type: '${turnDetection.type}' } but its server VAD is inert: the server never commits a turn, so no transcript comes unless the application commits each turn itself (sendAudio(..., { commit: true })). Set turnDetection to { type: 'client_vad' } for the transport to detect the turns, or leave it out (the transport then does the same for ${model}).`,
  };
}
