/**
 * The README snippets are the files in examples/readme/: each README block marked
 * `<!-- example: examples/readme/<name>.ts -->` must equal its file (so the docs cannot drift), the files
 * typecheck with the package (`pnpm -r typecheck` includes examples/), and here each one runs against the
 * simulator on loopback.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RealtimeSession } from '@openai/agents-realtime';
import {
  createTranscriptionServerSimulator,
  type TranscriptionServerSimulator,
} from '../../src/testing/index.js';
import { mintBrowserKey, connectPage } from '../../examples/readme/browser.js';
import { transcribeOffline } from '../../examples/readme/offline-test.js';
import { transcribe } from '../../examples/readme/one-line-change.js';
import { captions } from '../../examples/readme/transport-events.js';

const PACKAGE = new URL('../../', import.meta.url);
const READMES = {
  'package README': new URL('README.md', PACKAGE),
  'root README': new URL('../../README.md', PACKAGE),
};
const EXAMPLES = new URL('examples/readme/', PACKAGE);
const MARKER =
  /<!-- example: (examples\/readme\/[\w-]+\.ts) -->\n+```ts\n([\s\S]*?)```/g;

/** 300 ms of a 440 Hz tone, PCM16 24 kHz: loud enough for the simulator's VAD, long enough to commit. */
function tone(): Int16Array {
  const samples = new Int16Array(7_200);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000));
  return samples;
}

/** The tone as one spoken turn: 300 ms of silence, the tone, then 800 ms of silence that ends the turn. */
function spokenTurn(): Int16Array {
  const samples = new Int16Array(7_200 + 7_200 + 19_200);
  samples.set(tone(), 7_200);
  return samples;
}

/**
 * The examples must run without a warning: neither a `warning` event the example prints (transport-events
 * logs them with console.warn) nor the transport's console line for an unheard one (a deprecated model's
 * shutdown date, a dropped agent field).
 */
function expectNoWarnings(warn: { mock: { calls: unknown[][] } }): void {
  expect(warn.mock.calls).toEqual([]);
}

let simulator: TranscriptionServerSimulator | undefined;
let session: RealtimeSession | undefined;
let rest: Server | undefined;
afterEach(async () => {
  session?.close();
  await simulator?.close();
  await new Promise((resolve) => (rest ? rest.close(resolve) : resolve(null)));
  session = simulator = rest = undefined;
  vi.restoreAllMocks();
});

describe('README snippets', () => {
  for (const [name, url] of Object.entries(READMES)) {
    it(`the ${name}'s marked snippets are the example files, verbatim`, () => {
      const readme = readFileSync(url, 'utf8');
      const blocks = [...readme.matchAll(MARKER)];
      expect(blocks.length).toBeGreaterThan(0);
      for (const [, file, code] of blocks)
        expect(code, file).toBe(readFileSync(new URL(file!, PACKAGE), 'utf8'));
    });
  }

  it('the package README shows every example file, and has no unmarked TypeScript block', () => {
    const readme = readFileSync(READMES['package README'], 'utf8');
    const shown = new Set([...readme.matchAll(MARKER)].map((m) => m[1]));
    for (const file of readdirSync(EXAMPLES))
      expect(shown, file).toContain(`examples/readme/${file}`);
    const tsBlocks = readme.match(/```ts\n/g)?.length ?? 0;
    expect(tsBlocks).toBe([...readme.matchAll(MARKER)].length);
  });
});

describe('README snippets run against the simulator', () => {
  it('one-line-change: with nothing configured, gpt-live-transcribe with turns found on the client; the item goes in_progress → completed, and no warning', async () => {
    simulator = await createTranscriptionServerSimulator({
      transcripts: ['Hello there.'],
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn');
    const audio = spokenTurn();
    session = await transcribe('sk-test', audio, simulator.url);
    await vi.waitFor(
      () => expect(log).toHaveBeenCalledWith('completed', 'Hello there.'),
      { timeout: 10_000 },
    );
    // The default model, with no server VAD: the transport committed the one turn itself.
    expect(simulator.received('session.update')).toMatchObject([
      {
        session: {
          audio: {
            input: {
              transcription: { model: 'gpt-live-transcribe' },
              turn_detection: null,
            },
          },
        },
      },
    ]);
    expect(simulator.received('input_audio_buffer.commit')).toHaveLength(1);
    expect(simulator.sent('input_audio_buffer.speech_started')).toEqual([]);
    const appended = simulator
      .received('input_audio_buffer.append')
      .map((e) => Buffer.from(e.audio as string, 'base64').byteLength)
      .reduce((a, b) => a + b, 0);
    expect(appended).toBe(audio.byteLength);
    expectNoWarnings(warn);
  });

  it('transport-events: an explicit model and no turn detection; typed transport events carry the final text, and no warning', async () => {
    simulator = await createTranscriptionServerSimulator({
      transcripts: ['Second turn.'],
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn');
    session = await captions('sk-test', tone(), simulator.url);
    await vi.waitFor(
      () =>
        expect(log).toHaveBeenCalledWith(
          '✓',
          expect.stringMatching(/^item_/),
          'Second turn.',
          expect.objectContaining({ type: 'tokens' }),
        ),
      { timeout: 10_000 },
    );
    expect(simulator.received('session.update')[0]).toMatchObject({
      session: {
        type: 'transcription',
        audio: {
          input: {
            transcription: { model: 'gpt-transcribe', language: 'en' },
            turn_detection: null,
          },
        },
      },
    });
    expectNoWarnings(warn);
  });

  it('browser: the server mints an ek_ key for gpt-live-transcribe through the openai client, the page connects with it, and no warning', async () => {
    const warn = vi.spyOn(console, 'warn');
    const requests: any[] = [];
    rest = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push({ url: req.url, body: JSON.parse(body) });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ value: 'ek_example', expires_at: 1, session: {} }),
        );
      });
    });
    await new Promise<void>((resolve) => rest!.listen(0, '127.0.0.1', resolve));
    const port = (rest.address() as { port: number }).port;
    const key = await mintBrowserKey(
      new OpenAI({ apiKey: 'sk-test', baseURL: `http://127.0.0.1:${port}/v1` }),
    );
    expect(key).toBe('ek_example');
    expect(requests).toEqual([
      {
        url: '/v1/realtime/client_secrets',
        body: expect.objectContaining({
          expires_after: { anchor: 'created_at', seconds: 600 },
          session: {
            type: 'transcription',
            audio: {
              input: {
                transcription: { model: 'gpt-live-transcribe', language: 'en' },
                turn_detection: null,
              },
            },
          },
        }),
      },
    ]);

    simulator = await createTranscriptionServerSimulator({
      acceptKey: (apiKey) => apiKey === 'ek_example',
    });
    session = await connectPage(key, simulator.url);
    expect(session.transport.status).toBe('connected');
    expectNoWarnings(warn);
  });

  it('offline-test: returns the scripted text, and closes the session before the simulator, with no warning', async () => {
    const error = vi.spyOn(console, 'error');
    const warn = vi.spyOn(console, 'warn');
    expect(await transcribeOffline(tone())).toEqual(['Hello there.']);
    expect(error).not.toHaveBeenCalled();
    expectNoWarnings(warn);
  });
});
