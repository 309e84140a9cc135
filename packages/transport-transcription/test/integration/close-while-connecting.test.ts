import { WebSocket } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import {
  startScriptedServer,
  type ScriptedServer,
} from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('close() while connect() is opening the socket', () => {
  it('rejects the connect and closes the socket that was being opened', async () => {
    server = await startScriptedServer();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sockets: WebSocket[] = [];
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      createWebSocket: async ({ url, apiKey }) => {
        await gate;
        const socket = new WebSocket(url, {
          headers: { Authorization: `Bearer ${apiKey}` },
        });
        sockets.push(socket);
        return socket;
      },
    });
    const connecting = transport.connect({
      apiKey: 'sk-close-race',
      url: server.url,
    });
    await vi.waitFor(() => expect(transport.status).toBe('connecting'));
    transport.close();
    release();
    await expect(connecting).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(transport.status).toBe('disconnected');
    await vi.waitFor(() =>
      expect(sockets[0]?.readyState).toBe(WebSocket.CLOSED),
    );

    // And the transport is still usable.
    await transport.connect({ apiKey: 'sk-close-race', url: server.url });
    expect(transport.status).toBe('connected');
    transport.close();
  });
});
