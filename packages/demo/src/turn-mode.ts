/**
 * Where a session's turns are found, by model, for the CLI and the web page alike: the transport's models
 * table says which models run server VAD; the others get the transport's client turn detector.
 */
import { modelFacts } from '@agents-transcription/transport';

/** `server`: server VAD commits each turn; `client`: the transport's turn detector does, on the client. */
export type TurnMode = 'server' | 'client';

/**
 * Server VAD where the model runs it, the client detector for the models without it (the default,
 * `gpt-live-transcribe`, among them). A name the table does not know (an Azure deployment) keeps server
 * VAD, which every OpenAI-compatible server of the older protocol runs.
 */
export function defaultTurnMode(model: string): TurnMode {
  return (modelFacts(model)?.turnDetection ?? 'server') === 'server'
    ? 'server'
    : 'client';
}

/**
 * Why server VAD cannot be asked of `model` (the server, and the transport before it, would refuse it), in
 * the CLI's words; `undefined` when it can.
 */
export function serverVadProblem(model: string): string | undefined {
  if (defaultTurnMode(model) === 'server') return undefined;
  return `${model} does not run server VAD; use --vad client (the default for it), or a model that does, e.g. --model gpt-4o-mini-transcribe`;
}
