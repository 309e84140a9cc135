/**
 * What every socket of one transport is opened and configured with: the URL, the key source, the explicit
 * settings in effect and the dialect. `connect()` checks all of it before any I/O; a reconnect attempt or a
 * rotation's candidate then opens through the same path with a fresh key, and a settings change reaches
 * each socket once (`connection.configuredWith` says what it already has).
 */
import type {
  RealtimeSessionConfig,
  RealtimeTransportLayerConnectOptions,
} from '@openai/agents-realtime';
import type { AudioInput } from '../audio/audio-input.js';
import {
  DEFAULTS,
  type OpenAIRealtimeTranscriptionWebSocketOptions,
} from '../config/options.js';
import { explicitSettings } from '../config/explicit-settings.js';
import {
  inertTurnDetectionWarning,
  modelInEffect,
  shutdownWarning,
} from '../config/model-in-effect.js';
import { sameValue } from '../config/settings.js';
import {
  assertDialectAccepts,
  settingsToSend,
} from '../config/settings-to-send.js';
import type { ConfigWarning } from '../config/warnings.js';
import type { TranscriptionSettings } from '../config/settings.js';
import { redactSecrets } from '../errors.js';
import type { Platform } from '../platform/platform.js';
import {
  configurationEvent,
  type Dialect,
} from '../wire/configuration-event.js';
import { OPEN, resolveApiKey, transcriptionUrl } from '../wire/url-and-auth.js';
import type { Connection, ConnectionHooks } from './connection.js';
import {
  checkKey,
  openAnotherConnection,
  openConnection,
  type OpenContext,
} from './open-connection.js';

/** What the connector reads from the transport, and where its sockets report. */
export interface ConnectorDeps {
  /** Where each socket's events, end and health go. */
  events: Pick<ConnectionHooks, 'onEvent' | 'onEnd' | 'onHealthy'>;
  /**
   * The send path: a new socket starts with its codec (until its server reports a format), and its audio at
   * the replay buffer's start.
   */
  input: AudioInput;
  /** A `warning` (or, unheard, a console line). */
  warn(warning: ConfigWarning): void;
}

/** Opens and configures the transport's sockets; see the file comment. */
export class Connector {
  #explicit: TranscriptionSettings = {};
  #apiKeySource: RealtimeTransportLayerConnectOptions['apiKey'] | undefined;
  #url = '';
  /** Configuration warnings already given, by field: each is given once per transport. */
  readonly #warned = new Set<string>();
  readonly #options: OpenAIRealtimeTranscriptionWebSocketOptions;
  readonly #platform: Platform;
  readonly #deps: ConnectorDeps;

  constructor(
    options: OpenAIRealtimeTranscriptionWebSocketOptions,
    platform: Platform,
    deps: ConnectorDeps,
  ) {
    this.#options = options;
    this.#platform = platform;
    this.#deps = deps;
  }

  /** The explicit transcription settings in effect (the constructor's, then connect's and updates'). */
  get explicit(): TranscriptionSettings {
    return this.#explicit;
  }

  /** Which configuration event the server takes (`'ga'` unless the options say `'legacy'`). */
  get dialect(): Dialect {
    return this.#options.dialect ?? 'ga';
  }

  /**
   * Everything `connect()` can refuse, checked before any I/O: settings, URL and key. Then takes them as the
   * session's and returns the key for the first socket.
   */
  async prepare(
    options: RealtimeTransportLayerConnectOptions,
  ): Promise<string> {
    const explicit = explicitSettings(
      this.#options.session,
      options.initialSessionConfig,
    );
    assertDialectAccepts(this.dialect, explicit.settings);
    const url = transcriptionUrl(options.url ?? this.#options.url);
    const apiKeySource = options.apiKey ?? this.#options.apiKey;
    const apiKey = checkKey(
      await resolveApiKey(apiKeySource),
      this.#platform,
      this.#options.useInsecureApiKey,
    );
    this.#warn(explicit.warnings);
    this.#explicit = explicit.settings;
    this.#apiKeySource = apiKeySource;
    this.#url = url;
    return apiKey;
  }

  /** The first socket of a session, with the key {@link prepare} returned; its audio starts at 0. */
  open(apiKey: string, wanted: () => boolean): Promise<Connection> {
    return openConnection(this.#context(), apiKey, 0, wanted);
  }

  /** A socket for a reconnect attempt or a rotation, with a fresh key; `undefined` once not `wanted()`. */
  openNext(wanted: () => boolean): Promise<Connection | undefined> {
    return openAnotherConnection(
      this.#context(),
      this.#apiKeySource,
      () => this.#deps.input.outbox.replay.start,
      wanted,
    );
  }

  /**
   * `updateSessionConfig`: checks the change and takes it; returns whether a transcription setting changed
   * (agent fields are dropped, one warning each).
   */
  update(config: Partial<RealtimeSessionConfig>): boolean {
    const explicit = explicitSettings(this.#options.session, config);
    assertDialectAccepts(this.dialect, explicit.settings);
    this.#warn(explicit.warnings);
    if (sameValue(explicit.settings, this.#explicit)) return false;
    this.#explicit = explicit.settings;
    return true;
  }

  /** Sends the settings again if they changed since `connection` was configured. */
  configure(connection: Connection): void {
    const explicit = this.#explicit;
    // The model may be known only now (a client-secret preset names it): warn about it once it is.
    const model = modelInEffect(explicit, connection.session);
    for (const warning of [
      shutdownWarning(model),
      inertTurnDetectionWarning(model, explicit.turnDetection),
    ])
      if (warning) this.#warn([warning]);
    if (sameValue(connection.configuredWith, explicit)) return;
    connection.configuredWith = explicit;
    const settings = settingsToSend(explicit, connection.session);
    if (settings && connection.socket.readyState === OPEN)
      connection.socket.send(
        JSON.stringify(configurationEvent(this.dialect, settings)),
      );
  }

  /** How this transport opens every connection (connect, reconnect, rotation). */
  #context(): OpenContext {
    const options = this.#options;
    const deps = this.#deps;
    return {
      url: this.#url,
      platform: this.#platform,
      createWebSocket: options.createWebSocket,
      useInsecureApiKey: options.useInsecureApiKey,
      plan: {
        explicit: () => this.#explicit,
        settingsFor: (explicit, server) => settingsToSend(explicit, server),
        dialect: this.dialect,
      },
      settings: () => ({
        encodeBase64: this.#platform.encodeBase64,
        highWaterMark:
          options.backpressure?.highWaterMark ?? DEFAULTS.highWaterMark,
        liveness: options.liveness,
        connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        codec: deps.input.codec,
      }),
      hooks: {
        ...deps.events,
        // Every dropped frame may be a lost transcript: a `warning` each time (the console hears once per field).
        onProblem: (_c, problem) =>
          deps.warn({ field: problem.field, message: problem.message }),
        onFault: (c, error) =>
          deps.warn({
            field: 'server',
            message: `A server frame could not be handled and was dropped: ${redactSecrets(String((error as Error)?.message ?? error), c.apiKey)}`,
          }),
      },
    };
  }

  #warn(warnings: ConfigWarning[]): void {
    for (const warning of warnings) {
      if (this.#warned.has(warning.field)) continue;
      this.#warned.add(warning.field);
      this.#deps.warn(warning);
    }
  }
}
