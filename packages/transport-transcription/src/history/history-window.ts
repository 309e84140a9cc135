/**
 * An opt-in bound on the user items `RealtimeSession` keeps: which settled items to delete, oldest first.
 *
 * Why: the SDK copies its whole history on every `item_update` (`updateRealtimeHistory`), so in a call of
 * thousands of turns each event costs milliseconds. Deleting old settled items (`item_deleted`, which the SDK
 * applies by filtering the item out) keeps that cost what it is in a short call. The transport's own events
 * (`transcript_completed` …) are unaffected: an application that needs the whole transcript keeps it there.
 *
 * Placement: the SDK inserts a new item after its `previousItemId`, and appends it at the end when that item
 * is gone. Deleting an item that a later item will be placed after would therefore misplace it. The only
 * items placed after an older one are those committed again after a reconnect (after the item before the
 * oldest turn still waiting, or after a settled turn between waiting ones). So this window only deletes from
 * the front of history, and stops at the item just before the oldest one in progress: an item still waiting
 * for its transcript holds the window open behind it (the transcript watchdog, `transcriptTimeoutMs`, bounds
 * how long). New items always go at the end, where deleting nothing before them changes their place.
 *
 * Pure: it mirrors the SDK's order from the updates it is shown and answers with ids; the transport deletes.
 */

/** The fields of an item update the window reads. */
export interface WindowItem {
  itemId: string;
  /** As in `item_update`: `null` = first, absent = append, an id = after that item. */
  previousItemId?: string | null;
  status?: string;
}

interface Node {
  itemId: string;
  settled: boolean;
  prev: Node | undefined;
  next: Node | undefined;
}

export class HistoryWindow {
  readonly #maxItems: number;
  readonly #nodes = new Map<string, Node>();
  #head: Node | undefined;
  #tail: Node | undefined;
  #settled = 0;

  /** @param maxItems settled user items to keep (a positive integer). */
  constructor(maxItems: number) {
    this.#maxItems = maxItems;
  }

  /** Items in the mirrored history (settled and in progress). */
  get size(): number {
    return this.#nodes.size;
  }

  /** Settled items in the mirrored history. */
  get settledCount(): number {
    return this.#settled;
  }

  /** The mirrored order, oldest first (for tests and diagnostics). */
  itemIds(): string[] {
    const out: string[] = [];
    for (let node = this.#head; node; node = node.next) out.push(node.itemId);
    return out;
  }

  /**
   * An `item_update` the transport emitted. Returns the ids to delete now, oldest first; the caller emits
   * `item_deleted` for each (and the window has already forgotten them).
   */
  updated(item: WindowItem): string[] {
    const settled = item.status !== undefined && item.status !== 'in_progress';
    const existing = this.#nodes.get(item.itemId);
    if (existing) {
      if (existing.settled !== settled) this.#settled += settled ? 1 : -1;
      existing.settled = settled;
    } else {
      this.#insert(item, settled);
    }
    return settled ? this.#evict() : [];
  }

  /** The item left history another way (a reconnect's replay, `session.updateHistory()`). */
  deleted(itemId: string): void {
    const node = this.#nodes.get(itemId);
    if (!node) return;
    this.#unlink(node);
  }

  /** Forgets everything (a new `connect()`: the SDK's history starts empty). */
  reset(): void {
    this.#nodes.clear();
    this.#head = this.#tail = undefined;
    this.#settled = 0;
  }

  #insert(item: WindowItem, settled: boolean): void {
    const node: Node = {
      itemId: item.itemId,
      settled,
      prev: undefined,
      next: undefined,
    };
    // The SDK's rule: null → front; a known id → after it; absent or unknown → end.
    const after =
      item.previousItemId === null
        ? undefined
        : item.previousItemId === undefined
          ? this.#tail
          : (this.#nodes.get(item.previousItemId) ?? this.#tail);
    if (after) {
      node.prev = after;
      node.next = after.next;
      if (after.next) after.next.prev = node;
      else this.#tail = node;
      after.next = node;
    } else {
      node.next = this.#head;
      if (this.#head) this.#head.prev = node;
      else this.#tail = node;
      this.#head = node;
    }
    this.#nodes.set(item.itemId, node);
    if (settled) this.#settled++;
  }

  #evict(): string[] {
    const out: string[] = [];
    while (this.#settled > this.#maxItems) {
      const head = this.#head;
      // Stop at an item in progress, or at the one a waiting item may be placed after again.
      if (!head || !head.settled || !head.next || !head.next.settled) break;
      this.#unlink(head);
      out.push(head.itemId);
    }
    return out;
  }

  #unlink(node: Node): void {
    if (node.prev) node.prev.next = node.next;
    else this.#head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.#tail = node.prev;
    node.prev = node.next = undefined;
    this.#nodes.delete(node.itemId);
    if (node.settled) this.#settled--;
  }
}
