/**
 * The socket: URL, authentication and creation. No protocol logic here (close codes: `close-codes.ts`).
 */
import { TranscriptionTransportError } from '../errors.js';

/**
 * The few members of a WebSocket the transport uses. Both the browser's `WebSocket` and the `ws`
 * package's class fit, as does any test double; no DOM or `ws` types leak into the public API.
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount?: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'message' | 'close' | 'error',
    listener: (event: any) => void,
  ): void;
  removeEventListener?(
    type: 'open' | 'message' | 'close' | 'error',
    listener: (event: any) => void,
  ): void;
}

/** Opens a socket to `url` authenticated with `apiKey`. The default depends on the platform build. */
export type CreateWebSocket = (args: {
  url: string;
  apiKey: string;
}) => WebSocketLike | Promise<WebSocketLike>;

export const DEFAULT_TRANSCRIPTION_URL =
  'wss://api.openai.com/v1/realtime?intent=transcription';

/** `WebSocket.OPEN`, spelled out so no global is needed. */
export const OPEN = 1;

/**
 * The URL to connect to. Adds `intent=transcription` when the URL has no `intent` (the key alone selects
 * transcription on OpenAI, but the SDKs send the intent); refuses `model=`, which the server answers with
 * `invalid_model` ("You must not provide a model parameter for transcription sessions").
 */
export function transcriptionUrl(url: string | undefined): string {
  const raw = url ?? DEFAULT_TRANSCRIPTION_URL;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      `url must be an absolute ws:// or wss:// URL; got ${JSON.stringify(raw)}.`,
    );
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      `url must use ws:// or wss://; got ${parsed.protocol}//.`,
    );
  }
  if (parsed.searchParams.has('model')) {
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      `url must not carry model=: transcription sessions take the model in the session settings (session.transcription.model); got ${JSON.stringify(raw)}.`,
    );
  }
  if (!parsed.searchParams.has('intent') && !parsed.searchParams.has('call_id'))
    parsed.searchParams.set('intent', 'transcription');
  return parsed.toString();
}

/** Browser authentication: the key travels as a subprotocol because browsers cannot set headers. */
export function browserProtocols(apiKey: string): string[] {
  return ['realtime', `openai-insecure-api-key.${apiKey}`];
}

/** Calls the key function if there is one; refuses an empty key before any I/O. */
export async function resolveApiKey(
  apiKey: string | (() => string | Promise<string>) | undefined,
): Promise<string> {
  let key: unknown;
  try {
    key = typeof apiKey === 'function' ? await apiKey() : apiKey;
  } catch (cause) {
    throw new TranscriptionTransportError(
      'MISSING_API_KEY',
      'The apiKey function failed; no key to connect with.',
      { cause },
    );
  }
  if (typeof key !== 'string' || key.trim() === '') {
    throw new TranscriptionTransportError(
      'MISSING_API_KEY',
      'No API key: pass apiKey to session.connect({ apiKey }) or to the transport (a string or a function returning one).',
    );
  }
  return key;
}
