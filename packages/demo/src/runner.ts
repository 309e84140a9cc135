/**
 * One transcription run through a real `RealtimeSession` whose transport is
 * `OpenAIRealtimeTranscriptionWebSocket`: connect, stream paced audio, commit per the VAD mode, collect the
 * transcript, and on end of input or Ctrl-C wait (bounded) for the finals still owed.
 */
import { OpenAIRealtimeTranscriptionWebSocket } from '@agents-transcription/transport';
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import type { Speed, VadMode } from './args.js';
import type { AudioSource } from './audio/source.js';
import {
  FRAME_SAMPLES,
  msToSamples,
  samplesToMs,
  toArrayBuffer,
} from './audio/pcm.js';
import {
  IntervalCommitPolicy,
  type CommitPolicy,
  type Span,
} from './commit-policy.js';
import { describeError } from './errors.js';
import { clearUncommittedTail } from '../web/drain.js';
import { pace } from './pacing.js';
import { TranscriptBook, type HistoryItemLike } from './turns.js';

/** Transcription settings in the transport's camelCase shape (`TranscriptionSessionOptions`). */
export interface SessionSettings {
  transcription: { model: string; language?: string; prompt?: string };
  turnDetection:
    | { type: 'server_vad'; silenceDurationMs: number }
    | { type: 'client_vad'; silenceDurationMs: number }
    | null;
}

export interface RunOptions {
  source: AudioSource;
  /** Where and how to connect: the simulator's URL offline, the default OpenAI URL live. */
  connection: { apiKey: string; url?: string };
  settings: SessionSettings;
  vad: VadMode;
  silenceMs: number;
  commitEverySeconds?: number;
  speed: Speed;
  /** Ctrl-C / SIGTERM: stop reading audio, commit what is buffered, then wait (briefly) for the finals. */
  signal: AbortSignal;
  /** Called after every change of the transcript, with a one-line status. */
  onChange(book: TranscriptBook, status: string): void;
  /** Called for a server or transport error that did not end the session. */
  onNotice(message: string): void;
  /** How long to wait for pending finals after the audio ended (default 10 s). */
  finalWaitMs?: number;
  /** How long to wait for pending finals after `signal` aborted (default 700 ms: the CLI ends within a second). */
  abortWaitMs?: number;
}

/**
 * `--speed max` keeps the audio awaiting a transcript under this much, two thirds of the transport's default
 * 15 s replay buffer, so the buffer never overflows (which would drop audio from the replay and warn).
 */
export const MAX_SPEED_REPLAY_BUDGET_MS = 10_000;
/** …and the audio not yet written to the socket under this much. */
export const MAX_SPEED_UNSENT_BUDGET_MS = 1_000;

export interface RunResult {
  book: TranscriptBook;
  /** Audio sent, in ms. */
  audioMs: number;
  /** Wall-clock time from connect to the last final, in ms. */
  wallMs: number;
  interrupted: boolean;
  /** The drain ran out of time before every final arrived (those turns end `failed`). */
  timedOut: boolean;
  /** Set when the session ended on its own with an error (auth, expiry, dropped socket). */
  fatal?: string;
}

/** Builds the settings the transport sends, from the CLI's flags. */
export function sessionSettings(options: {
  model: string;
  language?: string;
  prompt?: string;
  vad: VadMode;
  silenceMs: number;
  commitEverySeconds?: number;
}): SessionSettings {
  return {
    transcription: {
      model: options.model,
      ...(options.language ? { language: options.language } : {}),
      ...(options.prompt ? { prompt: options.prompt } : {}),
    },
    turnDetection:
      options.vad === 'server'
        ? { type: 'server_vad', silenceDurationMs: options.silenceMs }
        : options.vad === 'none' && options.commitEverySeconds
          ? null
          : // The transport's client turn detector commits at silence (one implementation, in the transport).
            { type: 'client_vad', silenceDurationMs: options.silenceMs },
  };
}

/** Runs the session to the end of the input (or Ctrl-C) and returns what it transcribed. */
export async function runTranscription(
  options: RunOptions,
): Promise<RunResult> {
  const book = new TranscriptBook();
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    ...(options.connection.url ? { url: options.connection.url } : {}),
    session: options.settings,
  });
  // The agent is never asked anything: a transcription session has no responses. RealtimeSession still
  // needs one, and the transport drops its agent fields.
  const agent = new RealtimeAgent({ name: 'Transcriber' });
  const session = new RealtimeSession(agent, { transport });

  let audioMs = 0;
  let fatal: string | undefined;
  let connected = false;
  const status = () =>
    `${options.signal.aborted ? 'stopping' : 'listening'} · ${(audioMs / 1000).toFixed(1)} s sent · ${book.turns.length} turn${book.turns.length === 1 ? '' : 's'}`;
  const notify = () => options.onChange(book, status());

  // Without an 'error' listener, Node's EventEmitter would throw on the first server error and end the run.
  session.on('error', (event) => {
    options.onNotice(`server error: ${describeError(event.error)}`);
  });
  session.on('history_updated', (history) => {
    book.syncHistory(history as unknown as HistoryItemLike[]);
    notify();
  });
  transport.on(
    'transcript_delta',
    (event: { itemId: string; transcript: string }) => {
      book.delta(event.itemId, event.transcript);
      notify();
    },
  );
  transport.on(
    'transcript_completed',
    (event: { itemId: string; transcript: string }) => {
      book.completed(event.itemId, event.transcript);
      notify();
    },
  );
  transport.on(
    'transcript_failed',
    (event: { itemId: string; error: unknown }) => {
      book.failed(event.itemId, describeError(event.error));
      notify();
    },
  );
  // The client detector's speech events carry no item id (the item comes with the commit): each one is a
  // client commit span, matched to the n-th committed item like the interval commits.
  let clientSpeechStartMs: number | undefined;
  transport.on(
    'speech_started',
    (event: { itemId: string; audioStartMs: number }) => {
      if (event.itemId === '') clientSpeechStartMs = event.audioStartMs;
      else book.speechStarted(event.itemId, event.audioStartMs);
      notify();
    },
  );
  transport.on(
    'speech_stopped',
    (event: { itemId: string; audioEndMs: number }) => {
      if (event.itemId !== '')
        book.speechStopped(event.itemId, event.audioEndMs);
      else if (clientSpeechStartMs !== undefined) {
        book.clientCommitted({
          startMs: clientSpeechStartMs,
          endMs: event.audioEndMs,
        });
        clientSpeechStartMs = undefined;
      }
      notify();
    },
  );
  transport.on('warning', (event: { field: string; message: string }) => {
    options.onNotice(
      `transport warning (${describeError(event.field)}): ${describeError(event.message)}`,
    );
  });
  transport.on('connection_change', (state: string) => {
    if (state === 'disconnected' && connected)
      fatal ??= 'the connection closed';
  });

  const startedAt = performance.now();
  await session.connect({
    apiKey: options.connection.apiKey,
    ...(options.connection.url ? { url: options.connection.url } : {}),
  });
  connected = true;
  options.onChange(book, status());

  const policy: CommitPolicy | undefined =
    options.vad === 'none' && options.commitEverySeconds
      ? new IntervalCommitPolicy({
          everyMs: options.commitEverySeconds * 1000,
        })
      : undefined;
  const commit = (span: Span) => {
    book.clientCommitted(span);
  };

  const send = (samples: Int16Array, commitAfter = false) => {
    session.sendAudio(
      toArrayBuffer(samples),
      commitAfter ? { commit: true } : undefined,
    );
    audioMs += samplesToMs(samples.length);
  };

  // Commits the audio buffered since the last commit. It goes out with 100 ms of silence because the last
  // frame was already sent, and a commit of under 100 ms of new audio would be refused by the server.
  const commitBuffered = () => send(new Int16Array(FRAME_SAMPLES), true);

  try {
    const speed = options.source.live ? 'max' : options.speed;
    const reliability = () => transport.reliability;
    for await (const frame of pace(options.source.frames, {
      speed,
      signal: options.signal,
      canSend: () =>
        reliability().replayBufferedMs < MAX_SPEED_REPLAY_BUDGET_MS &&
        reliability().unsentMs < MAX_SPEED_UNSENT_BUDGET_MS,
    })) {
      if (fatal) break;
      const span = policy?.push(frame.samples, frame.startMs);
      send(frame.samples, span !== undefined);
      if (span) commit(span);
      if (frame.startMs % 1000 < 100) options.onChange(book, status());
    }
  } finally {
    options.source.stop();
  }

  if (!fatal) {
    if (policy) {
      // Commit whatever speech is still buffered (end of input or a signal).
      const span = policy.flush(audioMs);
      if (span) {
        commitBuffered();
        commit(span);
      }
    } else if (options.settings.turnDetection?.type === 'client_vad') {
      // The client detector commits the turn still open (end of input or Ctrl-C), not trailing silence,
      // and flush() waits for every committed turn's final.
      await transport.flush({ timeoutMs: options.finalWaitMs ?? 10_000 });
    } else if (!options.signal.aborted) {
      // Server VAD ends a turn only after hearing silence: give it that silence, as a speaker pausing would,
      // so the last turn ends where the speech ends instead of being cut by a manual commit.
      const tail = new Int16Array(msToSamples(options.silenceMs + 300));
      for await (const frame of pace(framesOf(tail), {
        speed: options.speed,
        signal: options.signal,
      }))
        send(frame.samples);
    }
    // What is left uncommitted is silence after the last turn when the client commits itself (the policy
    // holds silence back) or when server VAD heard the silent tail above (it ends any open turn before the
    // clear arrives: the server handles events in order). Clear it, so the drain does not commit it as a
    // turn of its own. Only speech still open after a signal is left for the drain to commit.
    if (policy || !options.signal.aborted || !book.speechOpen) {
      await clearUncommittedTail(
        transport,
        options.signal.aborted ? 300 : 5_000,
      );
    } else {
      book.closeOpenSpeech(audioMs);
    }
  }

  // From here a disconnect is ours, not a failure.
  connected = false;
  const drained = await transport.close({
    drain: true,
    timeoutMs: options.signal.aborted
      ? (options.abortWaitMs ?? 700)
      : (options.finalWaitMs ?? 10_000),
  });
  session.close();
  return {
    book,
    audioMs,
    wallMs: performance.now() - startedAt,
    interrupted: options.signal.aborted,
    timedOut: !drained && !fatal,
    ...(fatal ? { fatal } : {}),
  };
}

async function* framesOf(samples: Int16Array): AsyncGenerator<Int16Array> {
  for (let offset = 0; offset < samples.length; offset += FRAME_SAMPLES) {
    yield samples.subarray(offset, offset + FRAME_SAMPLES);
  }
}
