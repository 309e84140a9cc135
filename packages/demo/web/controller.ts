/**
 * One transcription run in the page: microphone → ephemeral key → `RealtimeSession` over
 * `OpenAIRealtimeTranscriptionWebSocket` → audio frames, with stop and start-again.
 *
 * The controller owns the lifecycle and reports through {@link ControllerListener}; it knows nothing about the
 * DOM, so the view can be swapped or tested on its own.
 */
import {
  RealtimeAgent,
  RealtimeSession,
  type RealtimeItem,
} from '@openai/agents-realtime';
import { OpenAIRealtimeTranscriptionWebSocket } from '@agents-transcription/transport';
import { clearUncommittedTail } from './drain.js';
import { describeError, messageOf, type FailedStep } from './errors.js';
import { openMicrophone, type Microphone } from './audio/microphone.js';
import { fetchToken } from './token.js';

/** Where the controller is. `failed` behaves like `idle` (Start works) but carries the reason. */
export type ControllerState =
  | { status: 'idle' }
  | { status: 'starting'; step: 'microphone' | 'token' | 'connect' }
  | { status: 'listening'; inputRate: number }
  | { status: 'stopping' }
  | { status: 'failed'; message: string };

/** The transport's connection status, as reported by its `connection_change` event. */
export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected';

/** What the controller reports. */
export interface ControllerListener {
  state(state: ControllerState): void;
  connection(status: ConnectionStatus): void;
  /** The session history after every change (the transcript items, in commit order). */
  history(items: RealtimeItem[]): void;
  /** A non-fatal error or a transport warning (e.g. a model's shutdown date); the run goes on. */
  notice(message: string): void;
}

/** What the controller needs from the server's `/config.json`. */
export interface ControllerOptions {
  /**
   * `client`: the transport runs its turn detector on the microphone audio and commits each turn (the
   * key's session has no server VAD); `server`: server VAD. Absent (no config): the transport decides from
   * the session the key opens (client turn detection for the models without server VAD).
   */
  turnDetection?: 'client' | 'server';
}

/** The page's client turn detection: the same silence as the server VAD it replaces. */
const CLIENT_TURN_DETECTION = {
  type: 'client_vad',
  silenceDurationMs: 500,
} as const;

/**
 * Audio captured before the socket is open is held, so the first words are not lost while the key is fetched
 * and the connection opens; bounded (~5 s) so a slow connect cannot grow memory without limit.
 */
const MAX_BUFFERED_FRAMES = 50;

/** How long Stop waits for the last transcripts before closing anyway. */
const DRAIN_TIMEOUT_MS = 5_000;

/** Runs at most one transcription session at a time; `start()` again after `stop()` or a failure. */
export class TranscriptionController {
  readonly #listener: ControllerListener;
  readonly #options: ControllerOptions;
  #state: ControllerState = { status: 'idle' };
  #microphone: Microphone | undefined;
  #session: RealtimeSession | undefined;
  #transport: OpenAIRealtimeTranscriptionWebSocket | undefined;
  /** Speech is open (between speech_started and speech_stopped, from server VAD or the client detector). */
  #speaking = false;
  #pending: Int16Array[] = [];
  /** Increments on every start/stop, so callbacks of an older run cannot touch a newer one. */
  #run = 0;

  constructor(listener: ControllerListener, options: ControllerOptions = {}) {
    this.#listener = listener;
    this.#options = options;
  }

  get state(): ControllerState {
    return this.#state;
  }

  /** Starts a run. Never rejects: every failure ends in the `failed` state with a plain-words message. */
  async start(): Promise<void> {
    if (this.#state.status !== 'idle' && this.#state.status !== 'failed')
      return;
    const run = ++this.#run;
    this.#pending = [];
    this.#listener.history([]);

    this.#setState({ status: 'starting', step: 'microphone' });
    let microphone: Microphone;
    try {
      microphone = await openMicrophone((frame) => this.#onFrame(run, frame));
    } catch (error) {
      return this.#fail(run, 'microphone', error);
    }
    // Stop may have been pressed while the permission prompt was open: give the device straight back.
    if (run !== this.#run) return void microphone.stop().catch(() => undefined);
    this.#microphone = microphone;

    this.#setState({ status: 'starting', step: 'token' });
    let token;
    try {
      token = await fetchToken();
    } catch (error) {
      return this.#fail(run, 'token', error);
    }
    if (run !== this.#run) return;

    this.#setState({ status: 'starting', step: 'connect' });
    const { session, transport } = this.#createSession(run, token.url);
    this.#session = session;
    this.#transport = transport;
    try {
      await session.connect({
        apiKey: token.key,
        ...(token.url ? { url: token.url } : {}),
      });
    } catch (error) {
      return this.#fail(run, 'connect', error);
    }
    if (run !== this.#run) return closeQuietly(session);

    for (const frame of this.#pending)
      session.sendAudio(frame.buffer as ArrayBuffer);
    this.#pending = [];
    this.#setState({ status: 'listening', inputRate: microphone.inputRate });
  }

  /**
   * Stops the microphone (its last partial frame still goes out), then drains the session through the
   * transport's `close({ drain: true })`: what was said last is committed and its transcript arrives before
   * the socket closes. Also cancels a start in progress.
   */
  async stop(): Promise<void> {
    if (this.#state.status !== 'listening' && this.#state.status !== 'starting')
      return;
    const wasListening = this.#state.status === 'listening';
    this.#setState({ status: 'stopping' });
    // While starting, bump the run at once so the pending start step backs out on its own.
    if (!wasListening) this.#run++;
    await this.#release(wasListening);
    // Detach the closed session's late callbacks from whatever run comes next.
    if (wasListening) this.#run++;
    this.#setState({ status: 'idle' });
  }

  #createSession(
    run: number,
    url: string | undefined,
  ): {
    session: RealtimeSession;
    transport: OpenAIRealtimeTranscriptionWebSocket;
  } {
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      ...(url ? { url } : {}),
      ...(this.#options.turnDetection === 'client'
        ? { session: { turnDetection: CLIENT_TURN_DETECTION } }
        : {}),
    });
    // The agent is required by RealtimeSession but means nothing to a transcription session.
    const agent = new RealtimeAgent({ name: 'Browser transcription demo' });
    const session = new RealtimeSession(agent, { transport });
    session.on('history_updated', (items) => {
      if (run === this.#run) this.#listener.history(items);
    });
    // Always listen for 'error': RealtimeSession emits it through an EventEmitter, which throws when unheard.
    session.on('error', (event) => {
      if (run === this.#run)
        this.#listener.notice(describeError('session', event));
    });
    // Warnings (a model's announced shutdown) are shown, not left to the console.
    transport.on('warning', (warning: { message: string }) => {
      if (run === this.#run) this.#listener.notice(warning.message);
    });
    transport.on('speech_started', () => void (this.#speaking = true));
    transport.on('speech_stopped', () => void (this.#speaking = false));
    transport.on('connection_change', (status: ConnectionStatus) => {
      if (run !== this.#run) return;
      this.#listener.connection(status);
      if (status === 'disconnected' && this.#state.status === 'listening') {
        void this.#fail(
          run,
          'session',
          new Error(
            'the connection closed unexpectedly; press Start to open a new one',
          ),
        );
      }
    });
    return { session, transport };
  }

  #onFrame(run: number, frame: Int16Array): void {
    if (run !== this.#run) return;
    if (
      this.#state.status === 'listening' ||
      this.#state.status === 'stopping'
    ) {
      this.#session?.sendAudio(frame.buffer as ArrayBuffer);
    } else if (this.#pending.length < MAX_BUFFERED_FRAMES) {
      this.#pending.push(frame);
    }
  }

  async #fail(run: number, step: FailedStep, error: unknown): Promise<void> {
    if (run !== this.#run) return;
    const message = describeError(step, error);
    // Log the raw error for developers; the page shows the plain-words version.
    console.warn(`[web demo] ${step} failed:`, messageOf(error));
    this.#run++;
    await this.#release(false);
    this.#setState({ status: 'failed', message });
  }

  /** Stops the microphone, then closes the session: drained (bounded) after a normal stop, at once after a failure. */
  async #release(drain: boolean): Promise<void> {
    const microphone = this.#microphone;
    const session = this.#session;
    const transport = this.#transport;
    this.#microphone = undefined;
    this.#pending = [];
    await microphone?.stop().catch(() => undefined);
    // Close after the microphone so the flushed last frame still goes out.
    this.#session = undefined;
    this.#transport = undefined;
    if (drain && transport) {
      // Open speech is committed by the drain; a silent tail would become an empty turn, so it is cleared.
      if (!this.#speaking) await clearUncommittedTail(transport, 1_000);
      await transport
        .close({ drain: true, timeoutMs: DRAIN_TIMEOUT_MS })
        .catch(() => false);
    }
    this.#speaking = false;
    if (session) closeQuietly(session);
    this.#listener.connection('disconnected');
  }

  #setState(state: ControllerState): void {
    this.#state = state;
    this.#listener.state(state);
  }
}

/** Closes a session that may already be closed; there is nothing useful to report if that throws. */
function closeQuietly(session: RealtimeSession): void {
  try {
    session.close();
  } catch {
    // Already closed.
  }
}
