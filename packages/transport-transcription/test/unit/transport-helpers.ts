/** A transport connected to an in-memory socket, for the unit tests of the transport's own behaviour. */
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type { OpenAIRealtimeTranscriptionWebSocketOptions } from '../../src/config/options.js';
import { FakeSocket } from '../helpers/fake-socket.js';

export const PRESET = {
  type: 'transcription',
  id: 'sess_1',
  object: 'realtime.transcription_session',
  expires_at: 0,
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'gpt-4o-mini-transcribe' },
      noise_reduction: null,
      turn_detection: null,
    },
  },
  include: null,
};

/** Every socket the transport opened, newest last; each greets with `session.created`. */
export async function connectedTransport(
  options: OpenAIRealtimeTranscriptionWebSocketOptions = {},
  initialSessionConfig?: Record<string, unknown>,
) {
  const sockets: FakeSocket[] = [];
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    liveness: false,
    createWebSocket: () => {
      const socket = new FakeSocket();
      socket.serverSend({
        type: 'session.created',
        event_id: `e${sockets.length}`,
        session: PRESET,
      });
      sockets.push(socket);
      return socket;
    },
    ...options,
  });
  await transport.connect({
    apiKey: 'sk-unit-test-key',
    initialSessionConfig: initialSessionConfig as never,
  });
  return { transport, sockets, socket: () => sockets.at(-1)! };
}
