/**
 * Validation of `session.update` (GA) and `transcription_session.update` (legacy dialect) the way the real
 * server does it: the first offending field is named by its dotted path, and a refused update changes nothing.
 */
import { eventErrors, type WireError } from '../errors.js';
import { TRANSCRIPTION_MODELS } from './model-rules.js';
import { check, type SchemaNode } from './schema.js';
import { formatFromLegacy, type SessionPatch } from './settings.js';

type Json = Record<string, unknown>;

const str: SchemaNode = { kind: 'string' };
const strings: SchemaNode = { kind: 'array', items: str };
const include: SchemaNode = {
  kind: 'array',
  items: { kind: 'enum', values: ['item.input_audio_transcription.logprobs'] },
  nullable: true,
};
const noiseReductionType: SchemaNode = {
  kind: 'enum',
  values: ['near_field', 'far_field'],
};
/** The beta shape: only `type`. */
const noiseReduction: SchemaNode = {
  kind: 'object',
  fields: { type: noiseReductionType },
  nullable: true,
};
/**
 * GA `noise_reduction` with `strength` (issue 12: a number, 1 by default when enabled). INFERRED range 0–1:
 * the default is the strongest setting, and no bound has been captured.
 */
const gaNoiseReduction: SchemaNode = {
  kind: 'object',
  fields: {
    type: noiseReductionType,
    strength: { kind: 'number', min: 0, max: 1 },
  },
  nullable: true,
};
const msField: SchemaNode = { kind: 'integer', min: 0 };
const serverVadFields = {
  type: str,
  threshold: { kind: 'number', min: 0, max: 1 },
  prefix_padding_ms: msField,
  silence_duration_ms: msField,
} satisfies Record<string, SchemaNode>;

/**
 * The GA transcription session schema ([SPEC] `RealtimeTranscriptionSessionCreateRequestGA`). VAD objects carry
 * only what the transcription response schema echoes, so `create_response`, `interrupt_response` and
 * `idle_timeout_ms` are unknown parameters here (INFERRED from the beta server's refusal, protocol.md §3.2).
 */
const GA_SESSION: SchemaNode = {
  kind: 'object',
  fields: {
    type: str,
    audio: {
      kind: 'object',
      fields: {
        input: {
          kind: 'object',
          fields: {
            format: {
              kind: 'variants',
              variants: {
                'audio/pcm': {
                  kind: 'object',
                  fields: {
                    type: str,
                    rate: { kind: 'integer', min: 24000, max: 24000 },
                  },
                },
                'audio/pcmu': { kind: 'object', fields: { type: str } },
                'audio/pcma': { kind: 'object', fields: { type: str } },
              },
            },
            transcription: {
              kind: 'object',
              nullable: true,
              fields: {
                model: { kind: 'enum', values: TRANSCRIPTION_MODELS },
                language: str,
                languages: { kind: 'array', items: str, minItems: 1 },
                prompt: str,
                keywords: strings,
                delay: {
                  kind: 'enum',
                  values: ['minimal', 'low', 'medium', 'high', 'xhigh'],
                },
              },
            },
            noise_reduction: gaNoiseReduction,
            turn_detection: {
              kind: 'variants',
              nullable: true,
              variants: {
                server_vad: { kind: 'object', fields: serverVadFields },
                semantic_vad: {
                  kind: 'object',
                  fields: {
                    type: str,
                    eagerness: {
                      kind: 'enum',
                      values: ['low', 'medium', 'high', 'auto'],
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    include,
  },
};

/** Fields only a realtime (conversation) session has; their presence marks a realtime-shaped update. */
const REALTIME_ONLY_FIELDS = new Set([
  'model',
  'instructions',
  'voice',
  'output_modalities',
  'modalities',
  'tools',
  'tool_choice',
  'temperature',
  'max_output_tokens',
  'max_response_output_tokens',
  'tracing',
  'truncation',
  'prompt',
  'reasoning',
  'speed',
  'input_audio_format',
  'output_audio_format',
  'input_audio_transcription',
  'input_audio_noise_reduction',
]);

/** Outcome of validating an update: a patch to merge, or the error that refuses it whole. */
export type UpdateResult =
  { ok: true; patch: SessionPatch } | { ok: false; error: WireError };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the event envelope shared by both update kinds: only `type`, `event_id` and an object `session`. */
function checkEnvelope(event: Json): { error: WireError } | { session: Json } {
  for (const key of Object.keys(event)) {
    if (key !== 'type' && key !== 'event_id' && key !== 'session')
      return { error: eventErrors.unknownParameter(key) };
  }
  if (event.session === undefined)
    return { error: eventErrors.missingParameter('session') };
  if (!isObject(event.session)) {
    // `check` against an object node yields the server's `invalid_type` wording for whatever was sent.
    return {
      error: check(
        { kind: 'object', fields: {} },
        event.session,
        'session',
      ) as WireError,
    };
  }
  return { session: event.session };
}

/** Validates a GA `session.update` event sent to a transcription session. */
export function validateSessionUpdate(event: Json): UpdateResult {
  const envelope = checkEnvelope(event);
  if ('error' in envelope) return { ok: false, error: envelope.error };
  const session = envelope.session;
  const realtimeShaped =
    Object.keys(session).some((key) => REALTIME_ONLY_FIELDS.has(key)) ||
    (isObject(session.audio) && session.audio.output !== undefined);
  // The session kind is fixed by the URL; a realtime update (explicit, or implied by its fields) is refused
  // with one error before any field is looked at ([SEED], INFERRED trigger, protocol.md §3.4).
  if (
    session.type === 'realtime' ||
    (session.type === undefined && realtimeShaped)
  ) {
    return { ok: false, error: eventErrors.realtimeUpdate() };
  }
  if (session.type === undefined)
    return { ok: false, error: eventErrors.missingParameter('session.type') };
  if (session.type !== 'transcription') {
    return {
      ok: false,
      error: eventErrors.invalidValue(
        String(session.type),
        ['realtime', 'transcription'],
        'session.type',
      ),
    };
  }
  const error = check(GA_SESSION, session, 'session');
  if (error) return { ok: false, error };
  const { type: _type, ...patch } = session;
  return { ok: true, patch: patch as SessionPatch };
}

/** The flat beta transcription session ([NODE-BETA] `TranscriptionSessionUpdate`, protocol.md §4.1). */
const LEGACY_SESSION: SchemaNode = {
  kind: 'object',
  fields: {
    input_audio_format: {
      kind: 'enum',
      values: ['pcm16', 'g711_ulaw', 'g711_alaw'],
    },
    input_audio_transcription: {
      kind: 'object',
      nullable: true,
      fields: {
        model: { kind: 'enum', values: TRANSCRIPTION_MODELS },
        language: str,
        prompt: str,
      },
    },
    turn_detection: {
      kind: 'variants',
      nullable: true,
      variants: { server_vad: { kind: 'object', fields: serverVadFields } },
    },
    input_audio_noise_reduction: noiseReduction,
    include,
  },
};

/** Validates a legacy `transcription_session.update` and maps it onto the GA settings patch. */
export function validateLegacyUpdate(event: Json): UpdateResult {
  const envelope = checkEnvelope(event);
  if ('error' in envelope) return { ok: false, error: envelope.error };
  const session = envelope.session;
  const error = check(LEGACY_SESSION, session, 'session');
  if (error) return { ok: false, error };
  const input: NonNullable<NonNullable<SessionPatch['audio']>['input']> = {};
  if (typeof session.input_audio_format === 'string')
    input.format = formatFromLegacy(session.input_audio_format);
  if (session.input_audio_transcription !== undefined) {
    input.transcription = withoutEmptyStrings(
      session.input_audio_transcription as Json | null,
    );
  }
  if (session.turn_detection !== undefined)
    input.turn_detection = session.turn_detection as Json | null;
  if (session.input_audio_noise_reduction !== undefined) {
    input.noise_reduction = session.input_audio_noise_reduction as {
      type: string;
    } | null;
  }
  const patch: SessionPatch = { audio: { input } };
  if (session.include !== undefined)
    patch.include = session.include as string[] | null;
  return { ok: true, patch };
}

/** Beta clients send `prompt: ""` / `language: ""` for "not set" (protocol.md §4.1 example). */
function withoutEmptyStrings(transcription: Json | null): Json | null {
  if (transcription === null) return null;
  return Object.fromEntries(
    Object.entries(transcription).filter(([, value]) => value !== ''),
  );
}
