/**
 * `pnpm demo web`: a small loopback server for the browser demo page.
 *
 * It bundles `web/` for the browser, serves it on 127.0.0.1 only, and hands the page short-lived `ek_…` keys
 * from `POST /token`. With OPENAI_API_KEY set the keys come from OpenAI; without it the server starts the
 * local transcription simulator and the page runs OFFLINE against it, so the demo works with no account and
 * no network.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import type { TranscriptionSessionOptions } from '@agents-transcription/transport';
import type {
  SimulatorSessionPreset,
  TranscriptionServerSimulator,
  TranscriptionServerSimulatorOptions,
} from '@agents-transcription/transport/testing';
import { CliError } from './errors.js';
import {
  defaultTurnMode,
  serverVadProblem,
  type TurnMode,
} from './turn-mode.js';
import type { OfflineServer } from './offline.js';
import { bundleWebPage, type StaticFile } from './web-bundle.js';
import { checkUpgrade } from './web-guard.js';
import { createWebRoutes } from './web-routes.js';
import {
  createOfflineTokenMinter,
  createOpenAITokenMinter,
  DEFAULT_WEB_MODEL,
  type OpenAIClientLike,
  type TokenMinter,
} from './web-token.js';

/** Where the page's WebSocket goes offline: the demo server itself, which checks it and passes it on. */
const SOCKET_PATH = '/v1/realtime';

/** The OpenAI origin the page's transport connects to when online. */
const OPENAI_SOCKET_ORIGIN = 'wss://api.openai.com';

/** Options of {@link startWebDemo}. */
export interface WebDemoOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** The server's OpenAI API key (normally OPENAI_API_KEY). Absent or empty: OFFLINE on the simulator. */
  apiKey?: string;
  /** OpenAI client for minting keys; lets tests inject a fake (there is no network in CI). */
  openaiClient?: OpenAIClientLike;
  /** OpenAI API base URL for minting keys (tests point it at a loopback server). */
  openaiBaseUrl?: string;
  /** Per-attempt timeout of the client-secret request, ms (default 10 000). */
  upstreamTimeoutMs?: number;
  /** Retries of the client-secret request (default 2). */
  upstreamRetries?: number;
  /** Transcription model. Default {@link DEFAULT_WEB_MODEL} (`gpt-live-transcribe`). */
  model?: string;
  /**
   * Where turns are found: `client` (the transport's turn detector, in the browser; the key's session has
   * `turn_detection: null`) or `server` (server VAD, for the models that run it, e.g.
   * `gpt-4o-mini-transcribe`). Default: `server` for models that run server VAD, else `client`.
   */
  turnDetection?: TurnMode;
  /**
   * Offline only: options passed to the simulator (e.g. `transcripts`). The demo always sets `port` (free
   * port) and `acceptKey` (only `ek_` keys), and by default the session preset of {@link turnDetection} and
   * visible partial transcripts.
   */
  simulator?: Omit<TranscriptionServerSimulatorOptions, 'port' | 'acceptKey'>;
  /** Where log lines go. Default `console.log`. Lines never contain a key. */
  log?: (line: string) => void;
}

/** A running web demo. */
export interface WebDemo {
  /** `http://127.0.0.1:PORT/`, the page. */
  readonly url: string;
  readonly port: number;
  /** True when running on the simulator. */
  readonly offline: boolean;
  /** The simulator, when offline (tests read its connection log). */
  readonly simulator: TranscriptionServerSimulator | undefined;
  /** Offline: the WebSocket URL the page is given (this server, which checks Origin and relays to the simulator). */
  readonly socketUrl: string | undefined;
  /** Stops the HTTP server (and the simulator). */
  close(): Promise<void>;
}

/** Bundles the page and starts the server (and, without an API key, the simulator). */
export async function startWebDemo(
  options: WebDemoOptions = {},
): Promise<WebDemo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const model = options.model ?? DEFAULT_WEB_MODEL;
  const turnDetection = options.turnDetection ?? defaultTurnMode(model);
  checkTurnDetection(model, turnDetection);
  const offline = !options.apiKey;
  const files = await bundledPage();

  let offlineServer: OfflineServer | undefined;
  let mintToken: TokenMinter;
  let port = 0;
  const socketUrl = () =>
    `ws://127.0.0.1:${port}${SOCKET_PATH}?intent=transcription`;
  if (offline) {
    // Loaded only when needed: the simulator is test tooling, not part of the online path.
    const { startOfflineServer } = await import('./offline.js');
    // Like OpenAI for browsers: only ephemeral keys open a session, and only the ones this server issued.
    const issued = new Map<string, number>();
    offlineServer = await startOfflineServer({
      session: simulatorPreset(model, turnDetection),
      // Long enough that a person sees provisional text turn final.
      completionDelayMs: 600,
      ...options.simulator,
      acceptKey: (key) => (issued.get(key) ?? 0) * 1000 > Date.now(),
    });
    mintToken = createOfflineTokenMinter(socketUrl, (key, expiresAt) =>
      issued.set(key, expiresAt),
    );
  } else {
    mintToken = createOpenAITokenMinter({
      apiKey: options.apiKey!,
      session: keySession(model, turnDetection),
      ...(options.openaiClient ? { client: options.openaiClient } : {}),
      ...(options.openaiBaseUrl ? { baseURL: options.openaiBaseUrl } : {}),
      ...(options.upstreamTimeoutMs !== undefined
        ? { timeoutMs: options.upstreamTimeoutMs }
        : {}),
      ...(options.upstreamRetries !== undefined
        ? { maxRetries: options.upstreamRetries }
        : {}),
    });
  }

  const server = createServer(
    createWebRoutes({
      port: () => port,
      files,
      config: { offline, model, turnDetection },
      mintToken,
      socketOrigin: () =>
        offline ? `ws://127.0.0.1:${port}` : OPENAI_SOCKET_ORIGIN,
      log,
    }),
  );
  const relayed = new Set<Socket>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    const verdict = checkUpgrade(
      {
        method: req.method ?? 'GET',
        path,
        remoteAddress: req.socket.remoteAddress,
        headers: req.headers,
      },
      port,
    );
    if (!offlineServer || path !== SOCKET_PATH || !verdict.ok) {
      const reason = !verdict.ok ? verdict.reason : `no WebSocket at ${path}`;
      log(`web demo: refused a WebSocket to ${path}: ${reason}`);
      return refuseUpgrade(socket, verdict.ok ? 404 : 403, reason);
    }
    relay(req, socket, head, offlineServer.simulator.port, relayed);
  });
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    await offlineServer?.close();
    throw error;
  }
  const simulator = offlineServer?.simulator;
  const url = `http://127.0.0.1:${port}/`;
  log(
    offline
      ? `web demo: ${url}  (OFFLINE: no OPENAI_API_KEY, using the local simulator at ${simulator!.url}, reached through ${socketUrl()})`
      : `web demo: ${url}  (online: keys minted from OPENAI_API_KEY, model ${model})`,
  );
  log(`web demo: model ${model}, ${TURN_TEXT[turnDetection]}`);

  return {
    url,
    port,
    offline,
    simulator,
    socketUrl: offline ? socketUrl() : undefined,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open keep-alive connections would otherwise hold close() until they time out.
        server.closeAllConnections();
        for (const socket of relayed) socket.destroy();
      });
      await offlineServer?.close();
    },
  };
}

/** Refuses, before anything starts, a turn mode the model cannot run (a key minted for it would be refused). */
function checkTurnDetection(model: string, turns: unknown): void {
  if (turns !== 'client' && turns !== 'server')
    throw new CliError(
      `turn detection must be 'client' or 'server', got ${JSON.stringify(turns)}`,
    );
  const problem = turns === 'server' ? serverVadProblem(model) : undefined;
  if (problem) throw new CliError(problem);
}

/** How the log line says where turns are found. */
const TURN_TEXT: Record<TurnMode, string> = {
  client: 'turns found in the browser (client turn detection, no server VAD)',
  server: 'turns found by the server (server VAD)',
};

/** Silence that ends a turn, the same for server VAD and the page's client detector. */
const SILENCE_MS = 500;

/**
 * The session an OpenAI key is minted for: the GA `client_secrets` body is built from this by
 * `createTranscriptionClientSecret()`. With client turn detection the session has `turn_detection: null`
 * (`gpt-live-transcribe` refuses a VAD object); the page's transport then commits each turn.
 */
function keySession(
  model: string,
  turns: TurnMode,
): TranscriptionSessionOptions {
  return {
    transcription: { model },
    turnDetection:
      turns === 'server'
        ? { type: 'server_vad', silenceDurationMs: SILENCE_MS }
        : null,
    noiseReduction: { type: 'near_field' },
  };
}

/** The same session, in wire shape, as the offline simulator presets it for every connection. */
function simulatorPreset(
  model: string,
  turns: TurnMode,
): SimulatorSessionPreset {
  return {
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: { model },
        turn_detection:
          turns === 'server'
            ? { type: 'server_vad', silence_duration_ms: SILENCE_MS }
            : null,
      },
    },
  };
}

/** Answers a refused upgrade with a plain HTTP status and closes the socket. */
function refuseUpgrade(socket: Socket, status: 403 | 404, reason: string) {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/**
 * Passes an accepted upgrade request on to the simulator byte for byte (the simulator completes the
 * handshake), then pipes both ways until either side closes.
 */
function relay(
  req: IncomingMessage,
  socket: Socket,
  head: Buffer,
  targetPort: number,
  open: Set<Socket>,
): void {
  const upstream = connect(targetPort, '127.0.0.1');
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length > 0) upstream.write(head);
  open.add(socket);
  const end = () => {
    open.delete(socket);
    socket.destroy();
    upstream.destroy();
  };
  for (const side of [socket, upstream]) {
    side.on('error', end);
    side.on('close', end);
  }
  socket.pipe(upstream).pipe(socket);
}

let pageBundle: Promise<Map<string, StaticFile>> | undefined;

/** The page is bundled once per process: its sources do not change while the demo runs (and tests start many servers). */
function bundledPage(): Promise<Map<string, StaticFile>> {
  pageBundle ??= bundleWebPage().catch((error: unknown) => {
    pageBundle = undefined; // let a later start try again
    throw error;
  });
  return pageBundle;
}

/** Listens on 127.0.0.1 only: the server hands out keys and must not be reachable from the network. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const USAGE = `Usage: pnpm demo web [--port N] [--model NAME] [--vad client|server]

Serves the browser demo on http://127.0.0.1:N/ (default 5174; 0 picks a free port).
With OPENAI_API_KEY set, the page transcribes through OpenAI with short-lived keys;
without it, the page runs OFFLINE against the local simulator.

  --model NAME          transcription model (default ${DEFAULT_WEB_MODEL})
  --vad client|server   client: the transport finds the turns in the browser (default for
                        models without server VAD, e.g. ${DEFAULT_WEB_MODEL}); server: server VAD
                        (default for the models that run it, e.g. gpt-4o-mini-transcribe)`;

/** What `runWebCommand` needs from its caller; the CLI passes its own `io`, which has these. */
export interface WebCommandIo {
  /** Read for OPENAI_API_KEY. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Stops the server when aborted (the CLI aborts on Ctrl+C). Default: SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** Where to print. Default stdout. */
  stdout?: { write(text: string): unknown };
}

/**
 * The `web` command of the CLI: parses `argv` (what follows the word `web`), serves until Ctrl+C (or `signal`),
 * then shuts down. Rejects with a plain message on bad flags or a busy port.
 */
export async function runWebCommand(
  argv: readonly string[],
  io: WebCommandIo = {},
): Promise<void> {
  const print = (line: string) =>
    void (io.stdout ?? process.stdout).write(`${line}\n`);
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', short: 'p' },
        model: { type: 'string' },
        vad: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(
      `web: ${(error as Error).message.split('\n')[0]} (see pnpm demo web --help)`,
    );
  }
  if (values.help) return print(USAGE);
  // Digits only: Number() would read '' as 0 (a random port) and '0x50' as 80.
  const port =
    values.port === undefined
      ? 5174
      : /^\d{1,5}$/.test(values.port)
        ? Number(values.port)
        : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(
      `--port must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`,
    );
  }
  if (values.model === '')
    throw new CliError('--model needs a value (see pnpm demo web --help)');
  if (
    values.vad !== undefined &&
    values.vad !== 'client' &&
    values.vad !== 'server'
  )
    throw new CliError(`--vad must be client or server, got "${values.vad}"`);
  const model = values.model ?? DEFAULT_WEB_MODEL;
  let demo: WebDemo;
  try {
    demo = await startWebDemo({
      port,
      model,
      ...(values.vad ? { turnDetection: values.vad } : {}),
      apiKey: (io.env ?? process.env).OPENAI_API_KEY,
      log: print,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(
        `port ${port} is already in use; pass --port 0 to take any free port`,
        1,
        { cause: error },
      );
    }
    throw error;
  }
  print('Open that address in a browser. Press Ctrl+C to stop.');
  await untilStopped(io.signal);
  await demo.close();
}

/** Resolves when `signal` aborts or, without one, on SIGINT/SIGTERM. */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
