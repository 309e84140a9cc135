/**
 * Server side: mints a short-lived `ek_` key for a transcription session, so a browser (or any client
 * you do not trust with your API key) can connect. Uses the `openai` package's
 * `realtime.clientSecrets.create` (`POST /v1/realtime/client_secrets`).
 */
import { clientSecretSession } from './configuration-event.js';
import { redactSecrets, TranscriptionTransportError } from '../errors.js';
import { assertModelAccepts, traitsOf } from '../config/model-rules.js';
import { normalizeSessionOptions } from '../config/normalize-settings.js';
import {
  defaultModelFor,
  type TranscriptionSessionOptions,
} from '../config/settings.js';

/** The part of an `openai` client this helper calls; pass your own client, or a stand-in in tests. */
export interface ClientSecretsApi {
  realtime: {
    clientSecrets: {
      create(
        body: Record<string, unknown>,
      ): Promise<{ value: string; expires_at: number; session?: unknown }>;
    };
  };
}

export interface CreateTranscriptionClientSecretOptions {
  /** Your OpenAI API key. Default: `OPENAI_API_KEY` from the environment. Ignored when `client` is given. */
  apiKey?: string;
  /** An `openai` client (or anything shaped like {@link ClientSecretsApi}). */
  client?: ClientSecretsApi;
  /** The transcription settings the key carries; the session starts with them. */
  session?: TranscriptionSessionOptions;
  /** How long the key can open sessions, 10–7200 s (default 600). A session outlives its key. */
  expiresAfterSeconds?: number;
}

export interface TranscriptionClientSecret {
  /** The ephemeral key, `ek_…`. Hand it to the browser; never log it. */
  value: string;
  /** When the key stops opening new sessions, in epoch seconds. */
  expiresAt: number;
  /** The session the server bound to the key. */
  session: unknown;
}

/**
 * Mints an ephemeral key for a transcription session. Without `session.transcription`, the key's session
 * gets the transport's default model (`gpt-live-transcribe`, with no turn detection: the transport finds
 * the turns on the client), or `gpt-4o-mini-transcribe` when server or semantic VAD is asked for; a
 * session with no model transcribes nothing.
 */
export async function createTranscriptionClientSecret(
  options: CreateTranscriptionClientSecretOptions = {},
): Promise<TranscriptionClientSecret> {
  const seconds = options.expiresAfterSeconds ?? 600;
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 7200) {
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      `expiresAfterSeconds must be a whole number from 10 to 7200; got ${JSON.stringify(options.expiresAfterSeconds)}.`,
    );
  }
  const settings = normalizeSessionOptions(options.session);
  if (settings.transcription === undefined)
    settings.transcription = {
      model: defaultModelFor(settings.turnDetection),
    };
  assertModelAccepts(
    settings.transcription?.model,
    settings.transcription,
    settings.turnDetection,
  );
  // A model without server VAD gets none; the transport then detects the turns on the client.
  if (
    traitsOf(settings.transcription?.model)?.preferNoTurnDetection &&
    settings.turnDetection === undefined
  )
    settings.turnDetection = null;

  const apiKey =
    options.apiKey ??
    (typeof process !== 'undefined' ? process.env?.OPENAI_API_KEY : undefined);
  let client = options.client;
  if (!client) {
    if (!apiKey) {
      throw new TranscriptionTransportError(
        'MISSING_API_KEY',
        'createTranscriptionClientSecret() needs an API key: pass apiKey or client, or set OPENAI_API_KEY.',
      );
    }
    const { default: OpenAI } = await import('openai');
    client = new OpenAI({ apiKey }) as unknown as ClientSecretsApi;
  }
  try {
    const created = await client.realtime.clientSecrets.create({
      expires_after: { anchor: 'created_at', seconds },
      session: clientSecretSession(settings),
    });
    return {
      value: created.value,
      expiresAt: created.expires_at,
      session: created.session,
    };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new TranscriptionTransportError(
      'REQUEST_REJECTED',
      `Could not create a transcription client secret: ${redactSecrets(message, apiKey)}`,
      { cause },
    );
  }
}
