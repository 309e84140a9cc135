/**
 * End to end in real (headless Debian) Chromium: the page from `startWebDemo()` records a fake microphone that
 * plays `assets/web-speech.wav`, streams it through RealtimeSession + the transport's browser build to the
 * offline simulator, and shows the transcript. The simulator is scripted with the sample's reference text, so
 * the page must show exactly those sentences, in order. By default the page runs `gpt-live-transcribe` with
 * client turn detection: the simulator's session has no server VAD, so every turn the page shows was found
 * and committed by the transport in Chromium.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebDemo, type WebDemo } from '../src/web-server.js';
import {
  launchChromium,
  requireChromium,
  type LaunchedBrowser,
} from './web-browser.js';

const ASSETS = new URL('../assets/', import.meta.url);
const SPEECH_WAV = fileURLToPath(new URL('web-speech.wav', ASSETS));
const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

let sentences: string[] = [];
let demo: WebDemo;
const logLines: string[] = [];
const timings: Record<string, number> = {};
/** Browsers launched for one test only (closed after it). */
const browsers: LaunchedBrowser[] = [];
/** The browser with a granted fake microphone, shared by the tests that need one (launching costs seconds). */
let speakingBrowser: LaunchedBrowser | undefined;
/** Pages opened by the current test (closed after it, releasing the microphone). */
const pages: Page[] = [];

beforeAll(async () => {
  await requireChromium();
  sentences = (await readFile(new URL('web-speech.txt', ASSETS), 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  demo = await startWebDemo({
    log: (line) => logLines.push(line),
    // Each connection hears the sample from its start, so turn n of a connection is sentence n.
    simulator: {
      transcripts: (turn) =>
        sentences[turn.connectionTurnIndex % sentences.length] ?? '',
    },
  });
  await mkdir(RESULTS_DIR, { recursive: true });
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
  for (const browser of browsers.splice(0)) await browser.close();
});

afterAll(async () => {
  await speakingBrowser?.close();
  await demo?.close();
  await writeFile(
    `${RESULTS_DIR}web-e2e-timings.json`,
    `${JSON.stringify(timings, null, 2)}\n`,
  );
  console.log('web e2e timings (ms):', timings);
});

/**
 * Opens the demo in a new page: in the shared browser whose fake microphone plays the speech sample, or, with
 * `setup`, in a browser launched for this test alone.
 */
async function openPage(
  setup?: Parameters<typeof launchChromium>[0],
  beforeLoad?: (page: Page) => void,
  url = demo.url,
): Promise<Page> {
  let browser: LaunchedBrowser;
  if (setup) {
    browser = await timed('ownBrowserLaunchMs', () => launchChromium(setup));
    browsers.push(browser);
  } else {
    speakingBrowser ??= await timed('sharedBrowserLaunchMs', () =>
      launchChromium({ wav: SPEECH_WAV, grant: true }),
    );
    browser = speakingBrowser;
  }
  const page = await browser.context.newPage();
  pages.push(page);
  beforeLoad?.(page);
  await page.goto(url);
  await expect.poll(() => page.locator('#start').isEnabled()).toBe(true);
  return page;
}

async function timed<T>(name: string, action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await action();
  timings[name] = Math.round(performance.now() - started);
  return result;
}

/** The page's state once it has left `from` (failures can take seconds: Chromium looks for devices first). */
function settledState(page: Page, from = 'starting') {
  return expect.poll(
    async () => {
      const state = await page.locator('#state').getAttribute('data-state');
      return state === from ? undefined : state;
    },
    { timeout: 15_000, interval: 100 },
  );
}

/** Final transcript lines, in page order. */
function finalLines(page: Page): Promise<string[]> {
  return page
    .locator('#transcript li[data-status="completed"]')
    .allTextContents();
}

describe('web demo in Chromium (offline simulator)', () => {
  it('transcribes the fake microphone with turns found in the browser: the reference sentences appear in order, and only ek_ keys travel', async () => {
    const requests: Request[] = [];
    const sockets: string[] = [];
    const consoleLines: string[] = [];
    const page = await openPage(undefined, (page) => {
      page.on('request', (request) => requests.push(request));
      page.on('websocket', (socket) => sockets.push(socket.url()));
      page.on('console', (message) => consoleLines.push(message.text()));
    });
    // Remember whether a provisional (in-progress) line with text was ever on screen.
    await page.evaluate(() => {
      const list = document.getElementById('transcript')!;
      new MutationObserver(() => {
        for (const li of Array.from(
          list.querySelectorAll('li[data-status="in_progress"]'),
        )) {
          if ((li.textContent ?? '').replace('…', '').trim()) {
            document.body.dataset.sawProvisional = 'true';
          }
        }
      }).observe(list, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });

    await expect(page.locator('#mode')).toBeDefined();
    expect(await page.locator('#mode').textContent()).toContain('OFFLINE');
    expect(await page.locator('#mode').textContent()).toContain(
      'Turns are found in this browser',
    );

    const clicked = performance.now();
    await page.click('#start');
    await expect
      .poll(() => page.locator('#state').getAttribute('data-state'), {
        timeout: 10_000,
      })
      .toBe('listening');
    timings.startToListeningMs = Math.round(performance.now() - clicked);
    expect(await page.locator('#connection').textContent()).toBe('connected');

    await expect
      .poll(() => finalLines(page), { timeout: 40_000, interval: 200 })
      .toHaveLength(sentences.length);
    timings.startToAllFinalMs = Math.round(performance.now() - clicked);
    expect(await finalLines(page)).toEqual(sentences);
    expect(
      await page.locator('body').getAttribute('data-saw-provisional'),
    ).toBe('true');
    expect(await page.locator('#error').isHidden()).toBe(true);
    // No server VAD anywhere: the session had none, the simulator never heard speech start, and each
    // sentence was committed by the page's transport (one commit per turn, before Stop).
    const simulator = demo.simulator!;
    const created = simulator.sent('session.created')[0] as unknown as {
      session: { audio: { input: Record<string, unknown> } };
    };
    expect(created.session.audio.input).toMatchObject({
      transcription: { model: 'gpt-live-transcribe' },
      turn_detection: null,
    });
    expect(simulator.sent('input_audio_buffer.speech_started')).toEqual([]);
    expect(simulator.received('input_audio_buffer.commit')).toHaveLength(
      sentences.length,
    );
    // The default model has no announced shutdown: no warning on the page or in its console.
    expect(await page.locator('#notice').isHidden()).toBe(true);
    expect(consoleLines.join('\n')).not.toMatch(/shuts down/);

    await page.screenshot({
      path: `${RESULTS_DIR}web-e2e.png`,
      fullPage: true,
    });

    await page.click('#stop');
    await expect
      .poll(() => page.locator('#state').getAttribute('data-state'))
      .toBe('idle');
    expect(await finalLines(page)).toEqual(sentences); // stopping keeps the transcript on screen

    // Keys: the page opened its socket to the simulator only, with the ek_ key /token gave it, by subprotocol.
    const tokenResponses = await Promise.all(
      requests
        .filter((r) => r.url().endsWith('/token'))
        .map(async (r) => (await r.response())!.json()),
    );
    expect(tokenResponses).toHaveLength(1);
    const issuedKey = (tokenResponses[0] as { key: string }).key;
    expect(issuedKey).toMatch(/^ek_/);
    expect(sockets).toEqual([demo.socketUrl]);
    const connections = demo.simulator!.connections;
    expect(connections).toHaveLength(1);
    expect(connections[0]!.auth).toBe('subprotocol');
    expect(connections[0]!.protocols).toEqual([
      'realtime',
      `openai-insecure-api-key.${issuedKey}`,
    ]);
    expect(connections[0]!.headers.authorization).toBeUndefined();
    // Every HTTP request stayed on the demo server and carried no credential at all.
    for (const request of requests) {
      expect(new URL(request.url()).origin).toBe(new URL(demo.url).origin);
      const headers = await request.allHeaders();
      const carried = `${request.url()} ${JSON.stringify(headers)} ${request.postData() ?? ''}`;
      expect(carried).not.toMatch(
        /authorization|openai-insecure-api-key|\bsk-|ek_/i,
      );
    }
    // The audio really was 24 kHz PCM16 in ~100 ms appends.
    const appends = demo.simulator!.received('input_audio_buffer.append');
    const sizes = appends.map(
      (e) => Buffer.from(String(e.audio), 'base64').length,
    );
    expect(sizes.filter((n) => n === 4800).length).toBeGreaterThan(
      sizes.length * 0.9,
    );
    expect(logLines.join('\n')).not.toContain(issuedKey);
  });

  it('explains a failing token endpoint in plain words, and Start again then works', async () => {
    const page = await openPage();
    await page.route(
      '**/token',
      (route) =>
        route.fulfill({
          status: 502,
          contentType: 'application/json',
          body: JSON.stringify({
            error: 'OpenAI did not create a client secret (HTTP 500)',
          }),
        }),
      { times: 1 },
    );
    await page.click('#start');
    await settledState(page).toBe('failed');
    const error = await page.locator('#error').textContent();
    expect(error).toContain(
      'The demo server could not create a session key (HTTP 502)',
    );
    expect(await page.locator('#start').textContent()).toBe('Start again');

    const retried = performance.now();
    await page.click('#start');
    await expect
      .poll(() => page.locator('#state').getAttribute('data-state'), {
        timeout: 10_000,
      })
      .toBe('listening');
    expect(await page.locator('#error').isHidden()).toBe(true);
    await expect
      .poll(() => finalLines(page), { timeout: 30_000, interval: 200 })
      .not.toEqual([]);
    timings.retryToFirstFinalMs = Math.round(performance.now() - retried);
    expect(sentences).toContain((await finalLines(page))[0]);
    await page.click('#stop');
  });

  it('explains a refused WebSocket in plain words', async () => {
    const page = await openPage();
    const closedPort = await findClosedPort();
    // Hand the page a real key but a socket address where nothing listens.
    await page.route('**/token', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { url: string };
      body.url = `ws://127.0.0.1:${closedPort}/v1/realtime?intent=transcription`;
      await route.fulfill({ response, json: body });
    });
    await page.click('#start');
    await settledState(page).toBe('failed');
    expect(await page.locator('#error').textContent()).toContain(
      'Could not connect to the transcription service',
    );
    expect(await page.locator('#connection').textContent()).toBe(
      'disconnected',
    );
  });

  it('explains a denied microphone permission in plain words', async () => {
    const page = await openPage({ wav: SPEECH_WAV, grant: false });
    await page.click('#start');
    await settledState(page).toBe('failed');
    expect(await page.locator('#error').textContent()).toContain(
      'Microphone permission was denied',
    );
    expect(await page.locator('#start').isEnabled()).toBe(true);
  });

  it('explains a missing microphone in plain words', async () => {
    const page = await openPage({ grant: true });
    await page.click('#start');
    await settledState(page).toBe('failed');
    expect(await page.locator('#error').textContent()).toContain(
      'No microphone was found',
    );
  });
});

describe('web demo in Chromium with a server-VAD model picked explicitly', () => {
  let serverVad: WebDemo | undefined;
  afterAll(async () => {
    await serverVad?.close();
  });

  it("transcribes with server VAD and shows the model's shutdown warning", async () => {
    serverVad = await startWebDemo({
      model: 'gpt-4o-mini-transcribe',
      log: () => undefined,
      simulator: {
        transcripts: (turn) =>
          sentences[turn.connectionTurnIndex % sentences.length] ?? '',
      },
    });
    const page = await openPage(undefined, undefined, serverVad.url);
    expect(await page.locator('#mode').textContent()).toContain(
      'Turns are found by the server (server VAD)',
    );
    await page.click('#start');
    await expect
      .poll(() => finalLines(page), { timeout: 40_000, interval: 200 })
      .toHaveLength(sentences.length);
    expect(await finalLines(page)).toEqual(sentences);
    // The turns were the server's: it heard each start, and the page committed nothing itself.
    const simulator = serverVad.simulator!;
    expect(
      simulator.sent('input_audio_buffer.speech_started').length,
    ).toBeGreaterThanOrEqual(sentences.length);
    expect(simulator.received('input_audio_buffer.commit')).toEqual([]);
    expect(await page.locator('#notice').textContent()).toMatch(
      /gpt-4o-mini-transcribe shuts down on 2027-02-26.*gpt-live-transcribe/,
    );
    await page.click('#stop');
    await expect
      .poll(() => page.locator('#state').getAttribute('data-state'))
      .toBe('idle');
  });
});

/** A loopback port with nothing listening (bound, then released). */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
