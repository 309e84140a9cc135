/**
 * Header authentication, which msw cannot see: checked on a real loopback `ws` server with the Node
 * build's default socket (`ws` with an Authorization header).
 */
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type { TranscriptionTransportError } from '../../src/errors.js';
import {
  startScriptedServer,
  type ScriptedServer,
} from '../helpers/scripted-server.js';
import { startRawServer, transcriptionSession } from '../helpers/raw-server.js';
import { serverEventsOfType } from '../helpers/fixtures.js';

let server: ScriptedServer | undefined;
const open: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const closable of open.splice(0)) closable.close();
  await server?.close();
  server = undefined;
});

const KEY = 'sk-proj-loopback-auth-key-0123456789';

describe('authentication in Node', () => {
  it('sends the key as a Bearer Authorization header, with no OpenAI-Beta header, no subprotocol and no model=', async () => {
    server = await startScriptedServer();
    const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport: new OpenAIRealtimeTranscriptionWebSocket(),
    });
    open.push(session);
    session.on('error', () => {});
    await session.connect({ apiKey: KEY, url: server.url });
    const request = server.requests[0]!;
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.headers['openai-beta']).toBeUndefined();
    expect(request.headers['sec-websocket-protocol']).toBeUndefined();
    expect(request.url).toBe('/v1/realtime?intent=transcription');
    expect(new URL(request.url!, 'ws://x').searchParams.has('model')).toBe(
      false,
    );
  });

  it('adds the transcription intent to a URL without one', async () => {
    server = await startScriptedServer();
    const transport = new OpenAIRealtimeTranscriptionWebSocket({ apiKey: KEY });
    open.push(transport);
    await transport.connect({
      url: server.url.replace('?intent=transcription', ''),
    } as never);
    expect(server.requests[0]!.url).toBe('/v1/realtime?intent=transcription');
  });

  it('calls an apiKey function on every connect, so each connection gets a fresh ephemeral key', async () => {
    server = await startScriptedServer();
    let n = 0;
    const apiKey = vi.fn(async () => `ek_fresh_key_${++n}`);
    const transport = new OpenAIRealtimeTranscriptionWebSocket({ apiKey });
    open.push(transport);
    await transport.connect({ url: server.url } as never);
    transport.close();
    await transport.connect({ url: server.url } as never);
    expect(apiKey).toHaveBeenCalledTimes(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer ek_fresh_key_1',
      'Bearer ek_fresh_key_2',
    ]);
  });

  it('prefers the key given to connect() over the transport option', async () => {
    server = await startScriptedServer();
    const fallback = vi.fn(() => 'sk-fallback-key-000000');
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      apiKey: fallback,
    });
    open.push(transport);
    await transport.connect({ url: server.url, apiKey: KEY });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('refuses to connect without a key before opening a socket', async () => {
    server = await startScriptedServer();
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    await expect(
      transport.connect({ url: server.url } as never),
    ).rejects.toMatchObject({
      code: 'MISSING_API_KEY',
    });
    expect(server.requests).toEqual([]);
    expect(transport.status).toBe('disconnected');
  });
});

describe('the key never leaks', () => {
  const echoing = (text: string) => ({
    type: 'error',
    error: {
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: text,
      param: null,
      event_id: null,
    },
  });

  it('keeps the key out of the emitted error message when the server error text contains it', async () => {
    server = await startScriptedServer();
    const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport: new OpenAIRealtimeTranscriptionWebSocket(),
    });
    open.push(session);
    const errors: TranscriptionTransportError[] = [];
    session.on('error', (e) =>
      errors.push(e.error as TranscriptionTransportError),
    );
    await session.connect({ apiKey: KEY, url: server.url });
    server.send(echoing(`Incorrect API key provided: ${KEY}.`));
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]!.message).toContain('[redacted]');
    expect(errors[0]!.message).not.toContain(KEY);
  });

  it('keeps the key out of the connect rejection on close 3000 when the server error text contains it', async () => {
    server = await startScriptedServer({
      onConnection: (ws) => {
        ws.send(JSON.stringify(echoing(`Incorrect API key provided: ${KEY}.`)));
        ws.close(3000, 'invalid_request_error.invalid_api_key');
      },
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    const rejection = await transport
      .connect({ apiKey: KEY, url: server.url })
      .then(
        () => undefined,
        (e: TranscriptionTransportError) => e,
      );
    expect(rejection?.code).toBe('AUTH_FAILED');
    expect(rejection?.message).not.toContain(KEY);
    expect(String(rejection?.stack)).not.toContain(KEY);
  });

  // The key never leaves the transport, not even inside the server's error object or the raw '*' event.
  it('keeps the key out of everything emitted: serverError and the raw * event too', async () => {
    server = await startScriptedServer();
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport,
    });
    open.push(session);
    const emitted: unknown[] = [];
    session.on('error', (e) => {
      const error = e.error as TranscriptionTransportError;
      emitted.push({ message: error.message, serverError: error.serverError });
    });
    session.on('transport_event', (e) => emitted.push(e));
    await session.connect({ apiKey: KEY, url: server.url });
    server.send(echoing(`Incorrect API key provided: ${KEY}.`));
    await expect
      .poll(
        () =>
          emitted.filter(
            (e) => (e as { message?: string }).message !== undefined,
          ).length,
      )
      .toBe(1);
    expect(JSON.stringify(emitted)).not.toContain(KEY);
  });
});

/**
 * The server masks a wrong key and echoes it (fixture 02 line 8, `<KEY8>***…AAAA`: the first 8 characters,
 * a mask, the last 4). The tail is part of the key: none of it may reach anything the transport emits.
 */
describe('a masked key echoed by the server', () => {
  const MASKED_KEY = 'sk-proj-loopbackMaskedKey0123WXYZ';
  const TAIL = MASKED_KEY.slice(-4);
  const captured = serverEventsOfType(
    '02-llmgw-ga-error-events.jsonl',
    'error',
  ).find((e) => e.error.code === 'invalid_api_key')!;
  /** The captured frame, with this test key's visible prefix and tail in place of the source's scrubbing. */
  const echoedError = () => {
    const event = structuredClone(captured);
    event.error.message = (event.error.message as string)
      .replace('<KEY8>', MASKED_KEY.slice(0, 8))
      .replace('AAAA', TAIL);
    return event;
  };

  it('keeps the tail out of the error message, serverError and the raw * event', async () => {
    const server = await startRawServer((c) =>
      c.send({ type: 'session.created', session: transcriptionSession() }),
    );
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport,
    });
    open.push(session);
    const errors: TranscriptionTransportError[] = [];
    const raw: unknown[] = [];
    session.on('error', (e) =>
      errors.push(e.error as TranscriptionTransportError),
    );
    transport.on('*', (event) => raw.push(event));
    await session.connect({ apiKey: MASKED_KEY, url: server.url });
    const sent = echoedError();
    expect(sent.error.message).toContain(`sk-proj-***…${TAIL}.`);
    server.connections[0]!.send(sent);
    await expect.poll(() => errors.length).toBe(1);
    await expect
      .poll(() => raw.filter((e) => (e as { type: string }).type === 'error'))
      .toHaveLength(1);
    const error = errors[0]!;
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.message).toContain(
      'Incorrect API key provided: [redacted]. You can find your API key at',
    );
    expect(error.serverError?.message).toBe(
      'Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.',
    );
    const rawError = raw.find(
      (e) => (e as { type: string }).type === 'error',
    ) as { error: { message: string } };
    expect(rawError.error.message).toBe(error.serverError?.message);
    for (const emitted of [
      error.message,
      String(error.stack),
      JSON.stringify(error.serverError),
      JSON.stringify(raw),
    ]) {
      expect(emitted).not.toContain(TAIL);
      expect(emitted).not.toContain('***');
    }
  });

  it('keeps the tail out of the connect rejection when the server closes with 3000', async () => {
    const server = await startRawServer((c) => {
      c.send(echoedError());
      c.ws.close(3000, 'invalid_request_error.invalid_api_key');
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    const rejection = await transport
      .connect({ apiKey: MASKED_KEY, url: server.url })
      .then(
        () => undefined,
        (e: TranscriptionTransportError) => e,
      );
    expect(rejection?.code).toBe('AUTH_FAILED');
    expect(rejection?.message).toContain(
      'Incorrect API key provided: [redacted].',
    );
    for (const emitted of [
      rejection?.message,
      String(rejection?.stack),
      JSON.stringify(rejection?.serverError),
    ]) {
      expect(emitted).not.toContain(TAIL);
      expect(emitted).not.toContain('***');
    }
  });
});
