/**
 * Fetches an ephemeral key from the demo server's `POST /token`.
 *
 * The page never sees the server's OPENAI_API_KEY: the server mints a short-lived `ek_…` client secret and the
 * page authenticates its WebSocket with that (the browser cannot set an Authorization header).
 */
import type { ErrorResponse, TokenResponse } from './api-types.js';

/** The token endpoint could not be reached or answered with an error. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  /** HTTP status, or `undefined` when the request never got an answer. */
  readonly status: number | undefined;

  constructor(
    message: string,
    status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = status;
  }
}

/**
 * How long the page waits for `POST /token`: longer than the server's own bound on its OpenAI call
 * (3 attempts of 10 s plus back-off), so the server's plain error arrives first when it can.
 */
export const TOKEN_TIMEOUT_MS = 45_000;

/** Requests a key. Rejects with a {@link TokenRequestError} whose message is fit to show to a person. */
export async function fetchToken(endpoint = '/token'): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      // A JSON content type makes any cross-origin attempt need a CORS preflight, which the server never grants.
      headers: { 'content-type': 'application/json' },
      body: '{}',
      cache: 'no-store',
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
  } catch (error) {
    if ((error as Error)?.name === 'TimeoutError')
      throw new TokenRequestError(
        `The demo server did not answer within ${TOKEN_TIMEOUT_MS / 1000} s when asked for a session key. Press Start to try again.`,
        undefined,
        { cause: error },
      );
    throw new TokenRequestError(
      'Could not reach the demo server to get a session key. Is `pnpm demo web` still running?',
      undefined,
      { cause: error },
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    Partial<TokenResponse & ErrorResponse> | undefined;
  if (!response.ok) {
    const detail = body?.error ? `: ${body.error}` : '';
    throw new TokenRequestError(
      `The demo server could not create a session key (HTTP ${response.status})${detail}.`,
      response.status,
    );
  }
  if (!body || typeof body.key !== 'string' || !body.key.startsWith('ek_')) {
    // Refuse anything that is not an ephemeral key rather than put a long-lived secret on the wire.
    throw new TokenRequestError(
      'The demo server answered without an ephemeral (ek_…) session key.',
      response.status,
    );
  }
  return { key: body.key, expiresAt: Number(body.expiresAt), url: body.url };
}
