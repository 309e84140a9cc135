import { describe, expect, it } from 'vitest';
import {
  checkRequest,
  isLoopbackAddress,
  type RequestFacts,
} from '../src/web-guard.js';

const PORT = 5174;
const SAME_ORIGIN = `http://127.0.0.1:${PORT}`;

function request(
  overrides: Partial<RequestFacts> & { headers?: RequestFacts['headers'] },
) {
  return {
    method: 'GET',
    path: '/',
    remoteAddress: '127.0.0.1',
    ...overrides,
    headers: { host: `127.0.0.1:${PORT}`, ...overrides.headers },
  } satisfies RequestFacts;
}

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.5', false],
    ['fe80::1', false],
    ['1270.0.0.1', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('checkRequest', () => {
  it('allows the page itself, by 127.0.0.1 or localhost', () => {
    expect(checkRequest(request({}), PORT)).toEqual({ ok: true });
    expect(
      checkRequest(request({ headers: { host: `localhost:${PORT}` } }), PORT),
    ).toEqual({
      ok: true,
    });
  });

  it('allows a same-origin POST /token', () => {
    const verdict = checkRequest(
      request({
        method: 'POST',
        path: '/token',
        headers: { origin: SAME_ORIGIN, 'sec-fetch-site': 'same-origin' },
      }),
      PORT,
    );
    expect(verdict).toEqual({ ok: true });
  });

  it.each<[string, Partial<RequestFacts>, RegExp]>([
    [
      'a caller on another machine',
      { remoteAddress: '192.168.1.20' },
      /from this machine/,
    ],
    [
      'a caller with no known address',
      { remoteAddress: undefined },
      /from this machine/,
    ],
    [
      'a rebinding host name',
      { headers: { host: `evil.example:${PORT}` } },
      /unexpected Host header/,
    ],
    [
      'the right host on another port',
      { headers: { host: '127.0.0.1:1' } },
      /Host/,
    ],
    ['no Host header at all', { headers: { host: undefined } }, /Host/],
    [
      'a page on another origin',
      { headers: { origin: 'https://evil.example' } },
      /cross-origin requests are not allowed/,
    ],
    [
      'another loopback port (another local app)',
      { headers: { origin: 'http://127.0.0.1:3000' } },
      /cross-origin/,
    ],
    [
      'a cross-site fetch without Origin',
      { headers: { 'sec-fetch-site': 'cross-site' } },
      /cross-site requests are not allowed/,
    ],
    [
      'POST /token without Origin (not from a browser page)',
      { method: 'POST', path: '/token' },
      /must come from the demo page/,
    ],
    [
      'POST /token from another origin',
      {
        method: 'POST',
        path: '/token',
        headers: { origin: 'http://localhost:8080' },
      },
      /cross-origin/,
    ],
    [
      'GET /token, even from the page',
      { method: 'GET', path: '/token', headers: { origin: SAME_ORIGIN } },
      /only takes POST/,
    ],
  ])('refuses %s with 403', (_name, overrides, reason) => {
    const verdict = checkRequest(request(overrides), PORT);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.status).toBe(403);
      expect(verdict.reason).toMatch(reason);
    }
  });
});
