/**
 * msw `ws.link()` stand-in for `wss://api.openai.com/v1/realtime`: replays captured server frames and
 * records what the client sends. msw only sees sockets made from the global `WebSocket` (undici, installed
 * by test/setup.ts), so the transport gets a `createWebSocket` that uses it with subprotocol auth.
 */
import { ws } from 'msw';
import { setupServer } from 'msw/node';
import type {
  CreateWebSocket,
  WebSocketLike,
} from '../../src/wire/url-and-auth.js';

export const realtimeLink = ws.link('wss://api.openai.com/v1/realtime');
export const mswServer = setupServer();

/** Opens the socket with the global WebSocket, authenticated the browser way (msw cannot see headers). */
export const globalWebSocket: CreateWebSocket = ({ url, apiKey }) =>
  new WebSocket(url, [
    'realtime',
    'openai-insecure-api-key.' + apiKey,
  ]) as unknown as WebSocketLike;

type ClientConnection = Parameters<
  Parameters<typeof realtimeLink.addEventListener<'connection'>>[1]
>[0]['client'];

export interface Replay {
  /** Every client frame of every connection, parsed, in order. */
  received: Array<{ type: string; [key: string]: any }>;
  /** The URL and subprotocols of each connection. */
  connections: Array<{ url: string; protocols: string[] }>;
  /** The most recent client connection. */
  client(): ClientConnection;
  /** Sends a server event (as captured) to the most recent client. */
  send(event: Record<string, unknown>): void;
}

/**
 * Installs a handler for the Realtime endpoint. `onConnection` plays the server: it gets the client and a
 * `reply(type, fn)` hook that answers each client event of that type.
 */
export function replay(
  onConnection: (args: {
    client: ClientConnection;
    replay: Replay;
    onClient: (
      type: string,
      answer: (event: { type: string; [key: string]: any }) => void,
    ) => void;
  }) => void,
): Replay {
  let current: ClientConnection | undefined;
  const state: Replay = {
    received: [],
    connections: [],
    client: () => {
      if (!current) throw new Error('no client has connected yet');
      return current;
    },
    send: (event) => state.client().send(JSON.stringify(event)),
  };
  mswServer.use(
    realtimeLink.addEventListener('connection', ({ client, info }) => {
      current = client;
      const protocols = info.protocols;
      state.connections.push({
        url: client.url.toString(),
        protocols:
          protocols === undefined
            ? []
            : Array.isArray(protocols)
              ? protocols
              : [protocols],
      });
      const answers = new Map<string, (event: any) => void>();
      client.addEventListener('message', (message) => {
        const event = JSON.parse(String(message.data));
        state.received.push(event);
        answers.get(event.type)?.(event);
      });
      onConnection({
        client,
        replay: state,
        onClient: (type, answer) => answers.set(type, answer),
      });
    }),
  );
  return state;
}

/** Registers msw for the file: listen before all, forget handlers and close tracked sessions after each. */
export function useMswRealtime(hooks: {
  beforeAll: (fn: () => void) => void;
  afterEach: (fn: () => void) => void;
  afterAll: (fn: () => void) => void;
}): { track: <T extends { close(): void }>(closable: T) => T } {
  const open: Array<{ close(): void }> = [];
  hooks.beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
  hooks.afterEach(() => {
    for (const closable of open.splice(0)) closable.close();
    mswServer.resetHandlers();
  });
  hooks.afterAll(() => mswServer.close());
  return {
    track: (closable) => {
      open.push(closable);
      return closable;
    },
  };
}
