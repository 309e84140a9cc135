/**
 * Normalized settings → the configuration event on the wire. Pure; no I/O.
 *
 * `ga` (OpenAI today): `session.update` with `session.type: "transcription"` and the nested shape.
 * `legacy` (Azure, OpenAI-compatible servers): `transcription_session.update` with the flat beta shape.
 * Nothing else is ever produced: never `type: "realtime"`, never agent fields.
 */
import { wireTurnDetection } from '../config/settings-to-send.js';
import type { TranscriptionSettings } from '../config/settings.js';

export type Dialect = 'ga' | 'legacy';

export interface ConfigurationEvent {
  type: 'session.update' | 'transcription_session.update';
  event_id?: string;
  session: Record<string, unknown>;
}

const LEGACY_FORMAT: Record<string, string> = {
  'audio/pcm': 'pcm16',
  'audio/pcmu': 'g711_ulaw',
  'audio/pcma': 'g711_alaw',
};

function gaSession(settings: TranscriptionSettings): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (settings.format !== undefined) input.format = settings.format;
  if (settings.transcription !== undefined)
    input.transcription = settings.transcription;
  if (settings.noiseReduction !== undefined)
    input.noise_reduction = settings.noiseReduction;
  if (settings.turnDetection !== undefined)
    input.turn_detection = wireTurnDetection(settings.turnDetection);
  const session: Record<string, unknown> = { type: 'transcription' };
  if (Object.keys(input).length > 0) session.audio = { input };
  if (settings.include !== undefined) session.include = settings.include;
  return session;
}

function legacySession(
  settings: TranscriptionSettings,
): Record<string, unknown> {
  const session: Record<string, unknown> = {};
  if (settings.format !== undefined)
    session.input_audio_format = LEGACY_FORMAT[settings.format.type];
  if (settings.transcription !== undefined)
    session.input_audio_transcription = settings.transcription;
  if (settings.noiseReduction !== undefined)
    session.input_audio_noise_reduction = settings.noiseReduction;
  if (settings.turnDetection !== undefined)
    session.turn_detection = wireTurnDetection(settings.turnDetection);
  if (settings.include !== undefined) session.include = settings.include;
  return session;
}

/** The one configuration event for `settings` in `dialect`. */
export function configurationEvent(
  dialect: Dialect,
  settings: TranscriptionSettings,
  eventId?: string,
): ConfigurationEvent {
  const event: ConfigurationEvent =
    dialect === 'ga'
      ? { type: 'session.update', session: gaSession(settings) }
      : {
          type: 'transcription_session.update',
          session: legacySession(settings),
        };
  if (eventId !== undefined) event.event_id = eventId;
  return event;
}

/** The session as a client secret request wants it (`POST /v1/realtime/client_secrets`). */
export function clientSecretSession(
  settings: TranscriptionSettings,
): Record<string, unknown> {
  return gaSession(settings);
}
