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
