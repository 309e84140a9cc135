/**
 * The setup handshake of one socket: `session.created` → our configuration → `session.updated`, bounded by
 * a timeout. Settles exactly once; a second `session.created` while our update is on its way sends nothing.
 */
import {
  redactSecrets,
  TranscriptionTransportError,
  type ServerErrorDetail,
} from '../errors.js';
import type { TranscriptionSettings } from '../config/settings.js';
import {
  configurationEvent,
  type Dialect,
} from '../wire/configuration-event.js';
import type { WireSession } from '../wire/wire-session.js';

let setupCounter = 0;

/** What the handshake sends, derived from what the server reports. */
export interface HandshakePlan {
  /** What to send; `undefined` when the server's session already fits. Throws a conflict as a setup failure. */
  settingsFor(server: WireSession): TranscriptionSettings | undefined;
  dialect: Dialect;
}

export class SetupHandshake {
  /** Settles when the session is configured, or with the reason it cannot be. */
  readonly done: Promise<void>;
  /** The `event_id` of our configuration event once sent; an error carrying it is its refusal. */
  #updateEventId: string | undefined;
  #settled = false;
  #resolve!: () => void;
  #reject!: (error: TranscriptionTransportError) => void;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #plan: HandshakePlan;
  readonly #send: (text: string) => void;

  constructor(
    plan: HandshakePlan,
    timeoutMs: number,
    send: (text: string) => void,
  ) {
    this.#plan = plan;
    this.#send = send;
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#timer = setTimeout(() => {
      const waitingFor = this.#updateEventId
        ? 'session.updated'
        : 'session.created';
      this.fail(
        new TranscriptionTransportError(
          'CONNECT_TIMEOUT',
          `The server did not send ${waitingFor} within ${timeoutMs} ms.`,
        ),
      );
    }, timeoutMs);
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** The handshake's next step on `session.created`/`session.updated`. */
  onSession(phase: 'created' | 'updated', server: WireSession): void {
    if (this.#settled) return;
    if (phase === 'updated') {
      if (this.#updateEventId) this.#finish();
      return;
    }
    // A second `session.created` while our update is answered would configure the session twice.
    if (this.#updateEventId) return;
    let settings: TranscriptionSettings | undefined;
    try {
      settings = this.#plan.settingsFor(server);
    } catch (error) {
      return this.fail(error as TranscriptionTransportError);
    }
    if (!settings) return this.#finish();
    this.#updateEventId = `transcription_setup_${++setupCounter}`;
    this.#send(
      JSON.stringify(
        configurationEvent(this.#plan.dialect, settings, this.#updateEventId),
      ),
    );
  }

  /**
   * A server `error` while the setup runs. The refusal of our update fails the setup with
   * `SESSION_UPDATE_REJECTED` (a refused update is discarded whole); any other error is left to the close that
   * follows it. Returns `false` once the setup is over (the error is the transport's then).
   */
  onError(error: ServerErrorDetail, apiKey: string): boolean {
    if (this.#settled) return false;
    if (
      this.#updateEventId &&
      (error.event_id == null || error.event_id === this.#updateEventId)
    ) {
      const message = redactSecrets(error.message ?? 'unknown error', apiKey);
      this.fail(
        new TranscriptionTransportError(
          'SESSION_UPDATE_REJECTED',
          `The server refused the transcription settings: ${message}`,
          { serverError: error },
        ),
      );
    }
    return true;
  }

  fail(error: TranscriptionTransportError): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#reject(error);
  }

  #finish(): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#resolve();
  }
}
