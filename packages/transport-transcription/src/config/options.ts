/**
 * The transport's options: their documented shape, their defaults, and the checks that refuse a bad one at
 * construction (before any I/O), so a typo fails where it was written rather than at the first reconnect.
 */
import type { ApiKey } from '@openai/agents-realtime';
import {
  transcriptionUrl,
  type CreateWebSocket,
} from '../wire/url-and-auth.js';
import type { Dialect } from '../wire/configuration-event.js';
import { TranscriptionTransportError } from '../errors.js';
import type { LivenessOptions } from '../connection/liveness.js';
import {
  reconnectPolicy,
  type ReconnectOptions,
  type ReconnectPolicy,
} from '../reliability/reconnect-policy.js';
import { explicitSettings } from './explicit-settings.js';
import { assertDialectAccepts } from './settings-to-send.js';
import type { TranscriptionSessionOptions } from './settings.js';

/** Options of {@link OpenAIRealtimeTranscriptionWebSocket}. */
export interface OpenAIRealtimeTranscriptionWebSocketOptions {
  /** Used when `connect()` gets no key. A function is called on every connect (fresh ephemeral keys). */
  apiKey?: ApiKey;
  /** Default `wss://api.openai.com/v1/realtime?intent=transcription`. Never include `model=`. */
  url?: string;
  /** `'ga'` (default): `session.update` `{ type: 'transcription' }`. `'legacy'`: `transcription_session.update` (Azure, compatible servers). */
  dialect?: Dialect;
  /** Explicit transcription settings; they win over `RealtimeSession`'s `config`. */
  session?: TranscriptionSessionOptions;
  /** Opens the socket. Default: `ws` with an `Authorization` header in Node, the global `WebSocket` with subprotocol auth in browsers. */
  createWebSocket?: CreateWebSocket;
  /** Let a browser connect with a key that is not an ephemeral `ek_` key. Only for trusted local tools. */
  useInsecureApiKey?: boolean;
  /** How long `connect()` waits for the session to be ready, in ms (default 10 000). */
  connectTimeoutMs?: number;
  /**
   * Automatic reconnection after an abnormal close, a dead socket or `session_expired` (default on).
   * `false` turns it off: a lost connection then ends the session with `CONNECTION_LOST`, as before.
   * Never after close codes 3000/4000, after `close()`, or when the first `connect()` fails.
   * See docs/reliability.md.
   */
  reconnect?: ReconnectOptions | false;
  /**
   * Audio kept for replay after a reconnect, in ms (default 15 000): from the oldest turn still waiting for
   * its transcript through the uncommitted tail. Older audio is dropped with a `warning` event.
   */
  replayBufferMs?: number;
  /**
   * Ping/pong dead-socket detection (default on, Node `ws` sockets only; browsers have no ping API).
   * `false` turns it off.
   */
  liveness?: LivenessOptions | false;
  /**
   * An item with no final transcript this long after its commit is marked `incomplete` with
   * `TRANSCRIPTION_TIMEOUT`, in ms (default 30 000). `0` turns the watchdog off.
   */
  transcriptTimeoutMs?: number;
  /**
   * Send-side backpressure. Over `highWaterMark` bytes in the socket's `bufferedAmount`, audio waits in the
   * replay buffer; once `maxQueuedMs` of audio waits, `sendAudio()` throws `AUDIO_BACKPRESSURE`.
   * Defaults: 1 MiB and 5 000 ms (always below `replayBufferMs`).
   */
  backpressure?: { highWaterMark?: number; maxQueuedMs?: number };
  /**
   * Proactive rotation: this long before the session's `expires_at` (default 300 000 = 5 min), open the next
   * session and switch to it at a commit boundary; the old socket only delivers the finals of its turns, so
   * expiry costs no re-transcription. `0` turns it off (the transport then reconnects after `session_expired`). Needs
   * `reconnect` on.
   */
  rotateBeforeExpiryMs?: number;
  /**
   * How often a partial transcript may update an item in history. `partialIntervalMs` (default 50): at most
   * one `item_update` per item per window for the text of an item in progress; the first delta of a burst
   * goes out at once, later ones within the window collapse into one update carrying the latest text. An
   * item's first appearance and its final text (completed, failed, deleted, closed) are never delayed, and a
   * partial never lands after its final. `0` updates the item on every delta. `transcript_delta` events
   * are not affected: they stay one per delta. Why: `RealtimeSession` copies its whole history on every
   * `item_update`, so fewer partial updates is less work in long calls; live captions built from
   * `history_updated` then lag a delta by at most this long.
   */
  historyUpdates?: { partialIntervalMs?: number };
  /**
   * Opt-in bound on the user items `RealtimeSession` keeps in `session.history`: beyond `maxItems` settled
   * (completed or failed) items, the oldest are removed with `item_deleted`. Off by default.
   * Why: the SDK's cost per history update grows with history length (milliseconds per event at thousands
   * of items); with the window a 10-hour call costs what a 10-minute one does. Trade-off: `session.history`
   * then holds only the newest items; keep the full transcript from the transport's `transcript_completed`
   * events (or your own `history_added` listener). Items still waiting for their transcript are never removed,
   * and neither is the one just before the oldest of them (a reconnect places re-transcribed items after it),
   * so a turn that waits holds older items a little longer (bounded by `transcriptTimeoutMs`).
   */
  historyLimit?: { maxItems: number };
}

/** A snapshot of the reliability machinery, for monitoring and tests. */
export interface ReliabilityStats {
  /** Audio held for replay, in ms. */
  replayBufferedMs: number;
  /** Chunks held for replay. */
  replayChunks: number;
  /** Audio appended but not yet written to a socket (backpressure or reconnecting), in ms. */
  unsentMs: number;
  /** Committed items still waiting for a final transcript. */
  pendingItems: number;
  /** Turns the ledger keeps (pending ones and the settled ones between them). */
  ledgerTurns: number;
  /** Items the transport remembers (bounded: settled ones beyond 1000 are forgotten). */
  trackedItems: number;
  /** Reconnections since `connect()`. */
  reconnects: number;
  /** Audio dropped from the replay buffer since `connect()`, in ms. */
  droppedMs: number;
}

/** The defaults the option docs above promise, in one place. */
export const DEFAULTS = {
  connectTimeoutMs: 10_000,
  replayBufferMs: 15_000,
  transcriptTimeoutMs: 30_000,
  highWaterMark: 1024 * 1024,
  maxQueuedMs: 5_000,
  rotateBeforeExpiryMs: 5 * 60_000,
  flushTimeoutMs: 10_000,
  partialIntervalMs: 50,
} as const;

/** Longest accepted `historyUpdates.partialIntervalMs`: past this, a "live" caption is no longer live. */
export const MAX_PARTIAL_INTERVAL_MS = 10_000;

/**
 * Checks every option (throwing `INVALID_OPTION` naming the bad one) and returns the reconnect policy, or
 * `undefined` when reconnection is off.
 */
export function validateOptions(
  options: OpenAIRealtimeTranscriptionWebSocketOptions,
): ReconnectPolicy | undefined {
  if (
    options.dialect !== undefined &&
    options.dialect !== 'ga' &&
    options.dialect !== 'legacy'
  ) {
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      `dialect must be 'ga' or 'legacy'; got ${JSON.stringify(options.dialect)}.`,
    );
  }
  positive('connectTimeoutMs', options.connectTimeoutMs);
  if (options.url !== undefined) transcriptionUrl(options.url);
  positive('replayBufferMs', options.replayBufferMs);
  positive('transcriptTimeoutMs', options.transcriptTimeoutMs, true);
  positive('rotateBeforeExpiryMs', options.rotateBeforeExpiryMs, true);
  positive('backpressure.highWaterMark', options.backpressure?.highWaterMark);
  positive('backpressure.maxQueuedMs', options.backpressure?.maxQueuedMs);
  if (options.liveness) {
    positive('liveness.intervalMs', options.liveness.intervalMs);
    positive('liveness.timeoutMs', options.liveness.timeoutMs);
  }
  let policy: ReconnectPolicy | undefined;
  try {
    policy =
      options.reconnect === false
        ? undefined
        : reconnectPolicy(options.reconnect ?? {});
  } catch (error) {
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      (error as Error).message,
    );
  }
  validateHistoryOptions(options);
  // Validates the session option now, so a typo fails at construction rather than at connect.
  assertDialectAccepts(
    options.dialect ?? 'ga',
    explicitSettings(options.session, undefined).settings,
  );
  return policy;
}

function positive(name: string, value: number | undefined, zero = false) {
  if (value !== undefined && !(value > 0 || (zero && value === 0)))
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      `${name} must be a ${zero ? 'non-negative' : 'positive'} number; got ${JSON.stringify(value)}.`,
    );
}

/** `historyUpdates` and `historyLimit`: objects with the documented numbers, or absent. */
function validateHistoryOptions(
  options: OpenAIRealtimeTranscriptionWebSocketOptions,
): void {
  const { historyUpdates, historyLimit } = options;
  if (historyUpdates !== undefined) {
    objectOption('historyUpdates', historyUpdates);
    const ms = historyUpdates.partialIntervalMs;
    if (
      ms !== undefined &&
      !(typeof ms === 'number' && ms >= 0 && ms <= MAX_PARTIAL_INTERVAL_MS)
    )
      throw new TranscriptionTransportError(
        'INVALID_OPTION',
        `historyUpdates.partialIntervalMs must be a number of ms from 0 to ${MAX_PARTIAL_INTERVAL_MS} (0 = every delta); got ${JSON.stringify(ms)}.`,
      );
  }
  if (historyLimit !== undefined) {
    objectOption('historyLimit', historyLimit);
    const max = historyLimit.maxItems;
    if (!(Number.isSafeInteger(max) && max >= 1))
      throw new TranscriptionTransportError(
        'INVALID_OPTION',
        `historyLimit.maxItems must be a positive integer (settled user items to keep in session.history); got ${JSON.stringify(max)}.`,
      );
  }
}

function objectOption(name: string, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new TranscriptionTransportError(
      'INVALID_OPTION',
      `${name} must be an object; got ${JSON.stringify(value)}.`,
    );
}
