/**
 * The one table of OpenAI's realtime transcription models: what each model takes in
 * `session.audio.input.transcription` / `turn_detection`, how it answers, and when it shuts down.
 *
 * Pure data and typed lookups, no I/O: the transport (what to send, what to refuse before sending) and the
 * simulator (what to accept, how to answer) both read it, so the two cannot drift apart.
 *
 * Sources, as tagged in the project's protocol notes: [NODE-RT] openai-node `src/resources/realtime/realtime.ts`
 * (`AudioTranscription` docs, the model list with its deprecation notes; openai 7.57.0 ships the same text);
 * [AGPY-GUIDE] openai-agents-python's realtime guide; [DOC-GLT] the gpt-live-transcribe model page; [LK-STT]
 * livekit/agents `stt.py`; live reports livekit/agents#5779 and OpenWhispr#2077 (the refusal text); the cookbook
 * "Migrate from Whisper to GPT-Transcribe and GPT-Live-Transcribe" (2026-07-28); capture 03 (whisper-1 duration
 * usage) and capture 01 (token usage). Every fact not read in one of them is marked INFERRED where it is set.
 */

/** The models this table knows, in the order [NODE-RT] lists them (plus the `-latest` alias of the GA guide). */
export const TRANSCRIPTION_MODEL_NAMES = [
  'whisper-1',
  'gpt-transcribe',
  'gpt-live-transcribe',
  'gpt-4o-mini-transcribe',
  'gpt-4o-mini-transcribe-2025-12-15',
  'gpt-4o-transcribe',
  'gpt-4o-transcribe-latest',
  'gpt-4o-transcribe-diarize',
  'gpt-realtime-whisper',
] as const;

/** A transcription model this table knows. */
export type TranscriptionModelName = (typeof TRANSCRIPTION_MODEL_NAMES)[number];

/**
 * What a model does with `turn_detection`:
 * - `'server'`: `server_vad` / `semantic_vad` are accepted and the server runs them (speech events, auto-commit);
 * - `'refused'`: turn detection must be omitted or `null`; an explicit VAD object is refused with `invalid_value`
 *   "Turn detection is not supported for this transcription model." on `session.audio.input.turn_detection`;
 * - `'inert'`: a VAD object is accepted but nothing is committed until the client commits.
 */
export type TurnDetectionSupport = 'server' | 'refused' | 'inert';

/** The facts about one transcription model. */
export interface TranscriptionModelFacts {
  readonly name: TranscriptionModelName;
  readonly turnDetection: TurnDetectionSupport;
  /** Takes `transcription.prompt`. */
  readonly prompt: boolean;
  /** Takes `transcription.languages` (a list of hints) and `transcription.keywords`. */
  readonly languagesAndKeywords: boolean;
  /** Takes `transcription.delay`. */
  readonly delay: boolean;
  /** Streams deltas while audio arrives, before `input_audio_buffer.committed` (live captions). */
  readonly preCommitDeltas: boolean;
  /** Each `delta` carries the whole turn's text, not a fragment. */
  readonly wholeTextDeltas: boolean;
  /** `completed` carries the detected `languages: [{ code }]`. */
  readonly detectedLanguages: boolean;
  /** The `usage.type` on `completed`. */
  readonly usage: 'tokens' | 'duration';
  /**
   * Speaker labels (`…transcription.segment`). `'unconfirmed-in-realtime'`: the model diarizes, but the
   * cookbook says it is not supported in the Realtime API at all, so `.segment` may never come there.
   */
  readonly diarization: false | 'unconfirmed-in-realtime';
  /** Announced shutdown, with the model to move to; `null` when none is announced. */
  readonly shutdown: {
    readonly date: string;
    readonly replacement: TranscriptionModelName;
  } | null;
}

/** "Announced shutdown date: 2027-02-26" ([NODE-RT] model list, deprecated values). */
const SHUTDOWN_2027_02_26 = '2027-02-26';

/** The committed-turn, token-priced, server-VAD model of 2025, which the 4o family shares. */
const GPT_4O_FAMILY = {
  turnDetection: 'server',
  prompt: true,
  languagesAndKeywords: false,
  delay: false,
  preCommitDeltas: false,
  wholeTextDeltas: false,
  detectedLanguages: false,
  usage: 'tokens',
  diarization: false,
  // INFERRED replacement: OpenWhispr#2077 calls gpt-live-transcribe "the live successor" of
  // gpt-4o-mini-transcribe; it is the only successor that streams like the 4o models.
  shutdown: { date: SHUTDOWN_2027_02_26, replacement: 'gpt-live-transcribe' },
} as const satisfies Omit<TranscriptionModelFacts, 'name'>;

const FACTS: Record<
  TranscriptionModelName,
  Omit<TranscriptionModelFacts, 'name'>
> = {
  'whisper-1': {
    ...GPT_4O_FAMILY,
    // "For whisper-1 the delta event will contain full turn transcript, same as completed" ([NODE-RT]).
    wholeTextDeltas: true,
    // Capture 03: `{"type":"duration","seconds":2}` for whisper-1.
    usage: 'duration',
    // INFERRED replacement: the cookbook migrates Whisper to gpt-transcribe (committed turns, like whisper-1).
    shutdown: { date: SHUTDOWN_2027_02_26, replacement: 'gpt-transcribe' },
  },
  'gpt-4o-mini-transcribe': GPT_4O_FAMILY,
  'gpt-4o-mini-transcribe-2025-12-15': GPT_4O_FAMILY,
  'gpt-4o-transcribe': GPT_4O_FAMILY,
  // INFERRED: an alias of gpt-4o-transcribe ([DOC-RTT-GA1] lists it); [NODE-RT] does not name it, so its
  // shutdown is assumed to be gpt-4o-transcribe's.
  'gpt-4o-transcribe-latest': GPT_4O_FAMILY,
  'gpt-4o-transcribe-diarize': {
    ...GPT_4O_FAMILY,
    // "For gpt-4o-transcribe models (excluding gpt-4o-transcribe-diarize), the prompt is a free text" ([NODE-RT]).
    prompt: false,
    diarization: 'unconfirmed-in-realtime',
    // INFERRED replacement: no diarizing successor is named; gpt-transcribe is the committed-turn successor.
    shutdown: { date: SHUTDOWN_2027_02_26, replacement: 'gpt-transcribe' },
  },
  'gpt-transcribe': {
    // INFERRED 'inert': the cookbook documents committed turns with `turn_detection: null`, and a live
    // report (JINGBANZ/jarvis#132, 2026-08-06) saw `server_vad` accepted but no turn ever completed without
    // a client commit. No refusal text has been reported for this model.
    turnDetection: 'inert',
    prompt: true,
    languagesAndKeywords: true,
    // [NODE-RT]: `delay` is "only supported with gpt-realtime-whisper"; third parties omit it here.
    delay: false,
    // "transcription should begin after a committed audio turn" ([AGPY-GUIDE]).
    preCommitDeltas: false,
    wholeTextDeltas: false,
    detectedLanguages: true,
    // INFERRED: no capture; the simulator has always reported tokens for it.
    usage: 'tokens',
    diarization: false,
    shutdown: null,
  },
  'gpt-live-transcribe': {
    // OpenWhispr#2077 (live): "rejects every turn_detection config", no speech_started/stopped.
    turnDetection: 'refused',
    prompt: true,
    languagesAndKeywords: true,
    // Unconfirmed: [AGJS-DOC] says its `delay` trades latency for quality; [NODE-RT] says whisper only.
    delay: true,
    // "returns transcript deltas as speech arrives" ([DOC-RTT]).
    preCommitDeltas: true,
    wholeTextDeltas: false,
    // Issue 12 (how the API answers today): gpt-live-transcribe returns no detected languages.
    detectedLanguages: false,
    // INFERRED: priced per minute ([DOC-GLT]); no capture of its usage.
    usage: 'duration',
    diarization: false,
    shutdown: null,
  },
  'gpt-realtime-whisper': {
    // "turn detection must be set to null; VAD is not supported" ([NODE-RT]); refusal text livekit/agents#5779.
    turnDetection: 'refused',
    // "Prompt is not supported with gpt-realtime-whisper in GA Realtime sessions" ([NODE-RT]).
    prompt: false,
    languagesAndKeywords: false,
    delay: true,
    // "stream transcript deltas as audio arrives" ([DOC-RTT-MD]).
    preCommitDeltas: true,
    wholeTextDeltas: false,
    detectedLanguages: false,
    // INFERRED: priced per minute ($0.017/min); no capture of its usage.
    usage: 'duration',
    diarization: false,
    shutdown: null,
  },
};

/** Every known model's facts, by name. */
export const TRANSCRIPTION_MODELS: Readonly<
  Record<TranscriptionModelName, TranscriptionModelFacts>
> = Object.freeze(
  Object.fromEntries(
    TRANSCRIPTION_MODEL_NAMES.map((name) => [
      name,
      Object.freeze({ name, ...FACTS[name] }),
    ]),
  ) as Record<TranscriptionModelName, TranscriptionModelFacts>,
);

/** Whether `model` is a name this table knows (Azure deployment names and future models are not). */
export function isKnownModel(
  model: string | undefined,
): model is TranscriptionModelName {
  return (
    model !== undefined &&
    (TRANSCRIPTION_MODEL_NAMES as readonly string[]).includes(model)
  );
}

/** The facts of `model`, or `undefined` for a name the table does not know. */
export function modelFacts(
  model: string | undefined,
): TranscriptionModelFacts | undefined {
  return isKnownModel(model) ? TRANSCRIPTION_MODELS[model] : undefined;
}

/**
 * Why a keyword is refused, or `null` when it is fine. Keywords are single-line hints: no CR, no LF, no `<`
 * and no `>` (issue 12, from live refusals); one bad keyword refuses the whole update.
 */
export function keywordProblem(keyword: string): string | null {
  if (/[\r\n]/.test(keyword)) return 'it contains a line break';
  if (/[<>]/.test(keyword)) return "it contains '<' or '>'";
  return null;
}
