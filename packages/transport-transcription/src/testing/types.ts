/**
 * Public types of the transcription endpoint simulator (`@agents-transcription/transport/testing`).
 *
 * The simulator is a real WebSocket server on loopback that speaks OpenAI's GA transcription protocol
 * (`wss://api.openai.com/v1/realtime?intent=transcription`) strictly enough to refuse what the real server
 * refuses, with the real server's error codes and messages.
 */

/** What the simulator knows about one committed audio turn when it decides the transcript. */
export interface SimulatorTurn {
  /** Zero-based index of the committed turn within the whole simulator (across connections). */
  index: number;
  /** Zero-based index of the turn within its connection. */
  connectionTurnIndex: number;
  /** Which connection (1-based, in accept order) committed the turn. */
  connectionId: number;
  /** The server item id the turn was committed as. */
  itemId: string;
  /** The committed audio, exactly as appended (PCM16 LE at 24 kHz, or G.711 bytes). */
  audio: Uint8Array;
  /** Duration of the committed audio in milliseconds. */
  durationMs: number;
  /** The transcription model configured when the turn was committed. */
  model: string;
}

/** The ordering of `completed` events across turns whose transcription overlaps. */
export type CompletionOrder =
  'in-order' | 'reversed' | { random: number /* seed */ };

/** Wire-shape (snake_case) GA transcription session, as a client secret would preset it. */
export interface SimulatorSessionPreset {
  audio?: {
    input?: {
      format?:
        | { type: 'audio/pcm'; rate: number }
        | { type: 'audio/pcmu' }
        | { type: 'audio/pcma' };
      transcription?: Record<string, unknown> | null;
      noise_reduction?: { type: string; strength?: number } | null;
      turn_detection?: Record<string, unknown> | null;
    };
  };
  include?: string[] | null;
}

export interface TranscriptionServerSimulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * Which API keys are accepted (bearer header or `openai-insecure-api-key.` subprotocol).
   * Default: any non-empty key. A rejected key gets `invalid_api_key` and close 3000.
   */
  acceptKey?: (key: string) => boolean;
  /** The session every connection starts with, as a client secret would preset it (default: server defaults). */
  session?: SimulatorSessionPreset;
  /**
   * `'ga'` (default) is OpenAI's GA server: `transcription_session.update` is refused with `invalid_value`.
   * `'legacy'` is an Azure-like server that takes `transcription_session.update` with the flat beta shape.
   */
  dialect?: 'ga' | 'legacy';
  /**
   * `model=` next to `intent=transcription` in the URL. `'refuse'` (default) is OpenAI in 2026: silence until
   * the client's first event, then `invalid_model` "Model \"X\" is not supported in transcription mode." and
   * close 4000. `'ignore'` is an OpenAI-compatible server that takes the URL and ignores the parameter, which
   * is what some clients assume of every host but api.openai.com (LiveKit's OpenAI STT plugin adds `model=`
   * there); the session still takes its model from `session.update`.
   */
  modelInUrl?: 'refuse' | 'ignore';
  /**
   * Transcript text per committed turn: a list (turn `index` picks the entry; past the end: `''`), or a
   * function of the turn. Default: a description of the audio such as `"[1.20 s of audio]"`.
   */
  transcripts?: string[] | ((turn: SimulatorTurn) => string | Promise<string>);
  /** Delay from commit to `completed`, in ms (default 20). Deltas are spread over this delay. */
  completionDelayMs?: number | ((turn: SimulatorTurn) => number);
  /** How completions of overlapping turns are ordered (default `'in-order'`). */
  completionOrder?: CompletionOrder;
  /** Turns (by `index`) whose transcription fails with `conversation.item.input_audio_transcription.failed`. */
  failTurns?: number[] | ((turn: SimulatorTurn) => boolean);
  /** Session lifetime in ms: sets `expires_at`, then sends `session_expired` and closes. Default 60 minutes. */
  sessionDurationMs?: number;
  /** Fault injection. */
  faults?: {
    /** Drop the socket (no close frame) after this many appends on a connection. */
    dropAfterAppends?: number;
    /** Stop answering (and reading) for this long after the given number of appends. */
    stall?: { afterAppends: number; forMs: number };
  };
  /**
   * How much traffic `log` keeps: at most `frames` frames and `bytes` bytes of them (their size on the
   * wire), oldest dropped first. Default `{ frames: 10_000, bytes: 16 MiB }` (about 4 minutes of 100 ms
   * audio appends), so a long-running simulator stays flat; `Infinity` keeps everything. `waitFor` sees
   * every frame that arrives after it is called, kept or not; `received`, `sent` and an already-logged
   * match of `waitFor` see only the frames kept.
   */
  logLimit?: { frames?: number; bytes?: number };
  /** Energy VAD tuning (the `server_vad` threshold in the session still applies on top). */
  vad?: {
    /** RMS (0..1 of full scale) above which a 20 ms frame counts as speech at threshold 0.5. Default 0.02. */
    rmsAtDefaultThreshold?: number;
  };
}

/** One recorded frame, in either direction. */
export interface SimulatorLogEntry {
  /** 1-based connection id, in accept order. */
  connectionId: number;
  /** `'client'`: received from the client; `'server'`: sent by the simulator. */
  direction: 'client' | 'server';
  /** The parsed JSON event; for a frame that was not JSON, `{ type: '<binary>' }` or `{ type: '<invalid-json>' }`. */
  event: { type: string; [key: string]: unknown };
  /** `performance.now()` when it was sent or received. */
  at: number;
}

/** What the simulator saw of a WebSocket handshake. */
export interface SimulatorConnectionInfo {
  connectionId: number;
  /** Path and query of the upgrade request, e.g. `/v1/realtime?intent=transcription`. */
  path: string;
  /** The upgrade request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** The requested subprotocols. */
  protocols: string[];
  /** How the client authenticated. */
  auth: 'header' | 'subprotocol' | 'none';
  /** Close code once closed, with who closed it. */
  closed?: { code: number; reason: string; by: 'client' | 'server' | 'drop' };
}

export interface TranscriptionServerSimulator {
  /** `ws://127.0.0.1:PORT/v1/realtime?intent=transcription`. */
  readonly url: string;
  readonly port: number;
  /**
   * The frames received and sent, in order: the last ones within `options.logLimit` (by default 10 000
   * frames or 16 MiB), the oldest dropped first.
   */
  readonly log: readonly SimulatorLogEntry[];
  /** How many frames were dropped from the front of `log` to stay within `options.logLimit`. */
  readonly droppedFrames: number;
  /** Every connection accepted (or refused), in order. */
  readonly connections: readonly SimulatorConnectionInfo[];
  /** Events received from clients (`direction: 'client'`), optionally of one type, among the frames kept. */
  received(type?: string): SimulatorLogEntry['event'][];
  /** Events sent to clients (`direction: 'server'`), optionally of one type, among the frames kept. */
  sent(type?: string): SimulatorLogEntry['event'][];
  /**
   * Resolves with the first log entry matching `predicate`: among the frames kept, else the first that arrives
   * after the call (kept or not); rejects after `timeoutMs` (default 5000).
   */
  waitFor(
    predicate: (entry: SimulatorLogEntry) => boolean,
    timeoutMs?: number,
  ): Promise<SimulatorLogEntry>;
  /** Sends an arbitrary server event to every open connection (for scripting unusual traffic). */
  broadcast(event: { type: string; [key: string]: unknown }): void;
  /** Drops every open socket abruptly (no close frame), as a network failure would. */
  dropConnections(): void;
  /** Closes every connection (code 1001) and the server. */
  close(): Promise<void>;
}
