/**
 * Offline mode: a local simulator of the transcription endpoint (from the transport's `./testing` entry),
 * scripted with reference text. Nothing is recognised; the simulator returns line N for committed turn N,
 * or, with no script, a description of the audio such as "[1.20 s of audio]".
 */
import {
  createTranscriptionServerSimulator,
  type TranscriptionServerSimulatorOptions,
} from '@agents-transcription/transport/testing';
import { CliError } from './errors.js';

/** The key offline runs connect with; the simulator accepts any non-empty key. */
export const OFFLINE_API_KEY = 'offline-simulator';

export interface OfflineServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the simulator on a free loopback port. Completion takes a few hundred ms and deltas are spread over
 * it, so partial transcripts visibly grow as they would live.
 */
export async function startOfflineServer(
  transcripts?: string[],
): Promise<OfflineServer> {
  const simulator = await createTranscriptionServerSimulator({
    ...(transcripts ? { transcripts } : {}),
    completionDelayMs: 400,
    ...simulatorOverrides(),
  });
  return { url: simulator.url, close: () => simulator.close() };
}

/**
 * Test hook: `DEMO_SIMULATOR_OPTIONS` holds JSON merged into the simulator options (e.g.
 * `{"failTurns":[1]}` or `{"completionOrder":"reversed"}`), so end-to-end tests can script failures in the
 * CLI's own simulator, which runs in the CLI process.
 */
function simulatorOverrides(): Partial<TranscriptionServerSimulatorOptions> {
  const raw = process.env.DEMO_SIMULATOR_OPTIONS;
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Partial<TranscriptionServerSimulatorOptions>;
  } catch {
    throw new CliError('DEMO_SIMULATOR_OPTIONS is not valid JSON');
  }
}
