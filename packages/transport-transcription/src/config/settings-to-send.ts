/**
 * The settings to send to one server session, given what the user asked for and what the server reports:
 * fill gaps, never clobber. A session minted from a client secret keeps its preset unless the user
 * overrides it; a field the server already has is not sent again. Pure; no I/O.
 */
import { TranscriptionTransportError } from '../errors.js';
import type { WireSession, WireTranscription } from '../wire/wire-session.js';
import { normalizeWireFormat } from '../wire/wire-session.js';
import {
  assertModelAccepts,
  traitsOf,
  withoutUnsupported,
} from './model-rules.js';
import {
  defaultModelFor,
  sameValue,
  type TranscriptionModelOptions,
  type TranscriptionSettings,
  type TranscriptionTurnDetection,
} from './settings.js';

function withoutNulls(
  t: WireTranscription | null | undefined,
): TranscriptionModelOptions {
  const out: Record<string, unknown> = {};
  if (t)
    for (const [k, v] of Object.entries(t))
      if (v !== null && v !== undefined) out[k] = v;
  return out as TranscriptionModelOptions;
}

/** The turn detection in wire shape (`client_vad` is `null`: the server must run none); for the configuration event too. */
export function wireTurnDetection(
  t: TranscriptionTurnDetection | undefined,
): Record<string, unknown> | null | undefined {
  if (t === undefined || t === null) return t;
  // The client detects the turns: the server must run none.
  if (t.type === 'client_vad') return null;
  if (t.type === 'semantic_vad') return { ...t };
  const out: Record<string, unknown> = { type: t.type };
  if (t.threshold !== undefined) out.threshold = t.threshold;
  if (t.prefixPaddingMs !== undefined)
    out.prefix_padding_ms = t.prefixPaddingMs;
  if (t.silenceDurationMs !== undefined)
    out.silence_duration_ms = t.silenceDurationMs;
  return out;
}

/** True when every field `wanted` sets already has that value on the server. */
function serverHas(
  wanted: Record<string, unknown>,
  server: Record<string, unknown> | null | undefined,
): boolean {
  if (!server) return false;
  return Object.entries(wanted).every(([k, v]) => sameValue(v, server[k]));
}

/**
 * The settings to send, given what the user asked for and what the server reports (`session.created` or
 * the last `session.updated`). Returns `undefined` when the server already has everything.
 * Throws `CONFIG_CONFLICT` when an explicit setting contradicts the model the session ends up with.
 */
export function settingsToSend(
  explicit: TranscriptionSettings,
  server: WireSession | undefined,
): TranscriptionSettings | undefined {
  const current = server?.audio?.input ?? {};
  const out: TranscriptionSettings = {};

  if (
    explicit.format &&
    !sameValue(explicit.format, normalizeWireFormat(current.format))
  )
    out.format = explicit.format;

  const serverTranscription = current.transcription
    ? withoutNulls(current.transcription)
    : undefined;
  let model = explicit.transcription?.model ?? serverTranscription?.model;
  if (explicit.transcription === null) {
    if (current.transcription !== null) out.transcription = null;
  } else if (explicit.transcription || !serverTranscription?.model) {
    // Send a whole transcription object: the server may replace the object rather than merge fields.
    model ??= defaultModelFor(explicit.turnDetection);
    const wanted = explicit.transcription ?? {};
    const inherited = withoutUnsupported(model, { ...serverTranscription });
    if (wanted.languages) delete inherited.language;
    if (wanted.language) delete inherited.languages;
    const merged = { ...inherited, ...wanted, model };
    if (!sameValue(merged, serverTranscription)) out.transcription = merged;
  }
  assertModelAccepts(model, explicit.transcription, explicit.turnDetection);

  if (
    explicit.noiseReduction !== undefined &&
    // The server echoes `strength` once enabled: only the fields asked for are compared.
    !(explicit.noiseReduction === null
      ? (current.noise_reduction ?? null) === null
      : serverHas(explicit.noiseReduction, current.noise_reduction))
  ) {
    out.noiseReduction = explicit.noiseReduction;
  }

  if (explicit.turnDetection !== undefined) {
    const wanted = wireTurnDetection(explicit.turnDetection);
    const same =
      wanted === null
        ? current.turn_detection === null
        : serverHas(
            wanted!,
            current.turn_detection as Record<string, unknown> | null,
          );
    if (!same)
      out.turnDetection =
        explicit.turnDetection?.type === 'client_vad'
          ? null
          : explicit.turnDetection;
  } else if (
    traitsOf(model)?.preferNoTurnDetection &&
    current.turn_detection !== null
  ) {
    out.turnDetection = null;
  }

  if (explicit.include && !sameValue(explicit.include, server?.include ?? []))
    out.include = explicit.include;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Settings only the GA shape has: `noise_reduction.strength` is a GA field; the legacy
 * `input_audio_noise_reduction` takes only `type` (the simulator's legacy dialect refuses it as an unknown
 * parameter), so it is refused before anything is sent rather than by the server.
 */
export function assertDialectAccepts(
  dialect: 'ga' | 'legacy',
  settings: TranscriptionSettings,
): void {
  if (dialect === 'legacy' && settings.noiseReduction?.strength !== undefined)
    throw new TranscriptionTransportError(
      'CONFIG_CONFLICT',
      `noiseReduction.strength is only sent in the GA dialect; the legacy transcription_session.update takes input_audio_noise_reduction.type only. Remove strength or use dialect 'ga'.`,
    );
}
