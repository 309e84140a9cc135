/**
 * The demo's one key minter: trades the server's (or the CLI user's) OPENAI_API_KEY for a short-lived
 * transcription client secret through `createTranscriptionClientSecret()`, with the session preset, so the
 * long-lived key never leaves this process. The `POST /token` route and `--live` both use it. Offline, the web
 * demo hands out local random `ek_offline_…` keys instead, which only the local simulator accepts.
 */
import { randomBytes } from 'node:crypto';
import {
  createTranscriptionClientSecret,
  DEFAULT_TRANSCRIPTION_MODEL,
  redactSecrets,
  type TranscriptionSessionOptions,
} from '@agents-transcription/transport';
import OpenAI, { APIConnectionTimeoutError } from 'openai';
import type { TokenResponse } from '../web/api-types.js';

/** Produces one key for one request. */
export type TokenMinter = () => Promise<TokenResponse>;

/** The OpenAI client `createTranscriptionClientSecret()` takes (injected in tests, which have no network). */
export type OpenAIClientLike = NonNullable<
  Parameters<typeof createTranscriptionClientSecret>[0]
>['client'];

/** How long a minted key can open sessions. A session, once open, outlives its key. */
export const KEY_TTL_SECONDS = 120;
/** Per attempt: OpenAI answers this call in well under a second; the `openai` client's default is 10 minutes. */
export const UPSTREAM_TIMEOUT_MS = 10_000;
/** Attempts after the first, for timeouts, connection errors, 408/409/429 and 5xx (the `openai` client's rules). */
export const UPSTREAM_RETRIES = 2;

/**
 * The page's default transcription model: the transport's (`gpt-live-transcribe`, no announced shutdown),
 * whose turns the transport finds in the browser.
 */
export const DEFAULT_WEB_MODEL = DEFAULT_TRANSCRIPTION_MODEL;

/** Options of {@link createOpenAITokenMinter}. */
export interface OpenAITokenMinterOptions {
  apiKey: string;
  /** The transcription settings the key carries. */
  session: TranscriptionSessionOptions;
  /** Default {@link KEY_TTL_SECONDS}. */
  ttlSeconds?: number;
  /** A ready client (tests); otherwise one is made with the timeout and retries below. */
  client?: OpenAIClientLike;
  /** The API's base URL (tests point it at loopback). Default OpenAI's. */
  baseURL?: string;
  /** Default {@link UPSTREAM_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Default {@link UPSTREAM_RETRIES}. */
  maxRetries?: number;
}

/** Mints real client secrets from OpenAI. Every failure is a {@link TokenMintError} with a safe message. */
export function createOpenAITokenMinter(
  options: OpenAITokenMinterOptions,
): TokenMinter {
  const { apiKey } = options;
  const ttlSeconds = options.ttlSeconds ?? KEY_TTL_SECONDS;
  const timeoutMs = options.timeoutMs ?? UPSTREAM_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? UPSTREAM_RETRIES;
  const client =
    options.client ??
    (new OpenAI({
      apiKey,
      timeout: timeoutMs,
      maxRetries,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    }) as unknown as OpenAIClientLike);
  return async () => {
    let secret: { value: unknown; expiresAt: unknown };
    try {
      secret = await createTranscriptionClientSecret({
        apiKey,
        client,
        expiresAfterSeconds: ttlSeconds,
        session: options.session,
      });
    } catch (error) {
      throw new TokenMintError(
        describeMintFailure(error, apiKey, { timeoutMs, maxRetries }),
        { cause: error },
      );
    }
    if (typeof secret.value !== 'string' || !secret.value.startsWith('ek_')) {
      // Never pass on anything that is not an ephemeral key, whatever the helper returned.
      throw new TokenMintError(
        'OpenAI returned a client secret that is not an ek_ key',
      );
    }
    return {
      key: secret.value,
      expiresAt: validExpiry(secret.expiresAt) ?? nowSeconds() + ttlSeconds,
    };
  };
}

/**
 * Mints local keys for the offline simulator, reached at `socketUrl` (a string, or read per request when
 * the port is known late); `issued` learns every key (the simulator accepts only those).
 */
export function createOfflineTokenMinter(
  socketUrl: string | (() => string),
  issued?: (key: string, expiresAt: number) => void,
): TokenMinter {
  return async () => {
    const key = `ek_offline_${randomBytes(16).toString('hex')}`;
    const expiresAt = nowSeconds() + KEY_TTL_SECONDS;
    issued?.(key, expiresAt);
    return {
      key,
      expiresAt,
      url: typeof socketUrl === 'string' ? socketUrl : socketUrl(),
    };
  };
}

/** A key could not be minted. Its message is safe to send to the page and to log: it never holds a key. */
export class TokenMintError extends Error {
  override readonly name = 'TokenMintError';
}

/**
 * Says why OpenAI refused or did not answer, from the SDK error's status and code, with any key material
 * removed (OpenAI's auth errors quote part of the key that was sent).
 */
export function describeMintFailure(
  error: unknown,
  apiKey: string,
  limits?: { timeoutMs: number; maxRetries: number },
): string {
  // createTranscriptionClientSecret() wraps the SDK error; its HTTP status and code sit on the cause.
  const outer = (error ?? {}) as { message?: unknown; cause?: unknown };
  const inner = (outer.cause ?? outer) as { status?: unknown; code?: unknown };
  if (inner instanceof APIConnectionTimeoutError && limits) {
    return `OpenAI did not answer within ${limits.timeoutMs / 1000} s (${limits.maxRetries + 1} attempts); try again in a moment`;
  }
  const parts = [
    typeof inner.status === 'number' ? `HTTP ${inner.status}` : undefined,
    typeof inner.code === 'string' ? inner.code : undefined,
  ].filter(Boolean);
  const message =
    typeof outer.message === 'string'
      ? redactSecrets(outer.message, apiKey)
      : 'unknown error';
  return `OpenAI did not create a client secret${parts.length ? ` (${parts.join(', ')})` : ''}: ${message}`;
}

/** `expires_at` as the API sends it, if it is a plausible epoch-seconds value. */
function validExpiry(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : undefined;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
