/**
 * The web demo server's request handler: static page files, `GET /config.json` and `POST /token`, behind the
 * rules of `web-guard.ts`.
 *
 * Kept free of listening and lifecycle concerns (see `web-server.ts`), so it can be driven by any `node:http`
 * server, including a test's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  ErrorResponse,
  TokenResponse,
  WebDemoConfig,
} from '../web/api-types.js';
import type { StaticFile } from './web-bundle.js';
import { checkRequest } from './web-guard.js';
import { TokenMintError, type TokenMinter } from './web-token.js';

/** What the handler serves. */
export interface WebRoutesOptions {
  /** The port the server listens on (Host and Origin checks need it; read per request because it is known late). */
  port: () => number;
  /** Page files by path (from `bundleWebPage()`). */
  files: ReadonlyMap<string, StaticFile>;
  config: WebDemoConfig;
  mintToken: TokenMinter;
  /** WebSocket origin the page may connect to besides its own, for the Content-Security-Policy (read per request). */
  socketOrigin: string | (() => string);
  log: (line: string) => void;
}

/** Largest request body accepted (the page sends `{}`); anything bigger is not from our page. */
const MAX_BODY_BYTES = 1024;

/** Creates the `(req, res)` handler. */
export function createWebRoutes(
  options: WebRoutesOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      // Nothing here should throw, but if it does, answer rather than leave the page hanging.
      options.log(
        `web demo: internal error on ${req.method} ${req.url}: ${String(error)}`,
      );
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  };
}

async function handle(
  options: WebRoutesOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
  const verdict = checkRequest(
    {
      method,
      path,
      remoteAddress: req.socket.remoteAddress,
      headers: req.headers,
    },
    options.port(),
  );
  if (!verdict.ok) {
    options.log(
      `web demo: refused ${method} ${path} from ${req.socket.remoteAddress}: ${verdict.reason}`,
    );
    req.resume();
    return sendJson(res, verdict.status, { error: verdict.reason });
  }

  if (path === '/token') return handleToken(options, req, res);

  if (method !== 'GET' && method !== 'HEAD') {
    req.resume();
    return sendJson(res, 405, { error: `${method} is not allowed here` });
  }
  if (path === '/config.json') return sendJson(res, 200, options.config);
  const file = options.files.get(path);
  if (!file) return sendJson(res, 404, { error: `nothing at ${path}` });
  res.writeHead(200, {
    ...securityHeaders(options),
    'content-type': file.contentType,
    'content-length': Buffer.byteLength(file.body),
  });
  res.end(method === 'HEAD' ? undefined : file.body);
}

async function handleToken(
  options: WebRoutesOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json')) {
    req.resume();
    // Requiring JSON forces a CORS preflight for any cross-origin sender, which we never approve.
    return sendJson(res, 415, { error: 'POST /token takes application/json' });
  }
  if (!(await readBodyWithin(req, MAX_BODY_BYTES))) {
    // Answer first, then close: destroying the request before writing would reset the connection and the
    // client would never see the 413.
    res.once('finish', () => req.socket.destroy());
    return sendJson(res, 413, { error: 'request body too large' }, true);
  }
  let token: TokenResponse;
  try {
    token = await options.mintToken();
  } catch (error) {
    const message =
      error instanceof TokenMintError
        ? error.message
        : 'the session key could not be created';
    options.log(`web demo: token request failed: ${message}`);
    return sendJson(res, 502, { error: message });
  }
  // Log that a key went out and until when, never the key.
  const until = Number.isFinite(token.expiresAt)
    ? `valid until ${new Date(token.expiresAt * 1000).toLocaleTimeString()}`
    : 'with no expiry time given';
  options.log(`web demo: issued an ephemeral key, ${until}`);
  sendJson(res, 200, token);
}

/**
 * Reads and discards the body; false as soon as it is known to be larger than `limit` (by `Content-Length`
 * or by counting). The rest of an oversized body is not read: the connection is closed after the answer.
 */
async function readBodyWithin(
  req: IncomingMessage,
  limit: number,
): Promise<boolean> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return false;
  // Events, not `for await`: leaving a `for await` early destroys the request, and with it the socket the
  // answer has to go out on.
  return new Promise((resolve) => {
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return;
      req.off('data', onData);
      req.pause();
      resolve(false);
    };
    req.on('data', onData);
    req.once('end', () => resolve(true));
    req.once('error', () => resolve(false));
  });
}

function securityHeaders(options: WebRoutesOptions): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // The page may load only its own files and open sockets only to itself and the transcription service;
    // no <base> may redirect its relative URLs and no form may post anywhere.
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${typeof options.socketOrigin === 'string' ? options.socketOrigin : options.socketOrigin()}`,
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: TokenResponse | WebDemoConfig | ErrorResponse,
  closeAfter = false,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(closeAfter ? { connection: 'close' } : {}),
  });
  res.end(text);
}
