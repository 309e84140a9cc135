/**
 * Who may talk to the web demo server: loopback callers, addressing it by a loopback name, from its own origin.
 *
 * The server hands out keys that open paid transcription sessions, so it refuses:
 * - callers that are not on this machine (it binds to 127.0.0.1, but checking the peer address as well
 *   keeps that true if someone changes the bind address);
 * - requests whose `Host` is not a loopback name with our port — a DNS-rebinding page on another site
 *   reaches us under its own host name;
 * - requests whose `Origin` (or `Sec-Fetch-Site`) says another site sent them; and, for `POST /token`,
 *   requests with no `Origin` at all, since every browser sends one on a POST.
 *
 * Pure: it looks at the request's facts only, so the rules are unit-tested without sockets.
 */

/** The facts about a request that the rules look at. */
export interface RequestFacts {
  method: string;
  /** Path without the query string. */
  path: string;
  /** `req.socket.remoteAddress`. */
  remoteAddress: string | undefined;
  /** Request headers, lower-case names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
}

/** The verdict: allowed, or refused with the status and a reason safe to show to the caller. */
export type GuardVerdict =
  { ok: true } | { ok: false; status: 403; reason: string };

/** Paths that hand out secrets and so require a same-origin browser request. */
const SENSITIVE_PATHS = new Set(['/token']);

/** Whether `address` (as Node reports a peer) is on this machine: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1';
}

/** The origins the page itself is served from, for a server on `port`. */
export function allowedOrigins(port: number): string[] {
  return [
    `http://127.0.0.1:${port}`,
    `http://localhost:${port}`,
    `http://[::1]:${port}`,
  ];
}

/** Applies the rules above to one request for a server listening on `port`. */
export function checkRequest(
  request: RequestFacts,
  port: number,
): GuardVerdict {
  if (!isLoopbackAddress(request.remoteAddress)) {
    return refuse('this demo server only answers requests from this machine');
  }
  const host = single(request.headers.host);
  const allowed = allowedOrigins(port);
  if (!host || !allowed.includes(`http://${host.toLowerCase()}`)) {
    return refuse(
      'unexpected Host header; open the page at the address the server printed',
    );
  }
  const origin = single(request.headers.origin);
  if (origin !== undefined && !allowed.includes(origin.toLowerCase())) {
    return refuse('cross-origin requests are not allowed');
  }
  const fetchSite = single(request.headers['sec-fetch-site']);
  if (
    fetchSite !== undefined &&
    fetchSite !== 'same-origin' &&
    fetchSite !== 'none'
  ) {
    return refuse('cross-site requests are not allowed');
  }
  if (SENSITIVE_PATHS.has(request.path)) {
    if (request.method !== 'POST')
      return refuse(`${request.path} only takes POST`);
    if (origin === undefined)
      return refuse('a request for a key must come from the demo page');
  }
  return { ok: true };
}

/**
 * The rules for a WebSocket upgrade (the offline page's socket): those of {@link checkRequest}, and an
 * `Origin` is required, since every browser sends one on a WebSocket handshake and a page on another
 * site can open a WebSocket to any address.
 */
export function checkUpgrade(
  request: RequestFacts,
  port: number,
): GuardVerdict {
  const verdict = checkRequest(request, port);
  if (!verdict.ok) return verdict;
  if (single(request.headers.origin) === undefined)
    return refuse('a WebSocket to the simulator must come from the demo page');
  return { ok: true };
}

function refuse(reason: string): GuardVerdict {
  return { ok: false, status: 403, reason };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
