/** Warnings nobody listens to: printed to the console, once per field per process. */
import type { ConfigWarning } from './session-config.js';

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
