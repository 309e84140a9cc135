/**
 * Browsers: the page's own `WebSocket`, authenticated by subprotocol, and base64 without `Buffer`.
 * Nothing here may import a Node module: the browser bundle test fails if one is reachable.
 */
import { browserProtocols } from '../wire/url-and-auth.js';
import { encodeBase64InBrowser } from '../audio/audio.js';
import { TranscriptionTransportError } from '../errors.js';
import type { Platform } from './platform.js';

export const browserPlatform: Platform = {
  isBrowser: true,
  createWebSocket({ url, apiKey }) {
    const Ctor = (
      globalThis as {
        WebSocket?: new (url: string, protocols: string[]) => any;
      }
    ).WebSocket;
    if (!Ctor) {
      throw new TranscriptionTransportError(
        'CONNECT_FAILED',
        'This environment has no global WebSocket; pass createWebSocket to the transport.',
      );
    }
    return new Ctor(url, browserProtocols(apiKey));
  },
  encodeBase64: encodeBase64InBrowser,
};
