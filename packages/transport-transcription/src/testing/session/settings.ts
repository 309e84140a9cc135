/**
 * The effective transcription session of one connection: defaults, partial merges and the wire views
 * (`session.created`/`session.updated` in the GA shape, `transcription_session.updated` in the legacy one).
 */
type Json = Record<string, unknown>;

/** The session's audio input settings, kept in the GA wire (snake_case) shape. */
export interface SessionSettings {
  format:
    | { type: 'audio/pcm'; rate: number }
    | { type: 'audio/pcmu' }
    | { type: 'audio/pcma' };
  transcription: Json | null;
  noise_reduction: NoiseReduction | null;
  turn_detection: Json | null;
  include: string[] | null;
}

/** Noise reduction once enabled: `strength` is always known (it defaults to 1, issue 12). */
export interface NoiseReduction {
  type: string;
  strength: number;
}

/** A validated `session.update` body without `type`: only the fields present are applied. */
export interface SessionPatch {
  audio?: {
    input?: Partial<Omit<SessionSettings, 'noise_reduction'>> & {
      noise_reduction?: { type?: string; strength?: number } | null;
    };
  };
  include?: string[] | null;
}

/** The server VAD the real server starts with (VERIFIED [CAP-0918] §3.5: 0.5 / 300 / 200). */
const SERVER_VAD_DEFAULTS = {
  type: 'server_vad',
  threshold: 0.5,
  prefix_padding_ms: 300,
  silence_duration_ms: 200,
};
/** INFERRED: `auto` is what the schema documents as the default eagerness. */
const SEMANTIC_VAD_DEFAULTS = { type: 'semantic_vad', eagerness: 'auto' };

/** What a bare `?intent=transcription` connection gets (VERIFIED [CAP-0918]). */
export function defaultSettings(): SessionSettings {
  return {
    format: { type: 'audio/pcm', rate: 24000 },
    transcription: null,
    noise_reduction: null,
    turn_detection: { ...SERVER_VAD_DEFAULTS },
    include: null,
  };
}

/** Applies a validated patch; returns a new object so a refused follow-up check can discard it whole. */
export function applyPatch(
  current: SessionSettings,
  patch: SessionPatch,
): SessionSettings {
  const next: SessionSettings = { ...current };
  const input = patch.audio?.input ?? {};
  if (input.format !== undefined) {
    next.format =
      input.format.type === 'audio/pcm'
        ? { type: 'audio/pcm', rate: input.format.rate ?? 24000 }
        : input.format;
  }
  if (input.transcription !== undefined) {
    // Fields merge: "a session.update can set a language but never clear one" ([LK-STT], protocol.md §3.3).
    next.transcription =
      input.transcription === null
        ? null
        : { ...(current.transcription ?? {}), ...input.transcription };
  }
  if (input.noise_reduction !== undefined)
    next.noise_reduction = mergeNoiseReduction(
      current.noise_reduction,
      input.noise_reduction,
    );
  if (input.turn_detection !== undefined)
    next.turn_detection = mergeTurnDetection(
      current.turn_detection,
      input.turn_detection,
    );
  if (patch.include !== undefined) next.include = patch.include;
  return next;
}

/**
 * `strength` defaults to 1 when noise reduction is enabled, and omitting it keeps the current value (issue 12);
 * INFERRED: switching `type` keeps the strength too. `applyUpdate` refuses a typeless object while it is off.
 */
function mergeNoiseReduction(
  current: NoiseReduction | null,
  update: { type?: string; strength?: number } | null,
): NoiseReduction | null {
  if (update === null) return null;
  return {
    type: update.type ?? current?.type ?? 'near_field',
    strength: update.strength ?? current?.strength ?? 1,
  };
}

/** Same VAD type: fields merge; another type (or from null): that type's defaults fill what is not given. */
function mergeTurnDetection(
  current: Json | null,
  update: Json | null,
): Json | null {
  if (update === null) return null;
  if (current !== null && current.type === update.type)
    return { ...current, ...update };
  const defaults =
    update.type === 'semantic_vad'
      ? SEMANTIC_VAD_DEFAULTS
      : SERVER_VAD_DEFAULTS;
  return { ...defaults, ...update };
}

/** The transcription object as the server echoes it: `language` and `prompt` always present (§3.5). */
function echoTranscription(transcription: Json | null): Json | null {
  if (transcription === null) return null;
  const { model, language, prompt, ...rest } = transcription;
  return {
    model: model ?? null,
    language: language ?? null,
    prompt: prompt ?? null,
    ...rest,
  };
}

/** The GA `session` object of `session.created` / `session.updated`. */
export function gaSessionView(
  id: string,
  expiresAt: number,
  settings: SessionSettings,
): Json {
  return {
    type: 'transcription',
    object: 'realtime.transcription_session',
    id,
    expires_at: expiresAt,
    audio: {
      input: {
        format: settings.format,
        transcription: echoTranscription(settings.transcription),
        noise_reduction: settings.noise_reduction,
        turn_detection: settings.turn_detection,
      },
    },
    include: settings.include,
  };
}

const LEGACY_FORMATS: Record<string, string> = {
  'audio/pcm': 'pcm16',
  'audio/pcmu': 'g711_ulaw',
  'audio/pcma': 'g711_alaw',
};

/** The flat beta `session` object of `transcription_session.updated` ([CAP-DE-1205] §3.2). */
export function legacySessionView(
  id: string,
  expiresAt: number,
  settings: SessionSettings,
): Json {
  return {
    object: 'realtime.transcription_session',
    id,
    expires_at: expiresAt,
    input_audio_noise_reduction: settings.noise_reduction,
    turn_detection: settings.turn_detection,
    input_audio_format: LEGACY_FORMATS[settings.format.type],
    input_audio_transcription: echoTranscription(settings.transcription),
    client_secret: null,
    include: settings.include,
  };
}

/** Maps the beta format names onto the GA format objects. */
export function formatFromLegacy(name: string): SessionSettings['format'] {
  if (name === 'g711_ulaw') return { type: 'audio/pcmu' };
  if (name === 'g711_alaw') return { type: 'audio/pcma' };
  return { type: 'audio/pcm', rate: 24000 };
}
