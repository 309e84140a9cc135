/**
 * Key → socket → handshake: the one path that opens a configured connection, for `connect()`, a
 * reconnect attempt and a rotation's candidate alike. Whoever asked says, through `wanted`, whether it still
 * wants the connection; once it does not, whatever was opened is closed.
 */
import { TranscriptionTransportError, redactSecrets } from '../errors.js';
import type { Platform } from '../platform/platform.js';
import {
  OPEN,
  resolveApiKey,
  type CreateWebSocket,
} from '../wire/url-and-auth.js';
import {
  Connection,
  type ConnectionHooks,
  type ConnectionSettings,
  type SetupPlan,
} from './connection.js';

const ignore = () => {};

/** What every connection of one transport is opened with. */
export interface OpenContext {
  url: string;
  platform: Platform;
  createWebSocket: CreateWebSocket | undefined;
  useInsecureApiKey: boolean | undefined;
  plan: SetupPlan;
  settings: () => ConnectionSettings;
  hooks: ConnectionHooks;
}

/** Browsers must use ephemeral keys (checked on every connect and reconnect). */
export function checkKey(
  apiKey: string,
  platform: Platform,
  useInsecureApiKey: boolean | undefined,
): string {
  if (platform.isBrowser && !apiKey.startsWith('ek_') && !useInsecureApiKey) {
    throw new TranscriptionTransportError(
      'INSECURE_API_KEY',
      'In a browser, connect with an ephemeral key (ek_…) minted by your server with createTranscriptionClientSecret(); set useInsecureApiKey only for trusted local tools.',
    );
  }
  return apiKey;
}

/** Drops nothing but the key from an error's message; anything not ours becomes `CONNECT_FAILED`. */
export function redacted(
  error: unknown,
  apiKey: string | undefined,
): TranscriptionTransportError {
  if (error instanceof TranscriptionTransportError) {
    const message = redactSecrets(error.message, apiKey);
    if (message === error.message) return error;
    return new TranscriptionTransportError(error.code, message, {
      cause: error.cause,
      serverError: error.serverError,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TranscriptionTransportError(
    'CONNECT_FAILED',
    `Could not open the socket: ${redactSecrets(message, apiKey)}`,
  );
}

/**
 * Opens a socket with `apiKey` whose audio starts at `base` on the transport's timeline, and waits for its
 * setup. Rejects with the (not yet redacted) cause, or `CONNECT_FAILED` when `wanted()` turned false.
 */
export async function openConnection(
  context: OpenContext,
  apiKey: string,
  base: number,
  wanted: () => boolean,
): Promise<Connection> {
  const socket = await (
    context.createWebSocket ?? context.platform.createWebSocket
  )({ url: context.url, apiKey });
  const superseded = () =>
    new TranscriptionTransportError(
      'CONNECT_FAILED',
      'close() was called while connecting.',
    );
  if (!wanted()) {
    // close() (or another connect()) came first: this socket has no owner, so it must not linger.
    socket.addEventListener('error', ignore);
    if (socket.readyState <= OPEN)
      socket.close(1000, 'closed while connecting');
    throw superseded();
  }
  const connection = new Connection(
    socket,
    apiKey,
    base,
    context.plan,
    context.settings(),
    context.hooks,
  );
  await connection.ready;
  if (!wanted()) {
    connection.close('client closed');
    throw superseded();
  }
  return connection;
}

/**
 * A connection for a reconnect attempt or a rotation, with a fresh key (a key function is called again:
 * ephemeral keys are single-use). Resolves `undefined` when `wanted()` turned false meanwhile; rejects with
 * the key-free cause otherwise.
 */
export async function openAnotherConnection(
  context: OpenContext,
  apiKeySource: Parameters<typeof resolveApiKey>[0],
  base: () => number,
  wanted: () => boolean,
): Promise<Connection | undefined> {
  let apiKey: string | undefined;
  try {
    apiKey = checkKey(
      await resolveApiKey(apiKeySource),
      context.platform,
      context.useInsecureApiKey,
    );
    if (!wanted()) return undefined;
    return await openConnection(context, apiKey, base(), wanted);
  } catch (error) {
    if (!wanted()) return undefined;
    throw redacted(error, apiKey);
  }
}
