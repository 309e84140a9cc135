// A scripted in-process WebSocket for the transport's `createWebSocket` option. It has the small
// browser-style surface (addEventListener, on<event> properties, send, close, readyState) and plays a
// transcription server that answers the handshake: session.created on open, session.updated on each
// session.update. The benchmark then pushes server events with deliver(), synchronously, so what is
// timed is the transport (and the SDK above it), not a socket, a kernel or another process.
import { sessionCreated, sessionUpdated } from './events.mjs';

export class ScriptedSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  CONNECTING = 0;
  OPEN = 1;
  CLOSING = 2;
  CLOSED = 3;
  readyState = 0;
  binaryType = 'arraybuffer';
  protocol = '';
  extensions = '';
  bufferedAmount = 0;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  /** Frames the client sent, counted (not kept: a long run must not grow here). */
  sentFrames = 0;
  sentBytes = 0;
  #listeners = new Map();

  constructor(url, { onClientEvent } = {}) {
    this.url = url;
    this.onClientEvent = onClientEvent;
    setTimeout(() => {
      this.readyState = 1;
      this.#dispatch('open', { type: 'open' });
      this.deliver(JSON.stringify(sessionCreated()));
    }, 0);
  }

  addEventListener(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
  }

  removeEventListener(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  send(data) {
    if (this.readyState !== 1) throw new Error('ScriptedSocket is not open');
    this.sentFrames++;
    this.sentBytes += data.length;
    // Audio appends are only counted; anything else may need an answer.
    if (data.length < 4096 && !data.includes('input_audio_buffer.append')) {
      const event = JSON.parse(data);
      if (
        event.type === 'session.update' ||
        event.type === 'transcription_session.update'
      ) {
        setTimeout(() => this.deliver(JSON.stringify(sessionUpdated())), 0);
      }
      this.onClientEvent?.(event);
    }
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    setTimeout(
      () =>
        this.#dispatch('close', {
          type: 'close',
          code,
          reason,
          wasClean: true,
        }),
      0,
    );
  }

  /** Delivers one server frame (a JSON string) to the client, synchronously. */
  deliver(data) {
    this.#dispatch('message', { type: 'message', data });
  }

  #dispatch(type, event) {
    const property = this[`on${type}`];
    if (typeof property === 'function') property.call(this, event);
    for (const listener of this.#listeners.get(type) ?? []) {
      if (typeof listener === 'function') listener.call(this, event);
      else listener.handleEvent(event);
    }
  }
}
