/**
 * A raw `ws` server on loopback where each test scripts every connection itself: it keeps what each
 * connection received, in order, and hands the test the socket. For timings the simulator does not expose
 * (a commit left unanswered, a `session.updated` held back).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach } from 'vitest';

export interface RawConnection {
  ws: WebSocket;
  received: Array<{ type: string; [key: string]: any }>;
  send(event: Record<string, unknown>): void;
}

export interface RawServer {
  url: string;
  connections: RawConnection[];
  close(): Promise<void>;
}

const servers: RawServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

let eventCounter = 0;

/** A transcription session as the server reports it (manual turns, the default model). */
export function transcriptionSession(
  extra: Record<string, unknown> = {},
): Record<string, any> {
  return {
    type: 'transcription',
    object: 'realtime.transcription_session',
    id: `sess_raw_${++eventCounter}`,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: { model: 'gpt-4o-mini-transcribe' },
        noise_reduction: null,
        turn_detection: null,
      },
    },
    include: null,
    ...extra,
  };
}

export async function startRawServer(
  onConnection: (connection: RawConnection, index: number) => void,
  onMessage: (
    connection: RawConnection,
    event: { type: string; [key: string]: any },
    index: number,
  ) => void = () => {},
): Promise<RawServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as { port: number };
  const server: RawServer = {
    url: `ws://127.0.0.1:${port}/v1/realtime?intent=transcription`,
    connections: [],
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (ws) => {
    const index = server.connections.length;
    const connection: RawConnection = {
      ws,
      received: [],
      send: (event) => {
        if (ws.readyState === ws.OPEN)
          ws.send(
            JSON.stringify({ event_id: `ev_${++eventCounter}`, ...event }),
          );
      },
    };
    server.connections.push(connection);
    ws.on('message', (data) => {
      const event = JSON.parse(String(data));
      connection.received.push(event);
      onMessage(connection, event, index);
    });
    onConnection(connection, index);
  });
  servers.push(server);
  return server;
}
