/**
 * Where the turn tracker's reports go. Into `RealtimeSession`'s history: item updates through the coalescer
 * (partial texts at most once per `historyUpdates.partialIntervalMs`, finals at once), then the opt-in
 * history window (`historyLimit`), which may delete old settled items; and deletions, which must also stop
 * any pending partial. To the application: `transcript_failed` for every turn given up.
 */
import {
  DEFAULTS,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
} from '../config/options.js';
import type { EventSink } from '../emitter.js';
import type { TranscriptionTransportError } from '../errors.js';
import type { TranscriptionEventTypes } from '../events.js';
import { HistoryWindow } from './history-window.js';
import type { UserAudioItem } from './transcript-items.js';
import type { TurnSink } from './turn-tracker.js';
import { UpdateCoalescer } from './update-coalescer.js';

/** Where the feed reports. */
export interface HistoryFeedDeps {
  /** The window deleted `itemId`: its late events must not bring it back. */
  forget(itemId: string): void;
  /** A turn settled (final, failure, loss, timeout): audio may be released, waiters checked. */
  settled(): void;
  events: EventSink<TranscriptionEventTypes>;
}

/** `item_update`, `item_deleted` and `transcript_failed`; see the file comment. */
export class HistoryFeed implements TurnSink {
  /** What reaches `item_update`: partial texts coalesced per item (historyUpdates), finals at once. */
  readonly #coalescer: UpdateCoalescer<UserAudioItem>;
  /** The opt-in bound on settled items in the SDK's history (historyLimit). */
  readonly #window: HistoryWindow | undefined;
  readonly #deps: HistoryFeedDeps;

  /** Reads `historyUpdates` and `historyLimit` (validated). */
  constructor(
    options: OpenAIRealtimeTranscriptionWebSocketOptions,
    deps: HistoryFeedDeps,
  ) {
    this.#deps = deps;
    this.#window = options.historyLimit
      ? new HistoryWindow(options.historyLimit.maxItems)
      : undefined;
    this.#coalescer = new UpdateCoalescer(
      options.historyUpdates?.partialIntervalMs ?? DEFAULTS.partialIntervalMs,
      (item) => this.#emitItem(item),
    );
  }

  /** An item changed (the turn tracker's report). */
  update(item: UserAudioItem): void {
    this.#coalescer.update(item);
  }

  /** A turn was given up; a timeout is an `error` too (nothing else tells the application). */
  failed(itemId: string, error: TranscriptionTransportError): void {
    const events = this.#deps.events;
    events.emit('transcript_failed', { itemId, error });
    if (error.code === 'TRANSCRIPTION_TIMEOUT')
      events.emit('error', { type: 'error', error });
  }

  /** A turn settled: passed on to the transport (release audio, rotation, flush waiters). */
  settled(): void {
    this.#deps.settled();
  }

  /** The item left history: no pending partial may bring it back, and the window stops counting it. */
  deleted(itemId: string): void {
    this.#coalescer.forget(itemId);
    this.#window?.deleted(itemId);
    this.#deps.events.emit('item_deleted', { itemId });
  }

  /** The session ended and every item in progress got its final: no partial is left to send. */
  dropPartials(): void {
    this.#coalescer.reset();
  }

  /** A new session: nothing pending, the window starts empty. */
  reset(): void {
    this.#coalescer.reset();
    this.#window?.reset();
  }

  /** An update leaves the coalescer: the SDK applies it; the history window may then delete old items. */
  #emitItem(item: UserAudioItem): void {
    const { events, forget } = this.#deps;
    events.emit('item_update', item);
    for (const itemId of this.#window?.updated(item) ?? []) {
      forget(itemId); // its late events must not bring it back
      events.emit('item_deleted', { itemId });
    }
  }
}
