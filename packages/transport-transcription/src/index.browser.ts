/**
 * `@agents-transcription/transport` for browsers: the page's own `WebSocket`, authenticated with an
 * ephemeral `ek_` key by subprotocol, and base64 without `Buffer`. Chosen by the `browser` export condition.
 */
import { browserPlatform } from './platform/browser.js';
import {
  TranscriptionTransport,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
} from './transport.js';

export * from './public-api.js';

/**
 * A `RealtimeTransportLayer` for transcription-only sessions (`?intent=transcription`), for browsers.
 * Connect with an ephemeral key minted by your server (`createTranscriptionClientSecret()`).
 */
export class OpenAIRealtimeTranscriptionWebSocket extends TranscriptionTransport {
  constructor(options: OpenAIRealtimeTranscriptionWebSocketOptions = {}) {
    super(options, browserPlatform);
  }
}
