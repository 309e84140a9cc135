/**
 * Turns, from commit to final: the only place a turn is committed, completed, failed, lost or settled.
 * Pure apart from the sink it reports to (no I/O, no timers).
 *
 * It joins the per-item transcript state (`transcript-items.ts`), the audio each turn covers
 * (`turn-ledger.ts`) and where new items go in history. Items the server sends transcripts for without ever
 * committing them ("pre-commit" items) are turns too: they are timed out by the watchdog like any other,
 * dropped on a replay, and bounded in number, so a server inventing ids cannot grow memory.
 */
import { TranscriptionTransportError } from '../errors.js';
import { TranscriptItems, type UserAudioItem } from './transcript-items.js';
import {
  AFTER_PREVIOUS,
  TurnLedger,
  type ReplayPlan,
  type Turn,
} from './turn-ledger.js';

/** Where the turn tracker reports what changed. */
export interface TurnSink {
  update(item: UserAudioItem): void;
  failed(itemId: string, error: TranscriptionTransportError): void;
  deleted(itemId: string): void;
  /** A turn settled (final, failure, loss, timeout): flush and rotation wait on this. */
  settled(): void;
}

/** Per-socket placement: where items committed on that socket go in history. */
export interface Placement {
  anchors: Array<string | null | typeof AFTER_PREVIOUS>;
  lastNewItemId: string | undefined;
}

/** Pre-commit items tracked at most; beyond it the oldest is given up (marked incomplete). */
export const MAX_PRECOMMIT_ITEMS = 64;

/** How many committed ids are remembered to recognise a duplicate `committed`. */
const RECENT_COMMITS = 256;

/** Why a turn still pending when the session ended has no transcript. */
const ended = (itemId: string) =>
  new TranscriptionTransportError(
    'CONNECTION_LOST',
    `The connection ended before item ${itemId} was transcribed.`,
  );

/** Names the pseudo-turns that mark a cleared tail in the ledger. */
let clearCounter = 0;

export class TurnTracker {
  readonly #items = new TranscriptItems();
  #ledger = new TurnLedger();
  /** Items with transcript events but no `committed`, with when they were first seen (insertion order). */
  readonly #precommit = new Map<string, number>();
  /** Pre-commit items a delta created (live text of a turn not committed yet), oldest first. */
  readonly #fromDelta = new Set<string>();
  /** Ids committed lately (bounded): a duplicate `committed` must not take another commit off the queue. */
  readonly #committedIds = new Set<string>();
  readonly #sink: TurnSink;

  constructor(sink: TurnSink) {
    this.#sink = sink;
  }

  get ledger(): TurnLedger {
    return this.#ledger;
  }

  /** Items remembered (bounded). */
  get size(): number {
    return this.#items.size;
  }

  /** Turns still waiting for a final: committed ones and pre-commit ones. */
  get pendingCount(): number {
    return this.#ledger.pendingCount + this.#precommit.size;
  }

  get precommitCount(): number {
    return this.#precommit.size;
  }

  pendingItemIds(): string[] {
    return this.#items.pendingItemIds();
  }

  isPending(itemId: string): boolean {
    return this.#items.isPending(itemId);
  }

  /** Whether the turn is committed and still waits for its final (the drain of an old socket waits on it). */
  awaitsFinal(itemId: string): boolean {
    return this.#ledger.has(itemId);
  }

  /** Whether events for this item are ignored (removed, or settled and forgotten). */
  isIgnored(itemId: string): boolean {
    return this.#items.isRemoved(itemId);
  }

  /** A new session starts at the timeline's `position`; items already in history stay where they are. */
  restart(position: number): void {
    this.#ledger = new TurnLedger();
    this.#ledger.restart(position, this.#items.lastItemId);
  }

  /**
   * `committed` for `itemId`. For a commit not seen before, `takeEnd` is called once to take where its audio
   * ends off the socket's commit queue, whatever order `committed` and the final arrive in, so the queue
   * stays aligned. An item already settled (its final came first) is recorded as a settled turn, so a replay
   * skips its audio. Returns `false` for a duplicate or a removed item (the queue is left alone).
   */
  committed(
    placement: Placement,
    itemId: string,
    serverPreviousItemId: string | null,
    takeEnd: () => number,
    now: number,
  ): boolean {
    if (
      this.#items.isRemoved(itemId) ||
      this.#ledger.has(itemId) ||
      this.#committedIds.has(itemId)
    )
      return false;
    this.#committedIds.add(itemId);
    if (this.#committedIds.size > RECENT_COMMITS) {
      const oldest = this.#committedIds.values().next().value as string;
      this.#committedIds.delete(oldest);
    }
    const end = takeEnd();
    if (!this.#precommit.has(itemId)) this.#replaceLiveItem();
    this.#precommit.delete(itemId);
    this.#fromDelta.delete(itemId);
    let previous: string | null | undefined;
    if (placement.anchors.length > 0) {
      const anchor = placement.anchors.shift()!;
      previous =
        anchor === AFTER_PREVIOUS ? (placement.lastNewItemId ?? null) : anchor;
    } else if (serverPreviousItemId === null && placement.lastNewItemId)
      previous = placement.lastNewItemId;
    placement.lastNewItemId = itemId;
    const alreadySettled =
      this.#items.has(itemId) && !this.#items.isPending(itemId);
    this.#ledger.commit(itemId, end, now);
    if (alreadySettled) {
      this.#ledger.settle(itemId);
      this.#sink.settled();
      return true;
    }
    this.#emit(this.#items.commit(itemId, serverPreviousItemId, previous));
    return true;
  }

  /** `conversation.item.added/done`: creates the item if unknown (a pre-commit item then); text is only added. */
  added(
    itemId: string,
    serverPreviousItemId: string | null,
    transcript: string | null,
    now: number,
  ): void {
    if (this.#items.isRemoved(itemId)) return;
    const known = this.#items.has(itemId);
    this.#emit(this.#items.added(itemId, serverPreviousItemId, transcript));
    if (!known && this.#items.isPending(itemId))
      this.#trackPrecommit(itemId, now);
  }

  /** A delta; returns the text so far, or `undefined` when the item is settled, removed or forgotten. */
  delta(
    itemId: string,
    delta: string,
    replace: boolean,
    now: number,
  ): string | undefined {
    if (this.#items.isRemoved(itemId)) return undefined;
    const known = this.#items.has(itemId);
    const item = this.#items.delta(itemId, delta, replace);
    if (!item) return undefined;
    if (!known) {
      this.#trackPrecommit(itemId, now);
      if (this.#precommit.has(itemId)) this.#fromDelta.add(itemId);
    }
    this.#emit(item);
    const content = item.content[0];
    return content?.type === 'input_audio' ? (content.transcript ?? '') : '';
  }

  /** The final. Returns `false` when it is ignored (removed or forgotten item): it changed nothing. */
  completed(itemId: string, transcript: string): boolean {
    if (this.#items.isRemoved(itemId)) return false;
    const item = this.#items.complete(itemId, transcript);
    if (!item) return false;
    this.#settle(itemId);
    this.#emit(item);
    return true;
  }

  /** A server `failed`. Returns `false` when it changes nothing (a failure after the final, or unknown). */
  failed(itemId: string, error: TranscriptionTransportError): boolean {
    if (this.#items.isRemoved(itemId) || this.#items.isCompleted(itemId))
      return false;
    this.#settle(itemId);
    const item = this.#items.fail(itemId);
    if (item) this.#emit(item);
    this.#sink.failed(itemId, error);
    return true;
  }

  /** The item was removed from history by the application. */
  remove(itemId: string): void {
    this.#precommit.delete(itemId);
    this.#fromDelta.delete(itemId);
    this.#items.remove(itemId);
    if (this.#ledger.has(itemId)) this.#settle(itemId);
  }

  /** An `input_audio_buffer.clear`: the tail up to `position` is never transcribed, so a replay skips it. */
  cleared(position: number, now: number): void {
    const id = `cleared_${++clearCounter}`;
    this.#ledger.commit(id, position, now);
    this.#settle(id);
  }

  /** Every turn without a final for `timeoutMs`, pre-commit ones included, is marked incomplete. */
  timeOut(now: number, timeoutMs: number): void {
    const overdue = this.#ledger
      .overdue(now, timeoutMs)
      .map((turn) => turn.itemId);
    for (const [itemId, since] of this.#precommit)
      if (now - since >= timeoutMs) overdue.push(itemId);
    for (const itemId of overdue)
      this.#give(
        itemId,
        new TranscriptionTransportError(
          'TRANSCRIPTION_TIMEOUT',
          `No final transcript for item ${itemId} within ${timeoutMs} ms (transcriptTimeoutMs); marked incomplete.`,
        ),
      );
  }

  /**
   * A new socket replays from `replayStart`. Items committed without a final are removed (their audio comes
   * back under new ids where they were), turns whose audio was dropped are lost, pre-commit items are dropped.
   * `release(from)` frees the audio before the replay's start and returns where the buffer starts now.
   * Returns what the writer skips and where new items go.
   */
  replay(
    replayStart: number,
    release: (from: number) => number,
  ): Pick<ReplayPlan, 'skip' | 'anchors'> {
    const plan = this.#ledger.planReplay(replayStart);
    for (const turn of plan.lost) this.#lose(turn);
    for (const turn of plan.replayed) {
      this.#items.remove(turn.itemId);
      this.#sink.deleted(turn.itemId);
    }
    for (const itemId of [...this.#precommit.keys()]) {
      this.#precommit.delete(itemId);
      this.#items.remove(itemId);
      this.#sink.deleted(itemId);
    }
    this.#fromDelta.clear();
    const from = release(plan.from);
    this.#ledger.restart(from, plan.beforeFrom, plan.settledAfter);
    return { skip: plan.skip, anchors: plan.anchors };
  }

  /**
   * The session ended: nothing still pending can get its final any more (a transcript for audio committed on
   * a socket can never arrive on another one).
   */
  endAll(error: (itemId: string) => TranscriptionTransportError = ended): void {
    this.#precommit.clear();
    this.#fromDelta.clear();
    for (const itemId of this.#items.pendingItemIds()) {
      const item = this.#items.fail(itemId);
      if (item) this.#emit(item);
      this.#sink.failed(itemId, error(itemId));
    }
    this.#ledger = new TurnLedger();
  }

  /** Gives up on specific turns (a drained socket that died, a drain that timed out). */
  giveUp(itemIds: readonly string[], error: TranscriptionTransportError): void {
    for (const itemId of itemIds) this.#give(itemId, error);
  }

  #give(itemId: string, error: TranscriptionTransportError): void {
    const item = this.#items.fail(itemId);
    this.#settle(itemId);
    if (!item) return;
    this.#emit(item);
    this.#sink.failed(itemId, error);
  }

  #lose(turn: Turn): void {
    this.#give(
      turn.itemId,
      new TranscriptionTransportError(
        'CONNECTION_LOST',
        `The connection was lost before item ${turn.itemId} was transcribed, and its audio no longer fits the replay buffer (replayBufferMs).`,
      ),
    );
  }

  /**
   * A commit under another id than the live item its deltas made: the commit replaces the oldest such
   * item still in progress (one `item_deleted`), so history holds the turn once.
   */
  #replaceLiveItem(): void {
    for (const itemId of this.#fromDelta) {
      this.#fromDelta.delete(itemId);
      if (!this.#precommit.has(itemId) || !this.#items.isPending(itemId))
        continue;
      this.#precommit.delete(itemId);
      this.#items.remove(itemId);
      this.#sink.deleted(itemId);
      return;
    }
  }

  #trackPrecommit(itemId: string, now: number): void {
    if (this.#ledger.has(itemId)) return;
    this.#precommit.set(itemId, now);
    while (this.#precommit.size > MAX_PRECOMMIT_ITEMS) {
      const oldest = this.#precommit.keys().next().value as string;
      this.#give(
        oldest,
        new TranscriptionTransportError(
          'TRANSCRIPTION_FAILED',
          `Item ${oldest} got transcript events but was never committed, and over ${MAX_PRECOMMIT_ITEMS} such items wait; marked incomplete.`,
        ),
      );
    }
  }

  #settle(itemId: string): void {
    this.#precommit.delete(itemId);
    this.#fromDelta.delete(itemId);
    this.#ledger.settle(itemId);
    this.#sink.settled();
  }

  #emit(item: UserAudioItem | undefined): void {
    if (item) this.#sink.update(item);
  }
}
