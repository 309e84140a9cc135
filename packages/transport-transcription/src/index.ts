/**
 * `@agents-transcription/transport` for Node: OpenAI Realtime transcription sessions for
 * `RealtimeSession`, over `ws` with header authentication.
 */
import { nodePlatform } from './platform/node.js';
import {
  TranscriptionTransport,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
} from './transport.js';

export * from './public-api.js';

/**
 * A `RealtimeTransportLayer` for transcription-only sessions (`?intent=transcription`). Give it to
 * `RealtimeSession` as its `transport`; the agent code stays as it is.
 *
 * @example
 * const session = new RealtimeSession(agent, { transport: new OpenAIRealtimeTranscriptionWebSocket() });
 * session.on('error', (e) => console.error(e.error));
 * await session.connect({ apiKey });
 */
export class OpenAIRealtimeTranscriptionWebSocket extends TranscriptionTransport {
  constructor(options: OpenAIRealtimeTranscriptionWebSocketOptions = {}) {
    super(options, nodePlatform);
  }
}

export {
  createTranscriptionClientSecret,
  type TranscriptionClientSecret,
  type CreateTranscriptionClientSecretOptions,
  type ClientSecretsApi,
} from './wire/client-secret.js';
