/**
 * Launching Chromium for the web demo's end-to-end test, with a fake microphone fed from a WAV file.
 *
 * Which Chromium, in this order: `CHROMIUM_PATH`; a system Chromium or Chrome (`/usr/bin/chromium` and the
 * usual names on PATH); else the build inside the `@sparticuz/chromium` npm package (a devDependency, so a
 * plain `pnpm install` is enough: it ships the binary in its tarball and unpacks it to the temp folder on first
 * use). `E2E_CHROMIUM=npm` skips the first two, to test the npm build on a machine that has a system one.
 * When none works the test fails (never skips) and says what it tried.
 *
 * The machine (and CI) has no network besides loopback, so every background service Chromium would call home
 * to is switched off; each launch gets a fresh profile so permissions and caches never carry over.
 */
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** A Chromium to drive: its binary, the flags it needs, and where it came from (for messages). */
export interface ChromiumBinary {
  executablePath: string;
  args: string[];
  source: string;
  /** False for a headless-shell build, which has no permission prompt to refuse (see `denyMicrophone`). */
  hasPermissionPrompt: boolean;
}

const SYSTEM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `/usr/bin/chromium` and the other usual names, in the PATH folders first. */
function systemCandidates(): string[] {
  const folders = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = folders.flatMap((folder) =>
    SYSTEM_NAMES.map((name) => join(folder, name)),
  );
  const fixed = ['/usr/bin', '/snap/bin'].flatMap((folder) =>
    SYSTEM_NAMES.map((name) => join(folder, name)),
  );
  return [...new Set([...onPath, ...fixed])];
}

/**
 * @sparticuz/chromium's flags, minus the ones playwright sets itself (headless mode) and the ones that weaken
 * the page's security (no same-origin policy, no site isolation): the test must see the browser a user has,
 * or the demo's origin checks would be tested against a browser that sends no Origin.
 */
const DROPPED_NPM_FLAGS = [
  '--headless',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--disable-features=',
  '--single-process',
];
function npmChromiumArgs(args: readonly string[]): string[] {
  return args.filter(
    (arg) => !DROPPED_NPM_FLAGS.some((flag) => arg.startsWith(flag)),
  );
}

async function npmChromium(): Promise<ChromiumBinary> {
  const { default: packaged } = await import('@sparticuz/chromium');
  return {
    executablePath: await packaged.executablePath(),
    args: npmChromiumArgs(packaged.args),
    source: '@sparticuz/chromium (npm)',
    hasPermissionPrompt: false,
  };
}

let found: Promise<ChromiumBinary> | undefined;

/**
 * Finds the Chromium to drive, once per process. Rejects (so the test fails, never skips) naming every place
 * it looked and why each did not work.
 */
export function requireChromium(): Promise<ChromiumBinary> {
  found ??= findChromium();
  return found;
}

async function findChromium(): Promise<ChromiumBinary> {
  const tried: string[] = [];
  const fromEnv = process.env.CHROMIUM_PATH;
  const npmOnly = process.env.E2E_CHROMIUM === 'npm';
  if (fromEnv && !npmOnly) {
    if (isExecutable(fromEnv))
      return {
        executablePath: fromEnv,
        args: [],
        source: 'CHROMIUM_PATH',
        hasPermissionPrompt: true,
      };
    // An explicit choice that does not work is an error, not a reason to drive another browser.
    throw new Error(
      `CHROMIUM_PATH is ${fromEnv}, which is not an executable file. Fix it, or unset it to use a system ` +
        'Chromium or the @sparticuz/chromium npm package.',
    );
  }
  tried.push('CHROMIUM_PATH (not set)');
  if (!npmOnly) {
    const system = systemCandidates().find(isExecutable);
    if (system)
      return {
        executablePath: system,
        args: [],
        source: 'system',
        hasPermissionPrompt: true,
      };
    tried.push(
      `a system Chromium (${SYSTEM_NAMES.join(', ')} on PATH, /usr/bin, /snap/bin)`,
    );
  } else tried.push('a system Chromium (skipped: E2E_CHROMIUM=npm)');
  try {
    return await npmChromium();
  } catch (error) {
    tried.push(`@sparticuz/chromium: ${(error as Error).message}`);
  }
  throw new Error(
    'Chromium is needed for the browser end-to-end test, and none works. Tried:\n' +
      tried.map((line) => `  - ${line}`).join('\n') +
      '\nRun `pnpm install` (it installs @sparticuz/chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
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

/**
 * Makes a headless-shell Chromium refuse the microphone. A full Chromium refuses the prompt with
 * `--deny-permission-prompts`, as a user blocking it; the headless-shell build of @sparticuz/chromium has no
 * prompt and answers `NotSupportedError` to that. With a `Permissions-Policy: microphone=()` header on the page
 * it refuses with `NotAllowedError`, the error a blocked permission gives the page in a full browser.
 */
async function denyMicrophone(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'permissions-policy': 'microphone=()' },
    });
  });
}

/** Launches headless Chromium with a fresh profile and the given microphone setup. */
export async function launchChromium(
  setup: MicrophoneSetup,
): Promise<LaunchedBrowser> {
  const browser = await requireChromium();
  const profile = await mkdtemp(join(tmpdir(), 'web-e2e-profile-'));
  const args = [...new Set([...browser.args, ...QUIET_ARGS])];
  const denyByPolicy = !setup.grant && !browser.hasPermissionPrompt;
  if (setup.grant || denyByPolicy) args.push('--use-fake-ui-for-media-stream');
  else args.push('--deny-permission-prompts');
  if (setup.wav) {
    // %noloop: play the file once, so the simulator hears exactly its sentences.
    args.push(
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${setup.wav}%noloop`,
    );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    headless: true,
    args,
    viewport: { width: 900, height: 700 },
  });
  if (denyByPolicy) await denyMicrophone(context);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
