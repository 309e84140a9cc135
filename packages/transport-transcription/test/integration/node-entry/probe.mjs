// Run by node-entry.test.ts in a child process with the Node binary under test. It loads the BUILT
// package by its own name (Node's default export conditions, as a user's program would), replaces any
// global WebSocket with a counting wrapper, connects once and prints what it saw as one JSON line.
import { createRequire } from 'node:module';

const [url, apiKey] = process.argv.slice(2);
const nativeWebSocket = typeof globalThis.WebSocket;
let globalConstructed = 0;
if (typeof globalThis.WebSocket === 'function') {
  const Native = globalThis.WebSocket;
  globalThis.WebSocket = new Proxy(Native, {
    construct(target, args) {
      globalConstructed += 1;
      return Reflect.construct(target, args);
    },
  });
}

const require = createRequire(import.meta.url);
const resolvedImport = import.meta.resolve('@agents-transcription/transport');
const resolvedRequire = require.resolve('@agents-transcription/transport');
const { OpenAIRealtimeTranscriptionWebSocket } =
  await import('@agents-transcription/transport');
const viaRequire = require('@agents-transcription/transport');

const transport = new OpenAIRealtimeTranscriptionWebSocket({ apiKey });
let errors = 0;
transport.on('error', () => (errors += 1));
await transport.connect({ url });
const status = transport.status;
transport.close();

console.log(
  JSON.stringify({
    nodeVersion: process.version,
    nativeWebSocket,
    globalConstructed,
    resolvedImport,
    resolvedRequire,
    requireHasTransport:
      typeof viaRequire.OpenAIRealtimeTranscriptionWebSocket === 'function',
    status,
    errors,
  }),
);
