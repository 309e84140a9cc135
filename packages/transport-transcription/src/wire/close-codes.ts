/** What a close code means for the session: which error it is, and whether retrying can help. Pure. */
import {
  redactSecrets,
  TranscriptionTransportError,
  type ServerErrorDetail,
} from '../errors.js';

/**
 * What a close means. 3000 is authentication and 4000 a refused request (model, beta shape): both are
 * final, retrying cannot help. The server sends an `error` event just before such a close; its message
 * names the cause, so it goes into ours.
 */
export function errorForClose(
  code: number,
  reason: string,
  lastServerError: ServerErrorDetail | undefined,
  apiKey: string | undefined,
): TranscriptionTransportError {
  const why = redactSecrets(
    lastServerError?.message ?? (reason || 'no reason given'),
    apiKey,
  );
  const options = { serverError: lastServerError };
  if (code === 3000)
    return new TranscriptionTransportError(
      'AUTH_FAILED',
      `The server refused the credentials (close 3000): ${why}`,
      options,
    );
  if (code === 4000)
    return new TranscriptionTransportError(
      'REQUEST_REJECTED',
      `The server refused the request (close 4000): ${why}`,
      options,
    );
  return new TranscriptionTransportError(
    'CONNECTION_LOST',
    `The connection closed unexpectedly (code ${code}${reason ? `, ${redactSecrets(reason, apiKey)}` : ''}).`,
    options,
  );
}

/** Close codes after which reconnecting with the same request cannot succeed. */
export function isFinalClose(code: number): boolean {
  return code === 3000 || code === 4000;
}
