import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWebDemo, type WebDemo } from '../src/web-server.js';
import { createWebRoutes } from '../src/web-routes.js';
import type { OpenAIClientLike } from '../src/web-token.js';
import { pageTokenHeaders, rawRequest } from './web-http.js';

const API_KEY = 'sk-test-server-key-must-never-leave-0123456789';

/**
 * A stand-in for the `openai` client: only the call `createTranscriptionClientSecret()` makes. There is no
 * network in CI, and a real call would spend money.
 */
function fakeOpenAI(
  create: (body: unknown) => Promise<unknown> = async () => ({
    value: 'ek_test_0123456789abcdef',
    expires_at: 1_900_000_000,
    session: {
      type: 'transcription',
      object: 'realtime.transcription_session',
    },
  }),
) {
  const spy = vi.fn(create);
  const client = {
    realtime: { clientSecrets: { create: spy } },
  } as unknown as OpenAIClientLike;
  return { client, create: spy };
}

let demo: WebDemo | undefined;
let logLines: string[] = [];

async function startOnline(create?: (body: unknown) => Promise<unknown>) {
  const openai = fakeOpenAI(create);
  logLines = [];
  demo = await startWebDemo({
    apiKey: API_KEY,
    openaiClient: openai.client,
    log: (line) => logLines.push(line),
  });
  return { demo, openai };
}

afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('startWebDemo (online, fake OpenAI client)', () => {
  it('listens on 127.0.0.1 only and serves the bundled page with a strict CSP', async () => {
    const { demo } = await startOnline();
    expect(demo.url).toBe(`http://127.0.0.1:${demo.port}/`);
    expect(demo.offline).toBe(false);

    const page = await rawRequest(demo.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<ol id="transcript"');
    expect(page.headers['content-security-policy']).toContain(
      "connect-src 'self' wss://api.openai.com",
    );

    const script = await rawRequest(demo.port, { path: '/main.js' });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    const worklet = await rawRequest(demo.port, { path: '/mic-worklet.js' });
    expect(worklet.body).toContain('registerProcessor');

    const config = await rawRequest(demo.port, { path: '/config.json' });
    expect(JSON.parse(config.body)).toEqual({
      offline: false,
      model: 'gpt-4o-mini-transcribe',
    });
  });

  it('mints an ek_ key for the page through createTranscriptionClientSecret, never sending or logging the API key', async () => {
    const { demo, openai } = await startOnline();
    const response = await rawRequest(demo.port, {
      method: 'POST',
      path: '/token',
      headers: pageTokenHeaders(demo.port),
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      key: 'ek_test_0123456789abcdef',
      expiresAt: 1_900_000_000,
    });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(openai.create).toHaveBeenCalledTimes(1);
    // The key is preset for a transcription session with server VAD, valid for two minutes.
    expect(openai.create.mock.calls[0]![0]).toMatchObject({
      expires_after: { anchor: 'created_at', seconds: 120 },
      session: {
        type: 'transcription',
        audio: {
          input: {
            transcription: { model: 'gpt-4o-mini-transcribe' },
            turn_detection: { type: 'server_vad' },
          },
        },
      },
    });
    expect(response.body).not.toContain(API_KEY);
    expect(logLines.join('\n')).toMatch(/issued an ephemeral key/);
    expect(logLines.join('\n')).not.toContain(API_KEY);
    expect(logLines.join('\n')).not.toContain('ek_test_');
  });

  it('answers 502 with a plain reason when OpenAI refuses, without quoting the key', async () => {
    const { demo } = await startOnline(async () => {
      throw Object.assign(
        new Error(`401 Incorrect API key provided: ${API_KEY}`),
        {
          status: 401,
          code: 'invalid_api_key',
        },
      );
    });
    const response = await rawRequest(demo.port, {
      method: 'POST',
      path: '/token',
      headers: pageTokenHeaders(demo.port),
      body: '{}',
    });
    expect(response.status).toBe(502);
    expect(JSON.parse(response.body).error).toMatch(
      /HTTP 401, invalid_api_key/,
    );
    expect(response.body).not.toContain(API_KEY);
    expect(logLines.join('\n')).not.toContain(API_KEY);
  });

  it.each<[string, Record<string, string>, number]>([
    ['another origin', { origin: 'https://evil.example' }, 403],
    ['a rebinding Host', { host: 'evil.example' }, 403],
    ['no Origin (curl, another program)', { origin: '' }, 403],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403],
    [
      'a form post (text/plain, no preflight)',
      { 'content-type': 'text/plain' },
      415,
    ],
  ])(
    'refuses POST /token from %s without minting',
    async (_name, override, status) => {
      const { demo, openai } = await startOnline();
      const headers = { ...pageTokenHeaders(demo.port), ...override };
      for (const [name, value] of Object.entries(headers))
        if (value === '') delete headers[name];
      const response = await rawRequest(demo.port, {
        method: 'POST',
        path: '/token',
        headers,
        body: '{}',
      });
      expect(response.status).toBe(status);
      expect(openai.create).not.toHaveBeenCalled();
      expect(response.body).not.toContain('ek_');
    },
  );

  it('refuses oversized token requests', async () => {
    const { demo, openai } = await startOnline();
    const response = await rawRequest(demo.port, {
      method: 'POST',
      path: '/token',
      headers: pageTokenHeaders(demo.port),
      body: JSON.stringify({ padding: 'x'.repeat(5000) }),
    }).catch((error: unknown) => ({ status: 'reset', error }));
    // The server may answer 413 or cut the upload short; either way nothing is minted.
    expect([413, 'reset']).toContain(response.status);
    expect(openai.create).not.toHaveBeenCalled();
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    const { demo } = await startOnline();
    expect((await rawRequest(demo.port, { path: '/.env' })).status).toBe(404);
    expect(
      (await rawRequest(demo.port, { method: 'PUT', path: '/' })).status,
    ).toBe(405);
  });
});

describe('createWebRoutes', () => {
  it('refuses a caller from another machine before minting anything', async () => {
    const mintToken = vi.fn(async () => ({ key: 'ek_x', expiresAt: 0 }));
    const handler = createWebRoutes({
      port: () => 5174,
      files: new Map(),
      config: { offline: true, model: 'm' },
      mintToken,
      socketOrigin: 'ws://127.0.0.1:1',
      log: () => undefined,
    });
    // A request as node:http would build it for a peer at 192.168.1.20 (only the peer address differs).
    const socket = new Socket();
    Object.defineProperty(socket, 'remoteAddress', { value: '192.168.1.20' });
    const req = new IncomingMessage(socket);
    req.method = 'POST';
    req.url = '/token';
    req.headers = {
      host: '127.0.0.1:5174',
      origin: 'http://127.0.0.1:5174',
      'content-type': 'application/json',
    };
    // Only what the handler calls on a response; a real ServerResponse would need a connected socket.
    let status = 0;
    const ended = new Promise<void>((resolve) => {
      const res = {
        headersSent: false,
        writeHead: (code: number) => void (status = code),
        end: () => resolve(),
      } as unknown as ServerResponse;
      handler(req, res);
    });
    req.push(null);
    await ended;
    expect(status).toBe(403);
    expect(mintToken).not.toHaveBeenCalled();
  });
});
