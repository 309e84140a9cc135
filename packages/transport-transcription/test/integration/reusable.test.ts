/**
 * A failed connect leaves the transport disconnected and reusable: every failure is followed by a retry
 * that succeeds, on the same transport object.
 */
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type { TranscriptionTransportError } from '../../src/errors.js';
import {
  GA_DEFAULT_SESSION,
  startScriptedServer,
  type ScriptedServer,
} from '../helpers/scripted-server.js';
import type { WebSocket } from 'ws';

let server: ScriptedServer | undefined;
const open: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const closable of open.splice(0)) closable.close();
  await server?.close();
  server = undefined;
});

const KEY = 'sk-reusable-test-key-0000';

async function failure(
  promise: Promise<unknown>,
): Promise<TranscriptionTransportError> {
  try {
    await promise;
  } catch (error) {
    return error as TranscriptionTransportError;
  }
  throw new Error('connect() resolved; expected it to fail');
}

/** A server whose first connection misbehaves as `first` says; later connections are well-behaved. */
async function failingFirst(
  first: (ws: WebSocket) => void,
): Promise<ScriptedServer> {
  let connections = 0;
  return startScriptedServer({
    autoUpdate: false,
    onConnection: (ws, s) => {
      if (++connections === 1) return first(ws);
      ws.on('message', (data) => {
        const event = JSON.parse(String(data));
        if (event.type === 'session.update')
          s.send({
            type: 'session.updated',
            session: {
              ...GA_DEFAULT_SESSION,
              audio: {
                input: {
                  ...GA_DEFAULT_SESSION.audio.input,
                  ...event.session.audio?.input,
                },
              },
            },
          });
      });
      s.send({ type: 'session.created', session: GA_DEFAULT_SESSION });
    },
  });
}

function send(ws: WebSocket, event: Record<string, unknown>) {
  ws.send(JSON.stringify({ event_id: 'event_x', ...event }));
}

async function expectRetrySucceeds(
  transport: OpenAIRealtimeTranscriptionWebSocket,
  url: string,
) {
  const changes: string[] = [];
  transport.on('connection_change', (s) => changes.push(s));
  await transport.connect({ apiKey: KEY, url });
  expect(transport.status).toBe('connected');
  expect(changes).toEqual(['connecting', 'connected']);
  transport.sendAudio(new ArrayBuffer(4800));
  await server!.waitForReceived('input_audio_buffer.append');
}

describe('a failed connect leaves the transport reusable', () => {
  it('after the server refuses the transcription session.update (SESSION_UPDATE_REJECTED)', async () => {
    server = await failingFirst((ws) => {
      ws.on('message', (data) => {
        const event = JSON.parse(String(data));
        if (event.type === 'session.update')
          send(ws, {
            type: 'error',
            error: {
              type: 'invalid_request_error',
              code: 'integer_below_min_value',
              message:
                "Invalid 'session.audio.input.format.rate': integer below minimum value. Expected a value >= 24000, but got 16000 instead.",
              param: 'session.audio.input.format.rate',
              event_id: event.event_id,
            },
          });
      });
      send(ws, { type: 'session.created', session: GA_DEFAULT_SESSION });
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    open.push(transport);
    const error = await failure(
      transport.connect({ apiKey: KEY, url: server.url }),
    );
    expect(error.code).toBe('SESSION_UPDATE_REJECTED');
    expect(error.message).toContain('Expected a value >= 24000');
    expect(error.serverError?.code).toBe('integer_below_min_value');
    expect(transport.status).toBe('disconnected');
    await expectRetrySucceeds(transport, server.url);
  });

  it.each([
    [
      3000,
      'invalid_request_error',
      null,
      'Missing bearer or basic authentication in header',
      'AUTH_FAILED',
    ],
    [
      4000,
      'invalid_request_error.beta_api_shape_disabled',
      'beta_api_shape_disabled',
      'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.',
      'REQUEST_REJECTED',
    ],
  ] as const)(
    'after close %i (%s)',
    async (closeCode, reason, code, message, expected) => {
      server = await failingFirst((ws) => {
        send(ws, {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            code,
            message,
            param: null,
            event_id: null,
          },
        });
        ws.close(closeCode, reason);
      });
      const transport = new OpenAIRealtimeTranscriptionWebSocket();
      open.push(transport);
      const error = await failure(
        transport.connect({ apiKey: KEY, url: server.url }),
      );
      expect(error.code).toBe(expected);
      expect(error.message).toContain(message);
      expect(transport.status).toBe('disconnected');
      await expectRetrySucceeds(transport, server.url);
    },
  );

  it('after a timeout waiting for session.created (CONNECT_TIMEOUT), closing the socket it opened', async () => {
    let silentSocket: WebSocket | undefined;
    server = await failingFirst((ws) => {
      silentSocket = ws;
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      connectTimeoutMs: 300,
    });
    open.push(transport);
    const error = await failure(
      transport.connect({ apiKey: KEY, url: server.url }),
    );
    expect(error.code).toBe('CONNECT_TIMEOUT');
    expect(error.message).toContain('session.created');
    expect(error.message).toContain('300 ms');
    expect(transport.status).toBe('disconnected');
    // The socket of the failed attempt was closed, not left dangling.
    await expect.poll(() => silentSocket?.readyState).toBe(3);
    await expectRetrySucceeds(transport, server.url);
  });

  it('after a timeout waiting for session.updated', async () => {
    server = await failingFirst((ws) =>
      send(ws, { type: 'session.created', session: GA_DEFAULT_SESSION }),
    );
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      connectTimeoutMs: 300,
    });
    open.push(transport);
    const error = await failure(
      transport.connect({ apiKey: KEY, url: server.url }),
    );
    expect(error.code).toBe('CONNECT_TIMEOUT');
    expect(error.message).toContain('session.updated');
    expect(transport.status).toBe('disconnected');
    await expectRetrySucceeds(transport, server.url);
  });

  it('after the socket is refused on a closed port (CONNECT_FAILED)', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    open.push(transport);
    const error = await failure(
      transport.connect({
        apiKey: KEY,
        url: `ws://127.0.0.1:${closedPort}/v1/realtime`,
      }),
    );
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).not.toContain(KEY);
    expect(transport.status).toBe('disconnected');
    server = await failingFirst((ws) =>
      send(ws, { type: 'session.created', session: GA_DEFAULT_SESSION }),
    );
    // The server's first connection is the misbehaving one; use it up with a throwaway connect.
    await failure(
      new OpenAIRealtimeTranscriptionWebSocket({
        connectTimeoutMs: 100,
      }).connect({ apiKey: KEY, url: server.url }),
    );
    await expectRetrySucceeds(transport, server.url);
  });

  it('through RealtimeSession: a refused first connect, then a working session on the same objects', async () => {
    server = await failingFirst((ws) => {
      send(ws, {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'invalid_api_key',
          message: 'Incorrect API key provided.',
          param: null,
          event_id: null,
        },
      });
      ws.close(3000, 'invalid_request_error.invalid_api_key');
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport,
    });
    open.push(session);
    session.on('error', () => {});
    await expect(
      session.connect({ apiKey: KEY, url: server.url }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(transport.status).toBe('disconnected');
    await session.connect({ apiKey: KEY, url: server.url });
    server.send({
      type: 'input_audio_buffer.committed',
      item_id: 'item_1',
      previous_item_id: null,
    });
    server.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_1',
      content_index: 0,
      transcript: 'Works now.',
    });
    await expect
      .poll(() =>
        session.history.map((i) =>
          i.type === 'message' && i.content[0]?.type === 'input_audio'
            ? i.content[0].transcript
            : null,
        ),
      )
      .toEqual(['Works now.']);
  });
});
