/**
 * Live mode: trade the long-lived `OPENAI_API_KEY` for a short-lived transcription client secret, as a
 * server would for a browser, so the demo exercises the same path. The secret is never printed.
 */
import { createTranscriptionClientSecret } from '@agents-transcription/transport';
import { CliError, describeError } from './errors.js';
import type { SessionSettings } from './runner.js';

/** How long the minted secret may be used to open sessions; the session itself may run longer. */
const SECRET_TTL_SECONDS = 600;

/** Mints an ephemeral key for a transcription session preset with `settings`. */
export async function mintLiveKey(
  apiKey: string,
  settings: SessionSettings,
): Promise<string> {
  try {
    const secret = await createTranscriptionClientSecret({
      apiKey,
      session: settings,
      expiresAfterSeconds: SECRET_TTL_SECONDS,
    });
    return secret.value;
  } catch (error) {
    // describeError redacts anything key-shaped that an API error message might echo.
    throw new CliError(
      `could not mint an ephemeral key: ${describeError(error)}`,
      1,
    );
  }
}
