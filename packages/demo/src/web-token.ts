/**
 * Mints the short-lived keys `POST /token` hands to the page.
 *
 * Online, an `ek_…` client secret comes from OpenAI through `createTranscriptionClientSecret()`, with the
 * transcription session preset, so the server's OPENAI_API_KEY never leaves the server. Offline, the key is a
 * local random `ek_offline_…` string that only the local simulator accepts.
 */
import { randomBytes } from 'node:crypto';
import { createTranscriptionClientSecret } from '@agents-transcription/transport';
import type { TokenResponse } from '../web/api-types.js';

/** Produces one key for one page request. */
export type TokenMinter = () => Promise<TokenResponse>;

/** The OpenAI client `createTranscriptionClientSecret()` takes (injected in tests, which have no network). */
export type OpenAIClientLike = NonNullable<
  Parameters<typeof createTranscriptionClientSecret>[0]
>['client'];

/** How long a minted key can open sessions. A session, once open, outlives its key. */
export const KEY_TTL_SECONDS = 120;

/** The default transcription model of the demo. */
export const DEFAULT_WEB_MODEL = 'gpt-4o-mini-transcribe';

/** Mints real client secrets from OpenAI with the server's API key. */
export function createOpenAITokenMinter(options: {
  apiKey: string;
  client?: OpenAIClientLike;
  model?: string;
}): TokenMinter {
  const { apiKey, client } = options;
  const model = options.model ?? DEFAULT_WEB_MODEL;
  return async () => {
    let secret: { value: string; expiresAt: number };
    try {
      secret = await createTranscriptionClientSecret({
        apiKey,
        ...(client ? { client } : {}),
        expiresAfterSeconds: KEY_TTL_SECONDS,
        // Preset the session in the key, so the page needs no configuration of its own.
        session: {
          transcription: { model },
          turnDetection: { type: 'server_vad' },
          noiseReduction: { type: 'near_field' },
        },
      });
    } catch (error) {
      throw new TokenMintError(describeMintFailure(error, apiKey), {
        cause: error,
      });
    }
    if (typeof secret.value !== 'string' || !secret.value.startsWith('ek_')) {
      // Never pass on anything that is not an ephemeral key, whatever the helper returned.
      throw new TokenMintError(
        'OpenAI returned a client secret that is not an ek_ key',
      );
    }
    return { key: secret.value, expiresAt: secret.expiresAt };
  };
}

/** Mints local keys for the offline simulator at `simulatorUrl`. */
export function createOfflineTokenMinter(simulatorUrl: string): TokenMinter {
  return async () => ({
    key: `ek_offline_${randomBytes(16).toString('hex')}`,
    expiresAt: Math.floor(Date.now() / 1000) + KEY_TTL_SECONDS,
    url: simulatorUrl,
  });
}

/** A key could not be minted. Its message is safe to send to the page and to log: it never holds a key. */
export class TokenMintError extends Error {
  override readonly name = 'TokenMintError';
}

/**
 * Says why OpenAI refused, from the SDK error's status and code, with any key material removed: OpenAI's
 * auth errors quote (part of) the key that was sent.
 */
export function describeMintFailure(error: unknown, apiKey: string): string {
  // createTranscriptionClientSecret() wraps the SDK error; its HTTP status and code sit on the cause.
  const outer = (error ?? {}) as { message?: unknown; cause?: unknown };
  const inner = (outer.cause ?? outer) as { status?: unknown; code?: unknown };
  const parts = [
    typeof inner.status === 'number' ? `HTTP ${inner.status}` : undefined,
    typeof inner.code === 'string' ? inner.code : undefined,
  ].filter(Boolean);
  const message =
    typeof outer.message === 'string'
      ? redactKeys(outer.message, apiKey)
      : 'unknown error';
  return `OpenAI did not create a client secret${parts.length ? ` (${parts.join(', ')})` : ''}: ${message}`;
}

/** Removes `apiKey` and anything shaped like an OpenAI secret key from `text`. */
export function redactKeys(text: string, apiKey: string): string {
  let out = apiKey ? text.split(apiKey).join('[redacted]') : text;
  out = out.replace(/\bsk-[A-Za-z0-9_*-]{4,}/g, '[redacted]');
  return out;
}
