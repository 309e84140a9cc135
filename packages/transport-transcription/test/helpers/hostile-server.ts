/**
 * A loopback `ws` server that plays a well-behaved transcription endpoint (manual commits answered with
 * `committed` + `completed`) and lets a test push any raw frame at the client in between: bad JSON,
 * wrong types, binary frames, escaped keys. Plus the probes the hostile-server tests share: a record of
 * everything the transport and the `RealtimeSession` emit, a scan of it for a secret, and a watch on
 * uncaught exceptions.
 */
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import type { WebSocket } from 'ws';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type { OpenAIRealtimeTranscriptionWebSocketOptions } from '../../src/config/options.js';
import {
  GA_DEFAULT_SESSION,
  startScriptedServer,
  type ScriptedServer,
} from './scripted-server.js';

/** The server's session: manual commits, so a turn is exactly one `commit` and its answer. */
export const MANUAL_SESSION = {
  ...GA_DEFAULT_SESSION,
  audio: {
    input: { ...GA_DEFAULT_SESSION.audio.input, turn_detection: null },
  },
};

export interface HostileServer extends ScriptedServer {
  /** Sends `frame` as it is: a string as a text frame, bytes as a binary frame. */
  sendRaw(frame: string | Uint8Array): void;
  /** How many commits were answered; turn `n` is item `turn_n` with transcript `turn n`. */
  turns(): number;
}

/** Starts the server. Every connection gets `session.created`, `session.updated` and commit answers. */
export async function startHostileServer(): Promise<HostileServer> {
  let turns = 0;
  let previous: string | null = null;
  const answerCommits = (ws: WebSocket, server: ScriptedServer) => {
    ws.on('message', (data) => {
      const event = JSON.parse(String(data));
      if (event.type !== 'input_audio_buffer.commit') return;
      const itemId = `turn_${++turns}`;
      server.send({
        type: 'input_audio_buffer.committed',
        item_id: itemId,
        previous_item_id: previous,
      });
      previous = itemId;
      server.send({
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: itemId,
        content_index: 0,
        transcript: `turn ${turns}`,
      });
    });
  };
  const server = await startScriptedServer({
    session: MANUAL_SESSION,
    onConnection: (ws, s) => {
      answerCommits(ws, s);
      s.send({ type: 'session.created', session: MANUAL_SESSION });
    },
  });
  return Object.assign(server, {
    sendRaw: (frame: string | Uint8Array) =>
      server.socket().send(frame, { binary: typeof frame !== 'string' }),
    turns: () => turns,
  });
}

/** Every event the transport and the session emitted, by name, in order. */
export type EmittedLog = Array<{ from: string; name: string; args: unknown[] }>;

/** Records every `emit` of each emitter (the real objects keep working; this only listens in). */
export function recordEmits(
  emitters: Record<string, { emit: (...args: any[]) => unknown }>,
): EmittedLog {
  const log: EmittedLog = [];
  for (const [from, emitter] of Object.entries(emitters)) {
    const emit = emitter.emit.bind(emitter);
    emitter.emit = (name: string, ...args: unknown[]) => {
      log.push({ from, name, args });
      return emit(name, ...args);
    };
  }
  return log;
}

/**
 * Every string reachable from `value`: object keys and values, array items, and an error's message,
 * stack, cause and own fields (`serverError`). Cycles are followed once.
 */
export function reachableStrings(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') return void out.push(v);
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Error) {
      out.push(v.message, v.stack ?? '');
      visit(v.cause);
    }
    for (const key of Object.keys(v)) {
      out.push(key);
      visit((v as Record<string, unknown>)[key]);
    }
  };
  visit(value);
  return out;
}

/** Collects uncaught exceptions and unhandled rejections until `stop()`. */
export function watchUncaught(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    stop: () => {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}

/** A real `RealtimeSession` over the transport, connected to `server`, with every emit recorded. */
export async function hostileSession(
  server: HostileServer,
  apiKey: string,
  options: OpenAIRealtimeTranscriptionWebSocketOptions = {},
) {
  const transport = new OpenAIRealtimeTranscriptionWebSocket(options);
  const session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
    transport,
  });
  const log = recordEmits({ transport, session } as never);
  // A RealtimeSession without an error listener throws on the first error (Node's EventEmitter).
  session.on('error', () => {});
  await session.connect({ apiKey, url: server.url });
  return { transport, session, log };
}

/** The user items of a history as `[itemId, status, transcript]`. */
export function userTurns(history: RealtimeSession['history']) {
  return history.flatMap((item) =>
    item.type === 'message' && item.role === 'user'
      ? [
          [
            item.itemId,
            item.status,
            item.content[0]?.type === 'input_audio'
              ? item.content[0].transcript
              : undefined,
          ] as const,
        ]
      : [],
  );
}

/** JSON of an event with `key` written as `\uXXXX` escapes wherever it appears (a legal JSON spelling). */
export function withEscapedKey(event: object, key: string): string {
  const escaped = [...key]
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
  return JSON.stringify(event).split(key).join(escaped);
}
