// Node 20 has no global WebSocket; msw's `ws.link()` intercepts only `globalThis.WebSocket`, so install
// undici's before any test creates an interceptor (docs/decisions/0002-msw-global-websocket.md).
import { WebSocket as UndiciWebSocket } from 'undici';

if (typeof globalThis.WebSocket === 'undefined') {
  (globalThis as { WebSocket?: unknown }).WebSocket = UndiciWebSocket;
}
