/**
 * What the real server decides from the upgrade request alone: who is authenticated and whether the request
 * shape is refused. The real server always completes the upgrade (101) and then refuses with an `error` event
 * and a close frame in the same millisecond ([CAP-0918] probes 7c, 10, 10b, 11b), so refusals are data here.
 */
import type { IncomingMessage } from 'node:http';
import { handshakeErrors, type WireError } from '../errors.js';
import type { SimulatorConnectionInfo } from '../types.js';

/** Close codes: 3000 for authentication, 4000 for request shape ([CAP-0918] §2.1). */
export const CLOSE_AUTH = 3000;
export const CLOSE_REQUEST_SHAPE = 4000;

/** A fatal handshake refusal: the error event to send, then the close. */
export interface Refusal {
  error: WireError;
  closeCode: number;
  /** `<error.type>.<error.code>`, or just the type when the code is null (probe 10b). */
  closeReason: string;
  /**
   * `'connect'`: right after the 101. `'first-event'`: the server stays silent until the client's first
   * event, then refuses (capture 08: `?intent=transcription&model=…`, 2026).
   */
  when: 'connect' | 'first-event';
}

/** The outcome of inspecting an upgrade request. */
export interface HandshakeOutcome {
  info: Omit<SimulatorConnectionInfo, 'connectionId'>;
  refusal: Refusal | null;
}

const KEY_PROTOCOL = 'openai-insecure-api-key.';
/** The beta subprotocol "is refused by OpenAI itself" (langwatch#7066); INFERRED: with the beta-header error. */
const BETA_PROTOCOL = 'openai-beta.realtime-v1';

function refuse(
  error: WireError,
  closeCode: number,
  when: Refusal['when'] = 'connect',
): Refusal {
  return {
    error,
    closeCode,
    closeReason: error.code ? `${error.type}.${error.code}` : error.type,
    when,
  };
}

/** Parses the `Sec-WebSocket-Protocol` header into the offered subprotocols. */
export function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return header
    ? header
        .split(',')
        .map((protocol) => protocol.trim())
        .filter(Boolean)
    : [];
}

/** The API key and where it came from: the bearer header wins over the browser subprotocol. */
function findKey(
  request: IncomingMessage,
  protocols: string[],
): { key: string; auth: 'header' | 'subprotocol' } | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(
    request.headers.authorization ?? '',
  );
  if (match?.[1]) return { key: match[1], auth: 'header' };
  const offered = protocols.find((protocol) =>
    protocol.startsWith(KEY_PROTOCOL),
  );
  const key = offered?.slice(KEY_PROTOCOL.length);
  return key ? { key, auth: 'subprotocol' } : null;
}

/**
 * Inspects an upgrade request. Checks run in this order (INFERRED: the real order is not captured, but
 * authentication first is what every HTTP API does): key present, key accepted, beta shape, query.
 */
export function inspectHandshake(
  request: IncomingMessage,
  acceptKey: (key: string) => boolean,
  modelInUrl: 'refuse' | 'ignore' = 'refuse',
): HandshakeOutcome {
  const protocols = offeredProtocols(request);
  const found = findKey(request, protocols);
  const path = request.url ?? '/';
  const info = {
    path,
    headers: { ...request.headers },
    protocols,
    auth: found?.auth ?? ('none' as const),
  };
  const query = new URL(path, 'http://localhost').searchParams;
  let refusal: Refusal | null = null;
  if (!found) refusal = refuse(handshakeErrors.missingKey(), CLOSE_AUTH);
  else if (!acceptKey(found.key))
    refusal = refuse(handshakeErrors.invalidKey(found.key), CLOSE_AUTH);
  else if (
    request.headers['openai-beta'] !== undefined ||
    protocols.includes(BETA_PROTOCOL)
  ) {
    refusal = refuse(handshakeErrors.betaShape(), CLOSE_REQUEST_SHAPE);
  } else if (
    query.has('model') &&
    query.get('intent') === 'transcription' &&
    modelInUrl === 'refuse'
  ) {
    // 2026 (capture 08, livekit/agents-js#1756): the refusal follows the client's first event and names the
    // model. INFERRED: nothing (no `session.created`) is sent before it.
    refusal = refuse(
      handshakeErrors.modelInTranscriptionMode(query.get('model') ?? ''),
      CLOSE_REQUEST_SHAPE,
      'first-event',
    );
  } else if (query.has('model') && query.get('intent') !== 'transcription') {
    // `model=` without the intent, on this transcription-only server: the 2025 / 2026-01 connect-time refusal
    // seen with a transcription client secret (openai-python#2805, [CAP-DBG] ISSUE-005).
    refusal = refuse(
      handshakeErrors.modelWithTranscription(),
      CLOSE_REQUEST_SHAPE,
    );
  } else if (query.get('intent') !== 'transcription') {
    refusal = refuse(handshakeErrors.missingModel(), CLOSE_REQUEST_SHAPE);
  }
  return { info, refusal };
}
