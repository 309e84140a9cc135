/**
 * A tiny HTTP client for the web server tests: `node:http` rather than `fetch`, because the tests must set
 * `Host`, `Origin` and `Sec-Fetch-Site` freely, which `fetch` forbids or drops.
 */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request to `127.0.0.1:port` with exactly the given headers. */
export function rawRequest(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Send the body with chunked transfer encoding (no Content-Length), as a streaming client would. */
    chunked?: boolean;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        // A fresh connection each time: a kept-alive socket would outlive a server the test has closed.
        agent: false,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    if (options.chunked && options.body !== undefined) {
      req.setHeader('transfer-encoding', 'chunked');
      req.write(options.body);
      req.end();
    } else req.end(options.body);
  });
}

/** The headers the demo page's own `fetch('/token', …)` sends. */
export function pageTokenHeaders(port: number): Record<string, string> {
  return {
    origin: `http://127.0.0.1:${port}`,
    'sec-fetch-site': 'same-origin',
    'content-type': 'application/json',
  };
}
