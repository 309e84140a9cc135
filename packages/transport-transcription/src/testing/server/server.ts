/**
 * `createTranscriptionServerSimulator()`: the loopback HTTP + WebSocket server, the connection registry and
 * the observation API (log, connections, waitFor, broadcast, drop, close).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { SimulatorConnection } from './connection.js';
import { FrameLog, frameLogLimits } from './frame-log.js';
import { inspectHandshake } from './handshake.js';
import { applyUpdate } from '../session/model-rules.js';
import { defaultSettings, type SessionSettings } from '../session/settings.js';
import { validateSessionUpdate } from '../session/session-validation.js';
import type {
  SimulatorConnectionInfo,
  TranscriptionServerSimulator,
  TranscriptionServerSimulatorOptions,
} from '../types.js';

const PATH = '/v1/realtime';

/** Validates `options.session` like a client secret request would be, so a bad preset fails loudly at once. */
function presetSettings(
  options: TranscriptionServerSimulatorOptions,
): SessionSettings {
  if (!options.session) return defaultSettings();
  const result = validateSessionUpdate({
    type: 'session.update',
    session: { type: 'transcription', ...options.session },
  });
  if (!result.ok)
    throw new TypeError(
      `createTranscriptionServerSimulator: invalid options.session: ${result.error.message}`,
    );
  const applied = applyUpdate(defaultSettings(), result.patch);
  if (!applied.ok)
    throw new TypeError(
      `createTranscriptionServerSimulator: invalid options.session: ${applied.error.message}`,
    );
  return applied.settings;
}

/**
 * Starts a strict local simulator of OpenAI's Realtime transcription endpoint on `127.0.0.1`.
 *
 * @example
 * ```ts
 * const simulator = await createTranscriptionServerSimulator({ transcripts: ['Hello there.'] });
 * const socket = new WebSocket(simulator.url, { headers: { Authorization: 'Bearer test-key' } });
 * // … send session.update / input_audio_buffer.append / commit …
 * await simulator.waitFor((e) => e.event.type === 'conversation.item.input_audio_transcription.completed');
 * await simulator.close();
 * ```
 * @throws TypeError when `options.session` is not a session the real server would accept, `options.modelInUrl`
 *   is neither `'refuse'` nor `'ignore'`, or `options.logLimit` holds something other than whole numbers ≥ 0.
 */
export async function createTranscriptionServerSimulator(
  options: TranscriptionServerSimulatorOptions = {},
): Promise<TranscriptionServerSimulator> {
  if (
    options.modelInUrl !== undefined &&
    options.modelInUrl !== 'refuse' &&
    options.modelInUrl !== 'ignore'
  ) {
    throw new TypeError(
      `createTranscriptionServerSimulator: options.modelInUrl must be 'refuse' or 'ignore', got ${JSON.stringify(options.modelInUrl)}.`,
    );
  }
  const settings = presetSettings(options);
  const log = new FrameLog(frameLogLimits(options.logLimit));
  const acceptKey = options.acceptKey ?? ((key: string) => key.length > 0);
  const connections: SimulatorConnectionInfo[] = [];
  const open = new Set<SimulatorConnection>();
  const rawSockets = new Set<Socket>();
  let turnIndex = 0;

  const wss = new WebSocketServer({
    noServer: true,
    // The real server selects `realtime` when a browser offers it next to the key subprotocol.
    handleProtocols: (protocols) =>
      protocols.has('realtime') ? 'realtime' : false,
  });
  const http = createServer((_request, response) => {
    response
      .writeHead(426, { 'content-type': 'text/plain' })
      .end('This endpoint only speaks WebSocket.\n');
  });
  http.on('connection', (socket) => {
    rawSockets.add(socket);
    socket.once('close', () => rawSockets.delete(socket));
  });
  http.on(
    'upgrade',
    (request: IncomingMessage, socket: Socket, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== PATH) {
        socket.end(
          'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        const outcome = inspectHandshake(
          request,
          acceptKey,
          options.modelInUrl,
        );
        const info: SimulatorConnectionInfo = {
          connectionId: connections.length + 1,
          ...outcome.info,
        };
        connections.push(info);
        const connection = new SimulatorConnection(ws, {
          info,
          refusal: outcome.refusal,
          options,
          settings,
          log,
          nextTurnIndex: () => turnIndex++,
          peekTurnIndex: () => turnIndex,
        });
        open.add(connection);
        void connection.closed.then(() => open.delete(connection));
      });
    },
  );

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | null = null;

  return {
    url: `ws://127.0.0.1:${port}${PATH}?intent=transcription`,
    port,
    log: log.entries,
    get droppedFrames() {
      return log.dropped;
    },
    connections,
    received: (type) => log.events('client', type),
    sent: (type) => log.events('server', type),
    waitFor: (predicate, timeoutMs) => log.waitFor(predicate, timeoutMs),
    broadcast(event) {
      for (const connection of open) connection.send(event);
    },
    dropConnections() {
      for (const connection of open) connection.drop();
    },
    close() {
      closing ??= (async () => {
        await Promise.all(
          [...open].map((connection) =>
            connection.close(1001, 'simulator closed'),
          ),
        );
        log.rejectAll('simulator closed');
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        for (const socket of rawSockets) socket.destroy();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      })();
      return closing;
    },
  };
}
