/**
 * A small typed event emitter that behaves the same in Node and in browsers.
 *
 * Why not Node's `EventEmitter`: it throws on an `error` event without listeners, which from inside a
 * socket callback would crash the process; and the browser build must not import `node:events`.
 * `RealtimeSession` always listens for `error`, and standalone users attach their own listener.
 */
export type EventMap = Record<string, any[]>;

/**
 * Where a module sends the transport's events: the transport itself, always called as `sink.emit(…)`, so
 * whatever `emit` is at that moment (a wrapper that records events, say) sees every event.
 */
export type EventSink<Events extends EventMap> = Pick<
  TypedEmitter<Events>,
  'emit'
>;

export class TypedEmitter<Events extends EventMap> {
  readonly #listeners = new Map<
    keyof Events,
    Array<(...args: any[]) => void>
  >();

  on<K extends keyof Events>(
    type: K,
    listener: (...args: Events[K]) => void,
  ): this {
    const list = this.#listeners.get(type);
    if (list) list.push(listener);
    else this.#listeners.set(type, [listener]);
    return this;
  }

  off<K extends keyof Events>(
    type: K,
    listener: (...args: Events[K]) => void,
  ): this {
    const list = this.#listeners.get(type);
    if (!list) return this;
    const index = list.findIndex(
      (l) =>
        l === listener || (l as { listener?: unknown }).listener === listener,
    );
    if (index !== -1) list.splice(index, 1);
    if (list.length === 0) this.#listeners.delete(type);
    return this;
  }

  once<K extends keyof Events>(
    type: K,
    listener: (...args: Events[K]) => void,
  ): this {
    const wrapper = (...args: Events[K]) => {
      this.off(type, wrapper);
      listener(...args);
    };
    (wrapper as { listener?: unknown }).listener = listener;
    return this.on(type, wrapper);
  }

  /** Calls every listener in order; a listener that throws does not stop the others (it is rethrown async). */
  emit<K extends keyof Events>(type: K, ...args: Events[K]): boolean {
    const list = this.#listeners.get(type);
    if (!list || list.length === 0) return false;
    for (const listener of list.length === 1 ? list : list.slice()) {
      try {
        listener(...args);
      } catch (error) {
        // Keep the transport's state machine intact; surface the listener's bug where it can be seen.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    return true;
  }

  listenerCount<K extends keyof Events>(type: K): number {
    return this.#listeners.get(type)?.length ?? 0;
  }
}
