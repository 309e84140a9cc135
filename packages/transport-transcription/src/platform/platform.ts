/** What differs between the Node and browser builds; each entry point supplies one. */
import type { Base64Encoder } from '../audio/audio.js';
import type { CreateWebSocket } from '../wire/url-and-auth.js';

export interface Platform {
  /** Browsers must use ephemeral `ek_` keys: anything on the page can read the key. */
  isBrowser: boolean;
  createWebSocket: CreateWebSocket;
  encodeBase64: Base64Encoder;
}
