/**
 * A minimal scripted WebSocket server on loopback for transport tests: it records what the client sends
 * and lets each test answer as the real server would. The full simulator lives in src/testing.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';

export interface ScriptedServer {
  url: string;
  /** Every client event received, parsed. */
  received: Array<{ type: string; [key: string]: any }>;
  requests: IncomingMessage[];
  /** The most recent client socket. */
  socket(): WebSocket;
  send(event: Record<string, unknown>): void;
  waitForReceived(
    type: string,
    count?: number,
  ): Promise<{ type: string; [key: string]: any }>;
  close(): Promise<void>;
}

export const GA_DEFAULT_SESSION = {
  type: 'transcription',
  object: 'realtime.transcription_session',
  id: 'sess_test',
  expires_at: 1789728574,
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: null,
      noise_reduction: null,
      turn_detection: {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 200,
      },
    },
  },
  include: null,
};

/**
 * Starts a server. `onConnection` runs for each client; by default it sends `session.created` with the
 * server defaults and answers every `session.update` with `session.updated` (a shallow merge).
 */
export async function startScriptedServer(
  options: {
    session?: Record<string, any>;
    onConnection?: (ws: WebSocket, server: ScriptedServer) => void;
    autoUpdate?: boolean;
  } = {},
): Promise<ScriptedServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as { port: number };
  let current: WebSocket | undefined;
  const waiters: Array<() => void> = [];
  const server: ScriptedServer = {
    url: `ws://127.0.0.1:${port}/v1/realtime?intent=transcription`,
    received: [],
    requests: [],
    socket: () => current!,
    send: (event) =>
      current!.send(
        JSON.stringify({
          event_id: `event_${Math.random().toString(36).slice(2)}`,
          ...event,
        }),
      ),
    waitForReceived: (type, count = 1) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${count}× ${type} received`)),
          5000,
        );
        const check = () => {
          const found = server.received.filter((e) => e.type === type);
          if (found.length >= count) {
            clearTimeout(timer);
            resolve(found[count - 1]!);
            return true;
          }
          return false;
        };
        const retry = () => {
          if (!check()) waiters.push(retry);
        };
        retry();
      }),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (ws, request) => {
    current = ws;
    server.requests.push(request);
    let session = structuredClone(options.session ?? GA_DEFAULT_SESSION);
    ws.on('message', (data) => {
      const event = JSON.parse(String(data));
      server.received.push(event);
      for (const w of waiters.splice(0)) w();
      if (options.autoUpdate !== false && event.type === 'session.update') {
        session = {
          ...session,
          ...event.session,
          audio: {
            input: { ...session.audio?.input, ...event.session.audio?.input },
          },
        };
        server.send({ type: 'session.updated', session });
      }
    });
    if (options.onConnection) options.onConnection(ws, server);
    else server.send({ type: 'session.created', session });
  });
  return server;
}

/** `n` ms of PCM16 24 kHz silence. */
export function pcm(ms: number): ArrayBuffer {
  return new ArrayBuffer(ms * 48);
}
