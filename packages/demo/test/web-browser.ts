/**
 * Launching Debian's Chromium for the web demo's end-to-end test, with a fake microphone fed from a WAV file.
 *
 * The machine (and CI) has no network besides loopback, so every background service Chromium would call home
 * to is switched off; each launch gets a fresh profile so permissions and caches never carry over.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Chromium to drive: `CHROMIUM_PATH`, else Debian's package. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Throws (never skips) when Chromium is missing, saying how to get it. */
export function requireChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `Chromium is needed for the browser end-to-end test but was not found at ${CHROMIUM_PATH}.\n` +
      'Install it (Debian/Ubuntu: `sudo apt-get install chromium`; .ci/run does this in CI), ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

/** How the fake media devices behave. */
export interface MicrophoneSetup {
  /** WAV file the fake microphone plays (once, then silence). Absent: no fake device at all. */
  wav?: string;
  /** Grant the microphone permission without asking. False: the prompt is refused, as a user denying it. */
  grant: boolean;
}

/** A launched browser and how to dispose of it. */
export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];

/** Launches headless Chromium with a fresh profile and the given microphone setup. */
export async function launchChromium(
  setup: MicrophoneSetup,
): Promise<LaunchedBrowser> {
  requireChromium();
  const profile = await mkdtemp(join(tmpdir(), 'web-e2e-profile-'));
  const args = [...QUIET_ARGS];
  if (setup.grant) args.push('--use-fake-ui-for-media-stream');
  else args.push('--deny-permission-prompts');
  if (setup.wav) {
    // %noloop: play the file once, so the simulator hears exactly its sentences.
    args.push(
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${setup.wav}%noloop`,
    );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    viewport: { width: 900, height: 700 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
