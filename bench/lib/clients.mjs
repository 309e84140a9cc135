// Builds the clients the benchmarks drive: the transport alone, or a RealtimeSession over it, on a
// scripted in-process socket or on a real URL.
import { importRealtime, importTransport } from './resolve.mjs';
import { ScriptedSocket } from './scripted-socket.mjs';

export const API_KEY = 'sk-bench-not-a-real-key';
export const SCRIPTED_URL =
  'ws://scripted.invalid/v1/realtime?intent=transcription';

const logError = (label) => (error) =>
  console.error(`[${label}]`, error?.error ?? error);

/**
 * A connected transport on a ScriptedSocket. `withSession` puts a RealtimeSession (with a plain
 * RealtimeAgent) on top; `options` go to the transport (historyUpdates, historyLimit …). Resolves with { transport, session?, socket }.
 */
export async function scriptedClient({
  withSession,
  label = 'bench',
  options = {},
}) {
  const { OpenAIRealtimeTranscriptionWebSocket } = await importTransport();
  let socket;
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    ...options,
    url: SCRIPTED_URL,
    createWebSocket: ({ url }) => (socket = new ScriptedSocket(url)),
  });
  transport.on('error', logError(label));
  // The scripted server reports a server-VAD model (the bench replays its turns), and every such model has
  // an announced shutdown: that warning is expected; any other one is printed.
  transport.on('warning', (warning) => {
    if (warning.field !== 'transcription.model')
      console.error(`[${label}] warning: ${warning.message}`);
  });
  if (!withSession) {
    await transport.connect({ apiKey: API_KEY, url: SCRIPTED_URL });
    return { transport, socket };
  }
  const session = await newSession(transport, label);
  await session.connect({ apiKey: API_KEY, url: SCRIPTED_URL });
  return { transport, session, socket };
}

/**
 * A RealtimeSession over `transport`, with an error listener (RealtimeSession throws without one):
 * `onError(error)` if given (the concurrency benchmark counts errors: printing thousands of stack traces
 * would itself saturate the event loop), else a console line.
 */
export async function newSession(transport, label = 'bench', onError) {
  const { RealtimeAgent, RealtimeSession } = await importRealtime();
  // No instructions: a transcription session has no agent output, and the transport warns (once per
  // session) about agent settings it cannot send, which would flood the log at 1 000 sessions.
  const agent = new RealtimeAgent({ name: 'bench' });
  const session = new RealtimeSession(agent, { transport });
  session.on('error', onError ?? logError(label));
  return session;
}
