/**
 * The demo's one offline set-up, for the CLI and the web page alike: a local simulator of the transcription
 * endpoint (from the transport's `./testing` entry), scripted with reference text. Nothing is recognised; the
 * simulator returns line N for committed turn N, or, with no script, a description of the audio such as
 * "[1.20 s of audio]".
 */
import {
  createTranscriptionServerSimulator,
  type TranscriptionServerSimulator,
  type TranscriptionServerSimulatorOptions,
} from '@agents-transcription/transport/testing';
import { CliError } from './errors.js';

/** The key offline CLI runs connect with (the CLI's simulator accepts any non-empty key). */
export const OFFLINE_API_KEY = 'offline-simulator';

export interface OfflineServer {
  url: string;
  /** The simulator itself (tests read its connection log). */
  simulator: TranscriptionServerSimulator;
  close(): Promise<void>;
}

/** Options of {@link startOfflineServer}; `port` is always a free loopback port. */
export type OfflineServerOptions = Omit<
  TranscriptionServerSimulatorOptions,
  'port'
>;

/**
 * Starts the simulator on a free loopback port. Completion takes a few hundred ms by default and deltas are
 * spread over it, so partial transcripts visibly grow as they would live. `DEMO_SIMULATOR_OPTIONS` is
 * applied last.
 */
export async function startOfflineServer(
  options: OfflineServerOptions = {},
): Promise<OfflineServer> {
  const simulator = await createTranscriptionServerSimulator({
    completionDelayMs: 400,
    ...options,
    ...simulatorOverrides(),
    port: 0,
  });
  return { url: simulator.url, simulator, close: () => simulator.close() };
}

/**
 * Test hook: `DEMO_SIMULATOR_OPTIONS` holds JSON merged into the simulator options (e.g.
 * `{"failTurns":[1]}` or `{"completionOrder":"reversed"}`), so end-to-end tests can script failures in the
 * simulator, which runs in the demo's process.
 */
function simulatorOverrides(): Partial<TranscriptionServerSimulatorOptions> {
  const raw = process.env.DEMO_SIMULATOR_OPTIONS;
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CliError('DEMO_SIMULATOR_OPTIONS is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CliError('DEMO_SIMULATOR_OPTIONS must be a JSON object');
  return parsed as Partial<TranscriptionServerSimulatorOptions>;
}
