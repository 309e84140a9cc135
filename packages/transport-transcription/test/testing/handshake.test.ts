import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { connect, DEFAULT_SERVER_VAD, startSimulator } from './helpers.js';

describe('simulator handshake', () => {
  it('accepts a bearer key and starts with the server-default session', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator);
    const created = await client.next('session.created');
    expect(created.event_id).toMatch(/^event_[A-Za-z0-9]{21}$/);
    expect(created.session).toMatchObject({
      type: 'transcription',
      object: 'realtime.transcription_session',
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: null,
          noise_reduction: null,
          turn_detection: DEFAULT_SERVER_VAD,
        },
      },
      include: null,
    });
    expect(created.session.id).toMatch(/^sess_/);
    const expectedExpiry = Date.now() / 1000 + 3600;
    expect(created.session.expires_at).toBeGreaterThan(expectedExpiry - 5);
    expect(created.session.expires_at).toBeLessThan(expectedExpiry + 5);
    expect(simulator.connections[0]).toMatchObject({
      connectionId: 1,
      auth: 'header',
      path: '/v1/realtime?intent=transcription',
    });
    expect(simulator.url).toBe(
      `ws://127.0.0.1:${simulator.port}/v1/realtime?intent=transcription`,
    );
  });

  it('accepts the browser key subprotocol and selects `realtime`', async () => {
    const simulator = await startSimulator({
      acceptKey: (key) => key === 'ek_browser',
    });
    const client = await connect(simulator, {
      headers: {},
      protocols: ['realtime', 'openai-insecure-api-key.ek_browser'],
    });
    await client.next('session.created');
    expect(client.socket.protocol).toBe('realtime');
    expect(simulator.connections[0]?.auth).toBe('subprotocol');
    expect(simulator.connections[0]?.protocols).toEqual([
      'realtime',
      'openai-insecure-api-key.ek_browser',
    ]);
  });

  it('refuses a connection without a key: code null error, close 3000 `invalid_request_error`', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator, { headers: {} });
    expect(await client.waitClosed()).toEqual({
      code: 3000,
      reason: 'invalid_request_error',
    });
    expect(client.events).toHaveLength(1);
    expect(client.events[0]?.error).toEqual({
      type: 'invalid_request_error',
      code: null,
      message: 'Missing bearer or basic authentication in header',
      param: null,
      event_id: null,
    });
    expect(simulator.connections[0]).toMatchObject({
      auth: 'none',
      closed: { code: 3000, by: 'server' },
    });
  });

  it('refuses a rejected key with `invalid_api_key` and close 3000, masking the key', async () => {
    const key = 'sk-proj-SECRETSECRETSECRET-ABCD';
    const simulator = await startSimulator({ acceptKey: () => false });
    const client = await connect(simulator, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(await client.waitClosed()).toEqual({
      code: 3000,
      reason: 'invalid_request_error.invalid_api_key',
    });
    const error = client.events[0]?.error;
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toBe(
      `Incorrect API key provided: sk-proj-${'*'.repeat(key.length - 12)}ABCD. You can find your API key at https://platform.openai.com/account/api-keys.`,
    );
    expect(JSON.stringify(simulator.log)).not.toContain('SECRETSECRET');
  });

  it('never shows any of a short rejected key', async () => {
    const simulator = await startSimulator({ acceptKey: () => false });
    const client = await connect(simulator, {
      headers: { Authorization: 'Bearer short-key' },
    });
    await client.waitClosed();
    expect(client.events[0]?.error.message).toContain(
      'Incorrect API key provided: *********.',
    );
  });

  it('refuses the OpenAI-Beta header with `beta_api_shape_disabled` and close 4000', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator, {
      headers: { Authorization: 'Bearer k', 'OpenAI-Beta': 'realtime=v1' },
    });
    expect(await client.waitClosed()).toEqual({
      code: 4000,
      reason: 'invalid_request_error.beta_api_shape_disabled',
    });
    expect(client.events[0]?.error).toMatchObject({
      code: 'beta_api_shape_disabled',
      message:
        'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.',
    });
  });

  it('refuses the beta subprotocol like the beta header (INFERRED)', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator, {
      headers: {},
      protocols: [
        'realtime',
        'openai-insecure-api-key.ek_x',
        'openai-beta.realtime-v1',
      ],
    });
    expect(await client.waitClosed()).toEqual({
      code: 4000,
      reason: 'invalid_request_error.beta_api_shape_disabled',
    });
  });

  it('refuses `model=` next to `intent=transcription` after the first client event, naming the model (2026, capture 08)', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator, {
      url: `${simulator.url}&model=gpt-4o-mini-transcribe`,
    });
    // Silent until the client speaks: no session.created, no error, the socket stays open.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.events).toEqual([]);
    expect(client.closed).toBeNull();
    client.send({
      type: 'session.update',
      event_id: 'evt_first',
      session: { type: 'transcription' },
    });
    expect(await client.waitClosed()).toEqual({
      code: 4000,
      reason: 'invalid_request_error.invalid_model',
    });
    expect(client.events).toHaveLength(1);
    expect(client.events[0]).toMatchObject({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        code: 'invalid_model',
        message:
          'Model "gpt-4o-mini-transcribe" is not supported in transcription mode.',
        event_id: 'evt_first',
      },
    });
    expect(simulator.received('session.update')).toHaveLength(1);
  });

  it('refuses `model=` without the intent at connect time with the 2025 text', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator, {
      url: simulator.url.replace(
        'intent=transcription',
        'model=gpt-4o-transcribe',
      ),
    });
    expect(await client.waitClosed()).toEqual({
      code: 4000,
      reason: 'invalid_request_error.invalid_model',
    });
    expect(client.events[0]?.error).toMatchObject({
      code: 'invalid_model',
      message:
        'You must not provide a model parameter for transcription sessions.',
    });
    expect(client.all('session.created')).toHaveLength(0);
  });

  it('sends session.created a few ms after the 101, never in the same read as the upgrade response', async () => {
    const simulator = await startSimulator();
    const { createConnection } = await import('node:net');
    const socket = createConnection(simulator.port, '127.0.0.1');
    const chunks: Array<{ at: number; text: string }> = [];
    socket.on('data', (data) =>
      chunks.push({ at: performance.now(), text: data.toString('latin1') }),
    );
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'GET /v1/realtime?intent=transcription HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer sk-test\r\n\r\n',
    );
    await vi.waitFor(
      () => {
        if (!chunks.some((chunk) => chunk.text.includes('session.created')))
          throw new Error('no session.created yet');
      },
      { timeout: 5000, interval: 5 },
    );
    socket.destroy();
    const upgrade = chunks[0];
    const created = chunks.find((chunk) =>
      chunk.text.includes('session.created'),
    );
    expect(upgrade?.text.startsWith('HTTP/1.1 101')).toBe(true);
    expect(upgrade?.text).not.toContain('session.created');
    expect((created?.at ?? 0) - (upgrade?.at ?? 0)).toBeGreaterThanOrEqual(3);
  });

  it('refuses a URL with neither model nor intent with `missing_model` and close 4000', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator, {
      url: `ws://127.0.0.1:${simulator.port}/v1/realtime`,
    });
    expect(await client.waitClosed()).toEqual({
      code: 4000,
      reason: 'invalid_request_error.missing_model',
    });
    expect(client.events[0]?.error).toMatchObject({
      code: 'missing_model',
      message:
        'You must provide a model parameter, for example wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5',
    });
  });

  it('answers 404 on any other path', async () => {
    const simulator = await startSimulator();
    const socket = new WebSocket(`ws://127.0.0.1:${simulator.port}/v1/other`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.on('unexpected-response', (_request, response) =>
        resolve(response.statusCode),
      );
      socket.on('error', () => resolve(undefined));
    });
    socket.terminate();
    expect(status).toBe(404);
  });

  it('throws at creation when the preset session is one the server would refuse', async () => {
    await expect(
      startSimulator({
        session: {
          audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } },
        },
      }),
    ).rejects.toThrow(/Expected a value >= 24000/);
  });

  it('refuses a modelInUrl option that is neither refuse nor ignore, before listening', async () => {
    await expect(
      startSimulator({ modelInUrl: 'accept' as 'ignore' }),
    ).rejects.toThrow(
      "options.modelInUrl must be 'refuse' or 'ignore', got \"accept\".",
    );
  });

  it('takes `model=` next to the intent and ignores it with modelInUrl: ignore', async () => {
    const simulator = await startSimulator({ modelInUrl: 'ignore' });
    const client = await connect(simulator, {
      url: `${simulator.url}&model=whisper-1`,
    });
    const created = await client.next('session.created');
    expect(created.session.audio.input.transcription).toBeNull();
  });

  it('answers a refused model= on the first frame whatever it is, e.g. an append', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator, {
      url: `${simulator.url}&model=gpt-live-transcribe`,
    });
    client.send({
      type: 'input_audio_buffer.append',
      audio: Buffer.alloc(480).toString('base64'),
    });
    expect((await client.waitClosed()).code).toBe(4000);
    expect(client.events.map((event) => event.type)).toEqual(['error']);
    expect(client.events[0]?.error.message).toBe(
      'Model "gpt-live-transcribe" is not supported in transcription mode.',
    );
  });

  it('sends session.created before anything the client triggers in its first milliseconds', async () => {
    const simulator = await startSimulator();
    const client = await connect(simulator);
    client.send({ type: 'input_audio_buffer.clear' });
    await client.next('input_audio_buffer.cleared');
    expect(client.events.map((event) => event.type)).toEqual([
      'session.created',
      'input_audio_buffer.cleared',
    ]);
  });
});
