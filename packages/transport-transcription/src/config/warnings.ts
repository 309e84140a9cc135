/**
 * The `warning` event's payload, and the console fallback for warnings nobody listens to: printed once per
 * field per process.
 */

/**
 * A `warning` event: a setting dropped because it means nothing here, a model the settings will not work
 * well with (shutdown date, inert server VAD), a server frame dropped, or audio dropped from the replay buffer.
 */
export interface ConfigWarning {
  /** The setting, as a dotted path (e.g. `instructions`, `audio.output.voice`). */
  field: string;
  /** What was dropped and why. */
  message: string;
}

/**
 * Fields whose warning went to the console, process-wide: a server running 1,000 sessions with the same
 * agent config should print each one once, not 1,000 times. The `warning` event stays per transport.
 * Replay-buffer drops are printed every episode: each one lost audio.
 */
const printed = new Set<string>();

/** Prints `warning` unless a `warning` listener heard it (`heard`). */
export function printUnheard(warning: ConfigWarning, heard: boolean): void {
  if (heard) return;
  if (warning.field !== 'replayBufferMs' && printed.has(warning.field)) return;
  printed.add(warning.field);
  console.warn(`[@agents-transcription/transport] ${warning.message}`);
}
