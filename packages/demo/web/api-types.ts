/**
 * The JSON the demo server and the page exchange. Shared by `src/web-server.ts` and the page, so the two
 * cannot drift apart. Types only: nothing here runs.
 */

/** `GET /config.json`: what the page needs to know before Start. */
export interface WebDemoConfig {
  /** True when the server has no OPENAI_API_KEY and runs the local simulator instead of OpenAI. */
  offline: boolean;
  /** The transcription model the session is set up for (shown in the page). */
  model: string;
  /**
   * Where turns are found: `client` (the key's session has no server VAD; the page's transport detects the
   * turns and commits them) or `server` (server VAD).
   */
  turnDetection: 'client' | 'server';
}

/** `POST /token` success: an ephemeral client secret, never the server's API key. */
export interface TokenResponse {
  /** The `ek_…` client secret the page authenticates its WebSocket with. */
  key: string;
  /** When the key stops being valid for opening sessions, in epoch seconds. */
  expiresAt: number;
  /** The WebSocket URL to connect to; absent means the transport's default (OpenAI). */
  url?: string;
}

/** `POST /token` (and any other refusal) failure body. */
export interface ErrorResponse {
  error: string;
}
