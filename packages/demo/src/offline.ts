/**
 * Offline mode: a local simulator of the transcription endpoint (from the transport's `./testing` entry),
 * scripted with reference text. Nothing is recognised; the simulator returns line N for committed turn N,
 * or, with no script, a description of the audio such as "[1.20 s of audio]".
 */
import { readFile } from 'node:fs/promises';
import { createTranscriptionServerSimulator } from '@agents-transcription/transport/testing';
import { CliError } from './errors.js';

/** The key offline runs connect with; the simulator accepts any non-empty key. */
export const OFFLINE_API_KEY = 'offline-simulator';

export interface OfflineServer {
  url: string;
  close(): Promise<void>;
}

/** Reads a reference-text script: one line per turn, blank lines ignored. */
export async function readScript(
  path: string,
  displayPath = path,
): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read script ${displayPath}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
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
  });
  return { url: simulator.url, close: () => simulator.close() };
}
