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
  /** WebSocket origin the page may connect to besides its own, for the Content-Security-Policy. */
  socketOrigin: string;
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
  if (!(await drainBody(req, MAX_BODY_BYTES))) {
    return sendJson(res, 413, { error: 'request body too large' });
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
  options.log(
    `web demo: issued an ephemeral key, valid until ${new Date(token.expiresAt * 1000).toLocaleTimeString()}`,
  );
  sendJson(res, 200, token);
}

/** Reads and discards the body; false if it is larger than `limit`. */
async function drainBody(
  req: IncomingMessage,
  limit: number,
): Promise<boolean> {
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.destroy();
      return false;
    }
  }
  return true;
}

function securityHeaders(options: WebRoutesOptions): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // The page may load only its own files and open sockets only to itself and the transcription service.
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${options.socketOrigin}`,
      "img-src 'self' data:",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: TokenResponse | WebDemoConfig | ErrorResponse,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
