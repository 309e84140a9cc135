/**
 * The transcription session of one connection, socket-free: session updates, the input audio buffer, VAD
 * turns and commits. It answers through `send`; the connection owns the socket, the log and the faults.
 */
import { decodeBase64Audio } from '../audio/audio.js';
import { eventErrors, type WireError } from '../errors.js';
import { newId } from '../util/ids.js';
import {
  InputAudioBuffer,
  type CommittedAudio,
} from '../audio/input-buffer.js';
import { applyUpdate, factsOf } from './model-rules.js';
import {
  gaSessionView,
  legacySessionView,
  type SessionSettings,
} from './settings.js';
import {
  validateLegacyUpdate,
  validateSessionUpdate,
  type UpdateResult,
} from './session-validation.js';
import type { TurnTranscription } from '../turns/transcript-events.js';
import { PreCommitDeltas } from '../turns/pre-commit-deltas.js';
import { TurnScheduler, type TurnScript } from '../turns/turns.js';
import type { SimulatorTurn } from '../types.js';
import { resolveVadSettings } from '../audio/vad.js';

type Json = Record<string, unknown>;

/** Minimum committed audio ([CAP-DBG] ISSUE-006). */
const MIN_COMMIT_MS = 100;
/** 15 MiB of audio per append ([NODE-RT] 814–829) is exactly this many base64 characters. */
const MAX_APPEND_BASE64 = (15 * 1024 * 1024 * 4) / 3;

/** What a session needs from its connection and the simulator. */
export interface SessionContext {
  connectionId: number;
  sessionId: string;
  expiresAt: number;
  settings: SessionSettings;
  script: TurnScript;
  rmsAtDefaultThreshold: number;
  /** Sends a server event (the connection adds `event_id`, logs it and honours faults). */
  send(event: Json): void;
  /** Allocates the next simulator-wide turn index. */
  nextTurnIndex(): number;
  /** The index the next commit will get (without allocating it). */
  peekTurnIndex(): number;
}

export class TranscriptionSession {
  readonly #context: SessionContext;
  #settings: SessionSettings;
  readonly #buffer = new InputAudioBuffer();
  readonly #turns: TurnScheduler;
  #lastItemId: string | null = null;
  /**
   * The item id the next commit will carry: announced by `speech_started`, or by the first pre-commit delta
   * of a streaming model.
   */
  #speechItemId: string | null = null;
  readonly #live = new PreCommitDeltas();
  #connectionTurns = 0;

  constructor(context: SessionContext) {
    this.#context = context;
    this.#settings = context.settings;
    this.#turns = new TurnScheduler(context.script, context.send);
  }

  /** The first frame of an accepted connection. */
  sendCreated(): void {
    this.#context.send({ type: 'session.created', session: this.#gaView() });
  }

  /** Handles an event that passed `parseClientFrame`. */
  handle(event: Json & { type: string }, clientEventId: string | null): void {
    const fail = (error: WireError) => this.sendError(error, clientEventId);
    switch (event.type) {
      case 'session.update':
        return this.#update(
          validateSessionUpdate(event),
          'session.updated',
          fail,
        );
      case 'transcription_session.update':
        return this.#update(
          validateLegacyUpdate(event),
          'transcription_session.updated',
          fail,
        );
      case 'input_audio_buffer.append':
        return this.#append(String(event.audio), fail);
      case 'input_audio_buffer.commit':
        return this.#commit(fail);
      case 'input_audio_buffer.clear':
        this.#buffer.clear();
        this.#speechItemId = null;
        this.#live.reset();
        return this.#context.send({ type: 'input_audio_buffer.cleared' });
    }
  }

  /** Sends an `error` event; `error.event_id` echoes the client's id, or null (VERIFIED [CAP-0918]). */
  sendError(error: WireError, clientEventId: string | null): void {
    this.#context.send({
      type: 'error',
      error: { ...error, event_id: clientEventId },
    });
  }

  /** Stops pending transcriptions. */
  dispose(): void {
    this.#turns.cancel();
  }

  #gaView(): Json {
    return gaSessionView(
      this.#context.sessionId,
      this.#context.expiresAt,
      this.#settings,
    );
  }

  /** A refused update is discarded whole (VERIFIED [CAP-0918] 7d); model rules apply to the merged result. */
  #update(
    result: UpdateResult,
    answer: string,
    fail: (error: WireError) => void,
  ): void {
    if (!result.ok) return fail(result.error);
    const applied = applyUpdate(this.#settings, result.patch);
    if (!applied.ok) return fail(applied.error);
    const merged = applied.settings;
    this.#settings = merged;
    const { sessionId, expiresAt } = this.#context;
    const session =
      answer === 'session.updated'
        ? this.#gaView()
        : legacySessionView(sessionId, expiresAt, merged);
    this.#context.send({ type: answer, session });
  }

  #append(audio: string, fail: (error: WireError) => void): void {
    if (audio.length > MAX_APPEND_BASE64)
      return fail(
        eventErrors.stringTooLong('audio', MAX_APPEND_BASE64, audio.length),
      );
    const bytes = decodeBase64Audio(audio);
    if (!bytes) return fail(eventErrors.invalidAudio());
    const model = this.#model();
    // Models without server VAD run none, whatever `turn_detection` says ('inert' keeps it in the echo).
    const vad =
      model === null || factsOf(model).turnDetection === 'server'
        ? resolveVadSettings(
            this.#settings.turn_detection,
            this.#context.rmsAtDefaultThreshold,
          )
        : null;
    for (const happened of this.#buffer.append(
      bytes,
      this.#settings.format,
      vad,
    )) {
      if (happened.kind === 'speech_started') {
        this.#speechItemId = newId('item');
        this.#context.send({
          type: 'input_audio_buffer.speech_started',
          audio_start_ms: Math.round(happened.audioStartMs),
          item_id: this.#speechItemId,
        });
      } else {
        const itemId = this.#speechItemId ?? newId('item');
        this.#speechItemId = null;
        this.#context.send({
          type: 'input_audio_buffer.speech_stopped',
          audio_end_ms: Math.round(happened.audioEndMs),
          item_id: itemId,
        });
        this.#commitTurn(itemId, happened.committed);
      }
    }
    if (model !== null && factsOf(model).preCommitDeltas)
      this.#streamBeforeCommit(model);
  }

  /** The transcription model in effect, or null when the session transcribes nothing. */
  #model(): string | null {
    const model = this.#settings.transcription?.model;
    return typeof model === 'string' ? model : null;
  }

  /** Live captions for the open turn (see `pre-commit-deltas.ts`; INFERRED timing). */
  #streamBeforeCommit(model: string): void {
    const bufferedMs = this.#buffer.bufferedMs(this.#settings.format);
    if (bufferedMs === 0) return;
    this.#speechItemId ??= newId('item');
    const transcripts = this.#context.script.transcripts;
    const text = Array.isArray(transcripts)
      ? (transcripts[this.#context.peekTurnIndex()] ?? '')
      : null;
    const turn = {
      itemId: this.#speechItemId,
      model,
      logprobs: this.#wantsLogprobs(),
    };
    for (const delta of this.#live.advance(turn, text, bufferedMs))
      this.#context.send(delta);
  }

  #wantsLogprobs(): boolean {
    return (
      this.#settings.include?.includes(
        'item.input_audio_transcription.logprobs',
      ) ?? false
    );
  }

  #commit(fail: (error: WireError) => void): void {
    const bufferedMs = this.#buffer.bufferedMs(this.#settings.format);
    if (bufferedMs < MIN_COMMIT_MS)
      return fail(eventErrors.commitEmpty(bufferedMs));
    const itemId = this.#speechItemId ?? newId('item');
    this.#speechItemId = null;
    this.#commitTurn(itemId, this.#buffer.commit(this.#settings.format));
  }

  /** `committed` → `item.added` → `item.done` (VERIFIED order [CAP-0918]), then transcription if a model is set. */
  #commitTurn(itemId: string, committed: CommittedAudio): void {
    const previousItemId = this.#lastItemId;
    this.#lastItemId = itemId;
    const streamedText = this.#live.streamedText;
    this.#live.reset();
    const { send } = this.#context;
    send({
      type: 'input_audio_buffer.committed',
      previous_item_id: previousItemId,
      item_id: itemId,
    });
    const item = {
      id: itemId,
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    };
    send({
      type: 'conversation.item.added',
      previous_item_id: previousItemId,
      item,
    });
    send({
      type: 'conversation.item.done',
      previous_item_id: previousItemId,
      item,
    });
    const index = this.#context.nextTurnIndex();
    const connectionTurnIndex = this.#connectionTurns++;
    const transcription = this.#settings.transcription;
    // No model, no transcript: the real server commits and adds the item, then stays silent ([CAP-0918] 7d).
    if (!transcription || typeof transcription.model !== 'string') return;
    const turn: SimulatorTurn = {
      index,
      connectionTurnIndex,
      connectionId: this.#context.connectionId,
      itemId,
      audio: committed.audio,
      durationMs: committed.durationMs,
      model: transcription.model,
    };
    const languages = Array.isArray(transcription.languages)
      ? transcription.languages
      : [];
    const details: TurnTranscription = {
      itemId,
      model: transcription.model,
      durationMs: committed.durationMs,
      logprobs: this.#wantsLogprobs(),
      languageHint:
        typeof languages[0] === 'string'
          ? languages[0]
          : ((transcription.language as string) ?? null),
      prompt:
        typeof transcription.prompt === 'string' ? transcription.prompt : null,
      streamedText,
    };
    this.#turns.schedule(turn, details);
  }
}
