/**
 * Loads the traffic captures in `test/fixtures/traffic/` of this package: recorded or documented server
 * frames, each `.jsonl` with a `.md` giving its public source (see `INDEX.md` there).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `test/fixtures/traffic/`, resolved from this file (test/helpers → test). */
export const TRAFFIC_DIR = new URL('../fixtures/traffic/', import.meta.url);

export interface CaptureLine {
  dir: 'server' | 'client';
  event: { type: string; [key: string]: any };
}

/** Reads one capture by its file name, e.g. `00-seed.jsonl`. Fails with a message saying where it looked. */
export function loadCapture(name: string): CaptureLine[] {
  const dir = fileURLToPath(TRAFFIC_DIR);
  const file = new URL(name, TRAFFIC_DIR);
  if (!existsSync(file)) throw new Error(`No capture ${name} in ${dir}.`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = JSON.parse(line) as CaptureLine;
      if (
        (parsed.dir !== 'server' && parsed.dir !== 'client') ||
        typeof parsed.event?.type !== 'string'
      )
        throw new Error(`${name}:${i + 1} is not a {dir, event} capture line.`);
      return parsed;
    });
}

/** The server events of a capture, in file order. */
export function serverEvents(name: string): CaptureLine['event'][] {
  return loadCapture(name)
    .filter((line) => line.dir === 'server')
    .map((line) => line.event);
}

/** The server events of a capture with the given `type`. */
export function serverEventsOfType(
  name: string,
  type: string,
): CaptureLine['event'][] {
  return serverEvents(name).filter((e) => e.type === type);
}
