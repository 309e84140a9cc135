import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranscriptionServerSimulator } from '@agents-transcription/transport/testing';
import { startWebDemo, type WebDemo } from '../src/web-server.js';
import { createWebRoutes } from '../src/web-routes.js';
import { KEY_TTL_SECONDS, type OpenAIClientLike } from '../src/web-token.js';
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

async function startOnline(
  create?: (body: unknown) => Promise<unknown>,
  options: Parameters<typeof startWebDemo>[0] = {},
) {
  const openai = fakeOpenAI(create);
  logLines = [];
  demo = await startWebDemo({
    apiKey: API_KEY,
    openaiClient: openai.client,
    log: (line) => logLines.push(line),
    ...options,
  });
  return { demo, openai };
}

/** `POST /token` as the page sends it. */
function postToken(demo: WebDemo) {
  return rawRequest(demo.port, {
    method: 'POST',
    path: '/token',
    headers: pageTokenHeaders(demo.port),
    body: '{}',
  });
}

/** The body of the one client-secret request a POST /token made. */
async function mintedBody(
  demo: WebDemo,
  openai: ReturnType<typeof fakeOpenAI>,
): Promise<{ session: { type: string } & Record<string, unknown> }> {
  const response = await postToken(demo);
  expect(response.status).toBe(200);
  expect(openai.create).toHaveBeenCalledTimes(1);
  return openai.create.mock.calls[0]![0] as never;
}

/**
 * The strict simulator validates its `session` option as the client_secrets endpoint validates a
 * transcription session (unknown fields, model rules such as "no VAD object for gpt-live-transcribe"), so a
 * body it refuses would be refused by OpenAI too.
 */
async function expectAcceptedAsClientSecretSession(session: {
  type: string;
}): Promise<void> {
  const { type, ...preset } = session;
  expect(type).toBe('transcription');
  const simulator = await createTranscriptionServerSimulator({
    session: preset,
  });
  await simulator.close();
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
      "base-uri 'none'",
    );
    expect(page.headers['content-security-policy']).toContain(
      "form-action 'none'",
    );
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
      model: 'gpt-live-transcribe',
      turnDetection: 'client',
    });
  });

  it('mints an ek_ key for the page through createTranscriptionClientSecret, never sending or logging the API key', async () => {
    const { demo, openai } = await startOnline();
    const response = await postToken(demo);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      key: 'ek_test_0123456789abcdef',
      expiresAt: 1_900_000_000,
    });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(openai.create).toHaveBeenCalledTimes(1);
    // The key is preset for a gpt-live-transcribe transcription session with no server VAD (the page's
    // transport finds the turns), valid for two minutes: the whole GA client_secrets body, nothing else.
    expect(openai.create.mock.calls[0]![0]).toEqual({
      expires_after: { anchor: 'created_at', seconds: 120 },
      session: {
        type: 'transcription',
        audio: {
          input: {
            transcription: { model: 'gpt-live-transcribe' },
            noise_reduction: { type: 'near_field' },
            turn_detection: null,
          },
        },
      },
    });
    expect(response.body).not.toContain(API_KEY);
    expect(logLines.join('\n')).toMatch(/issued an ephemeral key/);
    expect(logLines.join('\n')).not.toContain(API_KEY);
    expect(logLines.join('\n')).not.toContain('ek_test_');
  });

  it('mints a key whose session the strict simulator accepts as a client secret for gpt-live-transcribe', async () => {
    const { demo, openai } = await startOnline();
    const body = await mintedBody(demo, openai);
    await expectAcceptedAsClientSecretSession(body.session);
    expect(logLines.join('\n')).toMatch(
      /model gpt-live-transcribe, turns found in the browser/,
    );
  });

  it('mints a server-VAD key when a server-VAD model is picked explicitly, and tells the page', async () => {
    const { demo, openai } = await startOnline(undefined, {
      model: 'gpt-4o-mini-transcribe',
    });
    const config = await rawRequest(demo.port, { path: '/config.json' });
    expect(JSON.parse(config.body)).toEqual({
      offline: false,
      model: 'gpt-4o-mini-transcribe',
      turnDetection: 'server',
    });
    const body = await mintedBody(demo, openai);
    expect(body.session).toEqual({
      type: 'transcription',
      audio: {
        input: {
          transcription: { model: 'gpt-4o-mini-transcribe' },
          noise_reduction: { type: 'near_field' },
          turn_detection: { type: 'server_vad', silence_duration_ms: 500 },
        },
      },
    });
    await expectAcceptedAsClientSecretSession(body.session);
  });

  it('takes client turn detection with a server-VAD model when asked', async () => {
    const { demo, openai } = await startOnline(undefined, {
      model: 'gpt-4o-mini-transcribe',
      turnDetection: 'client',
    });
    const body = await mintedBody(demo, openai);
    expect(body.session).toMatchObject({
      audio: { input: { turn_detection: null } },
    });
    await expectAcceptedAsClientSecretSession(body.session);
  });

  it.each<[string, Parameters<typeof startWebDemo>[0], RegExp]>([
    [
      'server VAD for a model without it',
      { model: 'gpt-live-transcribe', turnDetection: 'server' },
      /gpt-live-transcribe does not run server VAD; use --vad client/,
    ],
    [
      'an unknown turn detection',
      { turnDetection: 'semantic' as never },
      /turn detection must be 'client' or 'server', got "semantic"/,
    ],
  ])('refuses %s before starting anything', async (_name, options, message) => {
    const openai = fakeOpenAI();
    await expect(
      startWebDemo({
        apiKey: API_KEY,
        openaiClient: openai.client,
        log: () => undefined,
        ...options,
      }),
    ).rejects.toThrow(message);
    expect(openai.create).not.toHaveBeenCalled();
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

  it.each([
    ['with a Content-Length', false],
    ['sent chunked, without a length', true],
  ])(
    'answers 413 to an 8 KiB token request %s, over real HTTP, without minting',
    async (_name, chunked) => {
      const { demo, openai } = await startOnline();
      const response = await rawRequest(demo.port, {
        method: 'POST',
        path: '/token',
        headers: pageTokenHeaders(demo.port),
        body: JSON.stringify({ padding: 'x'.repeat(8 * 1024) }),
        chunked,
      });
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body)).toEqual({
        error: 'request body too large',
      });
      expect(openai.create).not.toHaveBeenCalled();
    },
  );

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    const { demo } = await startOnline();
    expect((await rawRequest(demo.port, { path: '/.env' })).status).toBe(404);
    expect(
      (await rawRequest(demo.port, { method: 'PUT', path: '/' })).status,
    ).toBe(405);
  });
});

describe('POST /token upstream failures (online)', () => {
  it('times out a client-secret call that never answers, retries it, and says so plainly', async () => {
    // A real HTTP server on loopback standing in for OpenAI that accepts requests and never answers.
    const attempts: string[] = [];
    const hanging = createServer((req) => {
      attempts.push(`${req.method} ${req.url}`);
    });
    await new Promise<void>((resolve) =>
      hanging.listen(0, '127.0.0.1', resolve),
    );
    const port = (hanging.address() as AddressInfo).port;
    try {
      logLines = [];
      demo = await startWebDemo({
        apiKey: API_KEY,
        openaiBaseUrl: `http://127.0.0.1:${port}/v1`,
        upstreamTimeoutMs: 300,
        upstreamRetries: 1,
        log: (line) => logLines.push(line),
      });
      const response = await rawRequest(demo.port, {
        method: 'POST',
        path: '/token',
        headers: pageTokenHeaders(demo.port),
        body: '{}',
      });
      expect(response.status).toBe(502);
      expect(JSON.parse(response.body)).toEqual({
        error:
          'OpenAI did not answer within 0.3 s (2 attempts); try again in a moment',
      });
      expect(attempts).toEqual([
        'POST /v1/realtime/client_secrets',
        'POST /v1/realtime/client_secrets',
      ]);
      expect(logLines.join('\n')).not.toContain(API_KEY);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('hands out a key whose expires_at OpenAI left out, with an expiry it can state', async () => {
    const { demo } = await startOnline(async () => ({
      value: 'ek_test_no_expiry_0123456789',
      session: { type: 'transcription' },
    }));
    const before = Math.floor(Date.now() / 1000);
    const response = await rawRequest(demo.port, {
      method: 'POST',
      path: '/token',
      headers: pageTokenHeaders(demo.port),
      body: '{}',
    });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as { expiresAt: number };
    expect(body.expiresAt).toBeGreaterThanOrEqual(before + KEY_TTL_SECONDS);
    expect(body.expiresAt).toBeLessThanOrEqual(before + KEY_TTL_SECONDS + 5);
    const issued = logLines.find((line) => line.includes('issued'));
    expect(issued).toMatch(
      /^web demo: issued an ephemeral key, valid until \S/,
    );
    expect(issued).not.toContain('Invalid Date');
  });
});

describe('the offline simulator behind the demo server', () => {
  async function startOffline() {
    demo = await startWebDemo({ log: () => undefined });
    return demo;
  }

  async function pageKey(demo: WebDemo): Promise<string> {
    const response = await rawRequest(demo.port, {
      method: 'POST',
      path: '/token',
      headers: pageTokenHeaders(demo.port),
      body: '{}',
    });
    return (JSON.parse(response.body) as { key: string }).key;
  }

  it.each<[string, Record<string, string> | undefined, number | 'open']>([
    ['the page origin', undefined, 'open'],
    ['another origin', { Origin: 'https://evil.example' }, 403],
    ['no Origin', {}, 403],
  ])(
    'checks the Origin of the WebSocket upgrade: %s',
    async (_name, headers, expected) => {
      const demo = await startOffline();
      const key = await pageKey(demo);
      const outcome = await openSocket(
        demo.socketUrl!,
        key,
        headers ?? {
          Origin: `http://127.0.0.1:${demo.port}`,
        },
      );
      expect(outcome).toBe(expected);
    },
  );

  it('gives the page its own origin as the socket address, and the CSP allows only that', async () => {
    const demo = await startOffline();
    expect(new URL(demo.socketUrl!).host).toBe(`127.0.0.1:${demo.port}`);
    const page = await rawRequest(demo.port, { path: '/' });
    expect(page.headers['content-security-policy']).toContain(
      `connect-src 'self' ws://127.0.0.1:${demo.port};`,
    );
  });

  it.each<[string, Parameters<typeof startWebDemo>[0], unknown]>([
    ['by default: gpt-live-transcribe, no server VAD', {}, null],
    [
      'with a server-VAD model: server VAD',
      { model: 'gpt-4o-mini-transcribe' },
      { type: 'server_vad', silence_duration_ms: 500 },
    ],
  ])(
    'presets the offline session as the online key would be, %s',
    async (_name, options, turnDetection) => {
      demo = await startWebDemo({ log: () => undefined, ...options });
      const origin = { Origin: `http://127.0.0.1:${demo.port}` };
      expect(
        await openSocket(demo.socketUrl!, await pageKey(demo), origin),
      ).toBe('open');
      const created = demo.simulator!.sent('session.created')[0] as unknown as {
        session: { audio: { input: Record<string, unknown> } };
      };
      expect(created.session.audio.input).toMatchObject({
        transcription: {
          model: options?.model ?? 'gpt-live-transcribe',
        },
        turn_detection: turnDetection,
      });
    },
  );

  it('accepts on the simulator itself only keys the demo server issued', async () => {
    const demo = await startOffline();
    const simulatorUrl = demo.simulator!.url;
    const origin = { Origin: `http://127.0.0.1:${demo.port}` };
    expect(
      await openSocket(simulatorUrl, 'ek_made_up_by_someone_else', origin),
    ).toBe('refused');
    expect(await openSocket(simulatorUrl, await pageKey(demo), origin)).toBe(
      'open',
    );
  });
});

/**
 * Sends a browser-style WebSocket upgrade (key in the subprotocol, exactly the given headers) and reports
 * the HTTP status of a refused upgrade, `'open'` when the first server event is `session.created`, or
 * `'refused'` when it is the simulator's `error` before its close.
 */
function openSocket(
  url: string,
  key: string,
  headers: Record<string, string>,
): Promise<'open' | 'refused' | number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      agent: false,
      headers: {
        ...headers,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': `realtime, openai-insecure-api-key.${key}`,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (_res, socket, head) => {
      let bytes = head;
      const onData = (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        // First server frame: unmasked text, 7-bit or 16-bit length.
        if (bytes.length < 2) return;
        const short = bytes[1]! & 0x7f;
        const [length, start] =
          short === 126 ? [bytes.readUInt16BE(2), 4] : [short, 2];
        if (bytes.length < start + length) return;
        const event = JSON.parse(
          bytes.subarray(start, start + length).toString('utf8'),
        ) as { type: string };
        socket.destroy();
        resolve(event.type === 'session.created' ? 'open' : 'refused');
      };
      socket.on('data', onData);
      onData(Buffer.alloc(0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createWebRoutes', () => {
  it('refuses a caller from another machine before minting anything', async () => {
    const mintToken = vi.fn(async () => ({ key: 'ek_x', expiresAt: 0 }));
    const handler = createWebRoutes({
      port: () => 5174,
      files: new Map(),
      config: { offline: true, model: 'm', turnDetection: 'client' },
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
