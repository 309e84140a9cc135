/**
 * An in-memory `WebSocketLike` for fast tests (property tests run hundreds of sessions): frames are
 * delivered synchronously, and server frames sent before the transport listens are held until it does.
 */
import type { WebSocketLike } from '../../src/wire/url-and-auth.js';

type Listener = (event: any) => void;

export class FakeSocket implements WebSocketLike {
  readyState = 1;
  /** Every client frame, parsed. */
  readonly sent: Array<{ type: string; [key: string]: any }> = [];
  readonly #listeners = new Map<string, Listener[]>();
  readonly #held: string[] = [];
  /** Called for each client frame; answer with `serverSend`. */
  onClientEvent: (event: { type: string; [key: string]: any }) => void =
    () => {};

  send(data: string): void {
    const event = JSON.parse(data);
    this.sent.push(event);
    this.onClientEvent(event);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.#dispatch('close', { code, reason });
  }

  addEventListener(type: string, listener: Listener): void {
    const list = this.#listeners.get(type) ?? [];
    list.push(listener);
    this.#listeners.set(type, list);
    if (type === 'message' && this.#held.length > 0) {
      queueMicrotask(() => {
        for (const data of this.#held.splice(0))
          this.#dispatch('message', { data });
      });
    }
  }

  removeEventListener(type: string, listener: Listener): void {
    const list = this.#listeners.get(type) ?? [];
    const i = list.indexOf(listener);
    if (i !== -1) list.splice(i, 1);
  }

  /** Sends a server event to the client. */
  serverSend(event: Record<string, unknown>): void {
    const data = JSON.stringify(event);
    if ((this.#listeners.get('message') ?? []).length === 0)
      this.#held.push(data);
    else this.#dispatch('message', { data });
  }

  /** The server closes the socket with `code`. */
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.#dispatch('close', { code, reason });
  }

  #dispatch(type: string, event: unknown): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])])
      listener(event);
  }
}
