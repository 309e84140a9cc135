/**
 * Per-item transcript state → the SDK's history items. Pure; no I/O.
 *
 * Items are created when audio is committed, so history order is commit order whatever order the
 * transcripts arrive in. Deltas build the partial text, `completed` replaces it with the final text,
 * `failed` marks the item `incomplete`. `conversation.item.added/done` carry `transcript: null` and
 * never wipe text already known.
 */
import type { RealtimeMessageItem } from '@openai/agents-realtime';

/** A user item as `RealtimeSession` stores it. */
export type UserAudioItem = Extract<RealtimeMessageItem, { role: 'user' }>;

type Status = UserAudioItem['status'];

interface ItemState {
  previousItemId: string | null;
  text: string | null;
  status: Status;
}

export interface TranscriptItemsOptions {
  /**
   * How many settled (completed or failed) items to remember. Older ones are forgotten so memory stays
   * flat in sessions that run for hours; their transcripts live on in the application's history.
   */
  maxSettled?: number;
}

export class TranscriptItems {
  readonly #items = new Map<string, ItemState>();
  readonly #removed = new Set<string>();
  readonly #maxSettled: number;
  /** Settled item ids, oldest first: forgetting takes from the front in constant time. */
  readonly #settledOrder = new Set<string>();
  #lastItemId: string | null = null;

  constructor(options: TranscriptItemsOptions = {}) {
    this.#maxSettled = options.maxSettled ?? 64;
  }

  /** The id of the most recently created item, or `null`. */
  get lastItemId(): string | null {
    return this.#lastItemId;
  }

  /** Ids of items still waiting for their final transcript, in commit order. */
  pendingItemIds(): string[] {
    const out: string[] = [];
    for (const [id, state] of this.#items)
      if (state.status === 'in_progress') out.push(id);
    return out;
  }

  has(itemId: string): boolean {
    return this.#items.has(itemId);
  }

  /** The partial or final text of an item. */
  textOf(itemId: string): string | null {
    return this.#items.get(itemId)?.text ?? null;
  }

  /**
   * Audio was committed as `itemId`. Returns the new item, or `undefined` if it is already known.
   * The predecessor is the server's when we know it, else the last item we made: after a reconnect the
   * server starts a new chain (`previous_item_id: null`), and `null` would put the item at the front.
   */
  commit(
    itemId: string,
    serverPreviousItemId: string | null,
    previousOverride?: string | null,
  ): UserAudioItem | undefined {
    if (this.#items.has(itemId) || this.#removed.has(itemId)) return undefined;
    // The override places an item committed again after a reconnect where its first commit was.
    const previousItemId =
      previousOverride !== undefined
        ? previousOverride
        : serverPreviousItemId !== null && this.#items.has(serverPreviousItemId)
          ? serverPreviousItemId
          : this.#lastItemId;
    const state: ItemState = {
      previousItemId,
      text: null,
      status: 'in_progress',
    };
    this.#items.set(itemId, state);
    this.#lastItemId = itemId;
    return toItem(itemId, state);
  }

  /** A `conversation.item.added/done/created`: creates the item if unknown; text is only ever added. */
  added(
    itemId: string,
    serverPreviousItemId: string | null,
    transcript: string | null,
  ): UserAudioItem | undefined {
    const state = this.#items.get(itemId);
    if (!state) {
      const created = this.commit(itemId, serverPreviousItemId);
      if (created && transcript !== null)
        return this.#set(itemId, { text: transcript });
      return created;
    }
    if (transcript !== null && state.text === null)
      return this.#set(itemId, { text: transcript });
    return undefined;
  }

  /**
   * A transcript delta. `replace` is for models whose deltas carry the whole text so far (`whisper-1`).
   * Returns the updated item, or `undefined` when the item is settled or was removed.
   */
  delta(
    itemId: string,
    delta: string,
    replace = false,
  ): UserAudioItem | undefined {
    const state = this.#ensure(itemId);
    if (!state || state.status !== 'in_progress') return undefined;
    return this.#set(itemId, {
      text: replace ? delta : (state.text ?? '') + delta,
    });
  }

  /** The final transcript. Returns the updated item, or `undefined` for a removed item. */
  complete(itemId: string, transcript: string): UserAudioItem | undefined {
    if (!this.#ensure(itemId)) return undefined;
    return this.#set(itemId, { text: transcript, status: 'completed' });
  }

  /** Transcription failed (or will never arrive). Keeps any partial text; returns `undefined` if settled. */
  fail(itemId: string): UserAudioItem | undefined {
    const state = this.#ensure(itemId);
    if (!state || state.status !== 'in_progress') return undefined;
    return this.#set(itemId, { status: 'incomplete' });
  }

  /** Whether the item is known and still waits for its final transcript. */
  isPending(itemId: string): boolean {
    return this.#items.get(itemId)?.status === 'in_progress';
  }

  /** Whether the item has its final transcript. */
  isCompleted(itemId: string): boolean {
    return this.#items.get(itemId)?.status === 'completed';
  }

  /** Whether the item was removed or, settled long ago, forgotten: its late events are ignored. */
  isRemoved(itemId: string): boolean {
    return this.#removed.has(itemId);
  }

  /** How many items are remembered (bounded by `maxSettled` plus the pending ones). */
  get size(): number {
    return this.#items.size;
  }

  /**
   * The item was removed from history (by the application, or by the transport because its audio is
   * transcribed again on a new socket): forget it and ignore its late events. The ids of removed items are
   * remembered up to `maxSettled` of them, so memory stays flat.
   */
  remove(itemId: string): void {
    this.#settledOrder.delete(itemId);
    this.#items.delete(itemId);
    this.#retire(itemId);
    if (this.#lastItemId === itemId)
      this.#lastItemId = [...this.#items.keys()].at(-1) ?? null;
  }

  #ensure(itemId: string): ItemState | undefined {
    if (this.#removed.has(itemId)) return undefined;
    if (!this.#items.has(itemId)) this.commit(itemId, null);
    return this.#items.get(itemId);
  }

  #set(itemId: string, change: Partial<ItemState>): UserAudioItem {
    const state = this.#items.get(itemId)!;
    const wasPending = state.status === 'in_progress';
    Object.assign(state, change);
    if (wasPending && state.status !== 'in_progress') {
      this.#settledOrder.add(itemId);
      this.#forgetOldSettled();
    }
    return toItem(itemId, state);
  }

  #forgetOldSettled(): void {
    for (const id of this.#settledOrder) {
      if (this.#settledOrder.size <= this.#maxSettled) break;
      // The newest item anchors the next commit's place in history; keep it.
      if (id === this.#lastItemId) continue;
      this.#settledOrder.delete(id);
      this.#items.delete(id);
      this.#retire(id);
    }
  }

  /**
   * Remembers (boundedly) an id whose late events must be ignored: a removed item, or a settled one we
   * forgot. Without this, a late delta for a forgotten item would re-create it and wipe its final text.
   */
  #retire(itemId: string): void {
    this.#removed.add(itemId);
    if (this.#removed.size > RETIRED_IDS) {
      const oldest = this.#removed.values().next().value;
      if (oldest !== undefined) this.#removed.delete(oldest);
    }
  }
}

/** How many removed or forgotten ids are remembered; late events are rare and arrive soon after. */
const RETIRED_IDS = 1024;

/** A fresh object per update: the SDK and UI frameworks compare items by reference. */
function toItem(itemId: string, state: ItemState): UserAudioItem {
  return {
    itemId,
    previousItemId: state.previousItemId,
    type: 'message',
    role: 'user',
    status: state.status,
    content: [{ type: 'input_audio', transcript: state.text }],
  };
}
