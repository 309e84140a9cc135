/**
 * Client-side turn detection: decides where each spoken turn starts and ends in the audio a client
 * sends, so that a transport can send `input_audio_buffer.commit` itself for models that take no server
 * VAD (`gpt-live-transcribe`, `gpt-realtime-whisper`, `gpt-transcribe`).
 *
 * Pure and self-contained: no imports, no I/O, no timers, no `Buffer`; it runs the same in Node and
 * browsers. It only sees bytes and answers with {@link TurnDecision}s whose positions are milliseconds on
 * the stream's own timeline (0 = the first byte pushed since construction or {@link TurnDetector.reset});
 * mapping them onto a transport timeline is the caller's job. See `docs/client-turn-detection.md`.
 */

/** The wire audio formats a detector reads (the `type` of the session's input format). */
export type TurnDetectorAudioFormat = 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';

/** Speech began. `audioStartMs` includes the prefix padding (never before the previous commit). */
export interface SpeechStartedDecision {
  type: 'speech_started';
  audioStartMs: number;
  /** Where in the stream the detector decided it (the end of the frame that confirmed the speech). */
  atMs: number;
}

/** Speech ended. `audioEndMs` is the end of the last frame that held speech. */
export interface SpeechStoppedDecision {
  type: 'speech_stopped';
  audioEndMs: number;
  /** Where in the stream the detector decided it. */
  atMs: number;
}

/**
 * Commit the turn now. The commit belongs at `atMs`: audio pushed after that point belongs to the next
 * turn, so a caller that can split the chunk it just pushed should append up to `atMs`, commit, then
 * append the rest. `atMs - audioStartMs` is at least {@link MIN_TURN_MS}, and so is the audio since the
 * previous commit, so the server never refuses the commit as too short.
 */
export interface CommitDecision {
  type: 'commit';
  /** Start of the turn, as in its `speech_started`. */
  audioStartMs: number;
  /** End of the speech in the turn, as in its `speech_stopped`. */
  audioEndMs: number;
  atMs: number;
  /**
   * `silence`: `silenceDurationMs` of silence followed the speech; `max_turn`: the turn reached
   * `maxTurnMs` (if the speaker was still talking, a new turn starts at once at `atMs`); `flush`: the
   * caller called {@link TurnDetector.flush} during a turn.
   */
  reason: 'silence' | 'max_turn' | 'flush';
}

/**
 * What a detector tells its caller, in stream order. Every `speech_started` is followed by one
 * `speech_stopped` and then one `commit`, except when `flush()` ends a turn of less than
 * {@link MIN_TURN_MS}: then only `speech_stopped` comes and the turn is not committed.
 */
export type TurnDecision =
  SpeechStartedDecision | SpeechStoppedDecision | CommitDecision;

/**
 * The contract a transport drives, and the one to implement to bring your own VAD (a neural one such as
 * Silero, say). Decisions come back from the call that pushed the audio they are about; a detector whose
 * model runs asynchronously may return a decision from a later `push()` (its `atMs` still says where it
 * belongs; the transport then commits as soon as it learns of it).
 */
export interface TurnDetector {
  /**
   * Feeds the next bytes of the stream, exactly as sent (PCM16 LE for `audio/pcm`, one byte per sample
   * for G.711). Any chunk size: a partial frame, or half a PCM16 sample, is kept for the next call.
   * Returns the decisions this audio led to (often none; the array must not be modified).
   */
  push(audio: ArrayBuffer | Uint8Array | Int16Array): readonly TurnDecision[];
  /** End of the stream (or a pause of it): ends a turn in progress, committing it when long enough. */
  flush(): readonly TurnDecision[];
  /** Forgets everything, including the timeline (the next byte pushed is at 0 ms) and the noise floor. */
  reset(): void;
}

/**
 * Makes a detector for one stream. The transport would take one of these as an option and call it per
 * connection with the session's input format (see the doc for the proposed option).
 */
export type TurnDetectorFactory = (
  format: TurnDetectorAudioFormat,
) => TurnDetector;

/** What a {@link SpeechFrameClassifier} is told about each frame, besides its samples. */
export interface SpeechFrameInfo {
  /** Start of the frame on the stream's timeline, ms. */
  startMs: number;
  /** 24000 for `audio/pcm`, 8000 for G.711. */
  sampleRate: number;
  /** Mean power of the frame, dB relative to full scale (digital silence is -120). */
  levelDb: number;
  /** The built-in adaptive noise floor before this frame, dBFS. */
  noiseFloorDb: number;
}

/**
 * Replaces the built-in energy rule ("level ≥ noise floor + thresholdDb") while keeping the turn logic
 * (minimum speech, hangover, padding, the maximum turn, the 100 ms rule). `frame` holds the frame's
 * samples as floats in [-1, 1); it is reused for the next frame, so copy what you keep.
 */
export type SpeechFrameClassifier = (
  frame: Float32Array,
  info: SpeechFrameInfo,
) => boolean;

/**
 * Options of the built-in client turn detector, named like the session's `server_vad` options where
 * they mean the same thing. All durations are in ms of audio and are counted in whole frames.
 */
export interface ClientTurnDetectorOptions {
  /** Accepted so a `turnDetection: { type: 'client_vad', … }` object can be passed as is. */
  type?: 'client_vad';
  /** Format of the bytes pushed. Default `audio/pcm` (24 kHz PCM16 LE). */
  format?: TurnDetectorAudioFormat;
  /** Analysis frame, 10 or 20 ms. Default 10. */
  frameMs?: 10 | 20;
  /**
   * How far above the adaptive noise floor a frame's level must be to count as speech, in dB (unlike
   * `server_vad`'s `threshold`, which is a 0–1 score). 3–40, default 6. Lower catches softer speech
   * in quiet rooms and more noise in loud ones (defaults measured in docs/client-turn-detection.md).
   */
  thresholdDb?: number;
  /** Absolute level below which a frame is never speech, dBFS. -100 to -10, default -55. */
  minLevelDb?: number;
  /** Silence after speech that ends the turn and commits it. 0–10 000, default 500 (as `server_vad`). */
  silenceDurationMs?: number;
  /** Audio before the first speech frame that belongs to the turn. 0–5 000, default 300 (as `server_vad`). */
  prefixPaddingMs?: number;
  /** Speech shorter than this (a click, a knock) never starts a turn. 0–5 000, default 100. */
  minSpeechMs?: number;
  /** A turn is force-committed when it reaches this length. 1 000–600 000, default 30 000. */
  maxTurnMs?: number;
  /** Your own per-frame speech rule instead of the energy rule; see {@link SpeechFrameClassifier}. */
  isSpeech?: SpeechFrameClassifier;
}

/** The server refuses a commit of less than 100 ms of audio; no turn is ever shorter. */
export const MIN_TURN_MS = 100;

const NO_DECISIONS: readonly TurnDecision[] = Object.freeze([]);
const SILENCE_DB = -120;
/**
 * Time constant of the noise floor: outside turns it is the running mean level (dB) of the unvoiced
 * frames. A mean rather than a minimum: the floor of babble or traffic must sit in the middle of its
 * fluctuations, or its peaks would pass for speech (a 40 ms falling constant merged sentences in the
 * babble test; see docs/client-turn-detection.md).
 */
const FLOOR_TAU_MS = 500;
/** During speech the floor still creeps up (dB/s), so a lasting step in the noise cannot hold a turn open. */
const FLOOR_CREEP_DB_PER_S = 1;
/** A gap in the voiced frames longer than this drops a speech candidate that is not yet confirmed. */
const ONSET_GAP_MS = 50;
/**
 * During the hangover, speech must come back for this long to keep the turn open: lone voiced frames
 * (a peak of babble, a click) in a pause would otherwise stretch a turn across the pause.
 */
const RESUME_MS = 20;

const KNOWN_OPTIONS = new Set([
  'type',
  'format',
  'frameMs',
  'thresholdDb',
  'minLevelDb',
  'silenceDurationMs',
  'prefixPaddingMs',
  'minSpeechMs',
  'maxTurnMs',
  'isSpeech',
]);

interface Resolved {
  format: TurnDetectorAudioFormat;
  frameMs: number;
  thresholdDb: number;
  minLevelDb: number;
  silenceDurationMs: number;
  prefixPaddingMs: number;
  minSpeechMs: number;
  maxTurnMs: number;
  isSpeech: SpeechFrameClassifier | undefined;
}

function numberOption(
  options: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number')
    throw new TypeError(
      `createClientTurnDetector(): ${name} must be a number; got ${describe(value)}.`,
    );
  if (!Number.isFinite(value) || value < min || value > max)
    throw new RangeError(
      `createClientTurnDetector(): ${name} must be from ${min} to ${max}; got ${value}.`,
    );
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** Checks every option before anything runs; throws a TypeError or RangeError naming the option and value. */
function resolveOptions(options: unknown): Resolved {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(
      `createClientTurnDetector() takes an options object; got ${describe(options)}.`,
    );
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key))
      throw new TypeError(
        `createClientTurnDetector(): unknown option ${JSON.stringify(key)}; known options are ${[...KNOWN_OPTIONS].join(', ')}.`,
      );
  }
  if (o.type !== undefined && o.type !== 'client_vad')
    throw new TypeError(
      `createClientTurnDetector(): type must be 'client_vad'; got ${describe(o.type)}.`,
    );
  const format = o.format ?? 'audio/pcm';
  if (
    format !== 'audio/pcm' &&
    format !== 'audio/pcmu' &&
    format !== 'audio/pcma'
  )
    throw new TypeError(
      `createClientTurnDetector(): format must be 'audio/pcm', 'audio/pcmu' or 'audio/pcma'; got ${describe(format)}.`,
    );
  const frameMs = o.frameMs ?? 10;
  if (frameMs !== 10 && frameMs !== 20)
    throw new RangeError(
      `createClientTurnDetector(): frameMs must be 10 or 20; got ${describe(frameMs)}.`,
    );
  if (o.isSpeech !== undefined && typeof o.isSpeech !== 'function')
    throw new TypeError(
      `createClientTurnDetector(): isSpeech must be a function (frame, info) => boolean; got ${describe(o.isSpeech)}.`,
    );
  return {
    format,
    frameMs,
    thresholdDb: numberOption(o, 'thresholdDb', 3, 40, 6),
    minLevelDb: numberOption(o, 'minLevelDb', -100, -10, -55),
    silenceDurationMs: numberOption(o, 'silenceDurationMs', 0, 10_000, 500),
    prefixPaddingMs: numberOption(o, 'prefixPaddingMs', 0, 5_000, 300),
    minSpeechMs: numberOption(o, 'minSpeechMs', 0, 5_000, 100),
    maxTurnMs: numberOption(o, 'maxTurnMs', 1_000, 600_000, 30_000),
    isSpeech: o.isSpeech as SpeechFrameClassifier | undefined,
  };
}

let muLawTable: Float32Array | undefined;
let aLawTable: Float32Array | undefined;

/** G.711 μ-law byte → linear sample in [-1, 1) (ITU-T G.711, 14-bit magnitude scaled to 16 bits). */
function buildMuLawTable(): Float32Array {
  const table = new Float32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const u = ~byte & 0xff;
    const exponent = (u >> 4) & 0x07;
    const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
    table[byte] = (u & 0x80 ? -magnitude : magnitude) / 32768;
  }
  return table;
}

/** G.711 A-law byte → linear sample in [-1, 1). */
function buildALawTable(): Float32Array {
  const table = new Float32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const a = byte ^ 0x55;
    const exponent = (a >> 4) & 0x07;
    const mantissa = a & 0x0f;
    const magnitude =
      exponent === 0
        ? (mantissa << 4) + 8
        : ((mantissa << 4) + 0x108) << (exponent - 1);
    table[byte] = (a & 0x80 ? magnitude : -magnitude) / 32768;
  }
  return table;
}

/**
 * Decodes one G.711 byte to a linear sample in [-1, 1). Exported for tests and custom detectors.
 */
export function decodeG711(
  byte: number,
  law: 'audio/pcmu' | 'audio/pcma',
): number {
  const table =
    law === 'audio/pcmu'
      ? (muLawTable ??= buildMuLawTable())
      : (aLawTable ??= buildALawTable());
  return table[byte & 0xff]!;
}

/**
 * The built-in energy detector, behind the {@link TurnDetector} interface. Per frame: mean power in dBFS;
 * a frame is voiced when it is at least `thresholdDb` above an adaptive noise floor and above
 * `minLevelDb`. Between turns the floor follows the unvoiced frames (a 0.5 s running mean of their
 * level); during a turn it only creeps up. A turn starts once `minSpeechMs` of voiced frames came without
 * a gap over 50 ms, and ends after `silenceDurationMs` of unvoiced frames (the hangover; 20 ms of speech
 * ends the hangover, a lone voiced frame does not), or at `maxTurnMs`.
 */
class EnergyTurnDetector implements TurnDetector {
  readonly #o: Resolved;
  readonly #sampleRate: number;
  readonly #samplesPerFrame: number;
  readonly #g711: Float32Array | undefined;
  readonly #frame: Float32Array;
  readonly #info: SpeechFrameInfo;
  readonly #floorAlpha: number;
  readonly #resumeAfterMs: number;
  readonly #creepDb: number;
  // Carry-over between pushes: samples of the partial frame (in #frame), and half a PCM16 sample.
  #filled = 0;
  #sumSquares = 0;
  #oddByte = -1;
  #framesDone = 0;
  #samplesTotal = 0;
  #floorDb = NaN;
  /**
   * While the stream's opening is unexplained: the first frame seeded the floor, so a stream that opens
   * with speech has its first turn measured against itself and never found. Until a turn starts (or
   * `maxTurnMs` passes), the level of the first frame is kept; when the floor later falls a `thresholdDb`
   * below it, the opening was louder than the noise after all, and it becomes a turn after the fact.
   */
  #opening = true;
  #openingDb = SILENCE_DB;
  /** The quietest frame of the opening: a stream that never paused shows speech only by its modulation. */
  #openingMinDb = SILENCE_DB;
  /** End of the last frame of the opening about as loud as its first (within `thresholdDb`). */
  #openingLoudEndMs = 0;
  // Turn state.
  #inSpeech = false;
  #candidateStartMs = -1;
  #candidateVoicedMs = 0;
  #candidateGapMs = 0;
  #turnStartMs = 0;
  #lastVoicedEndMs = 0;
  #silenceRunMs = 0;
  #resumeMs = 0;
  #lastCommitMs = 0;
  #out: TurnDecision[] | undefined;

  constructor(options: Resolved) {
    this.#o = options;
    this.#sampleRate = options.format === 'audio/pcm' ? 24_000 : 8_000;
    this.#samplesPerFrame = (this.#sampleRate * options.frameMs) / 1000;
    this.#frame = new Float32Array(this.#samplesPerFrame);
    this.#g711 =
      options.format === 'audio/pcmu'
        ? (muLawTable ??= buildMuLawTable())
        : options.format === 'audio/pcma'
          ? (aLawTable ??= buildALawTable())
          : undefined;
    this.#floorAlpha = 1 - Math.exp(-options.frameMs / FLOOR_TAU_MS);
    // At least two frames: with 20 ms frames one voiced frame is still a blip.
    this.#resumeAfterMs = Math.max(RESUME_MS, 2 * options.frameMs);
    this.#creepDb = (FLOOR_CREEP_DB_PER_S * options.frameMs) / 1000;
    this.#info = {
      startMs: 0,
      sampleRate: this.#sampleRate,
      levelDb: SILENCE_DB,
      noiseFloorDb: SILENCE_DB,
    };
  }

  push(audio: ArrayBuffer | Uint8Array | Int16Array): readonly TurnDecision[] {
    let bytes: Uint8Array;
    // A Uint8Array (what the transport holds) is read as is: no view, no allocation per push.
    if (audio instanceof Uint8Array) bytes = audio;
    else if (audio instanceof ArrayBuffer) bytes = new Uint8Array(audio);
    else if (audio instanceof Int16Array)
      bytes = new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
    else
      throw new TypeError(
        `TurnDetector.push() takes an ArrayBuffer, Uint8Array or Int16Array; got ${describe(audio)}.`,
      );
    this.#out = undefined;
    const frame = this.#frame;
    const perFrame = this.#samplesPerFrame;
    let i = 0;
    const n = bytes.length;
    // The hot loops: decode into the frame buffer and sum squares in locals (private fields are slower
    // to touch per sample), no allocation.
    if (this.#g711 === undefined) {
      if (this.#oddByte >= 0 && n > 0) {
        this.#sample(pcm16(this.#oddByte, bytes[0]!));
        this.#oddByte = -1;
        i = 1;
      }
      let filled = this.#filled;
      let sum = this.#sumSquares;
      for (; i + 1 < n; i += 2) {
        const s =
          (((bytes[i]! | (bytes[i + 1]! << 8)) << 16) >> 16) * PCM16_SCALE;
        frame[filled++] = s;
        sum += s * s;
        if (filled === perFrame) {
          this.#sumSquares = sum;
          this.#endFrame();
          filled = 0;
          sum = 0;
        }
      }
      this.#filled = filled;
      this.#sumSquares = sum;
      if (i < n) this.#oddByte = bytes[i]!;
    } else {
      const table = this.#g711;
      let filled = this.#filled;
      let sum = this.#sumSquares;
      for (; i < n; i++) {
        const s = table[bytes[i]!]!;
        frame[filled++] = s;
        sum += s * s;
        if (filled === perFrame) {
          this.#sumSquares = sum;
          this.#endFrame();
          filled = 0;
          sum = 0;
        }
      }
      this.#filled = filled;
      this.#sumSquares = sum;
    }
    return this.#out ?? NO_DECISIONS;
  }

  flush(): readonly TurnDecision[] {
    this.#out = undefined;
    const atMs =
      ((this.#samplesTotal + this.#filled) * 1000) / this.#sampleRate;
    // A stream that was loud from its first frame and ends before any pause: its opening is the turn if it
    // varied like speech does (steady noise, a fan, stays within a few dB of itself).
    if (
      this.#opening &&
      this.#openingTurnLongEnough() &&
      this.#openingDb - this.#openingMinDb >= this.#o.thresholdDb
    ) {
      this.#opening = false;
      this.#startTurn(0, atMs);
      this.#lastVoicedEndMs = this.#openingLoudEndMs;
    }
    if (this.#inSpeech) {
      this.#emit({
        type: 'speech_stopped',
        audioEndMs: this.#lastVoicedEndMs,
        atMs,
      });
      if (atMs - this.#turnStartMs >= MIN_TURN_MS) {
        this.#emit({
          type: 'commit',
          audioStartMs: this.#turnStartMs,
          audioEndMs: this.#lastVoicedEndMs,
          atMs,
          reason: 'flush',
        });
        this.#lastCommitMs = atMs;
      }
      this.#inSpeech = false;
    }
    this.#candidateStartMs = -1;
    return this.#out ?? NO_DECISIONS;
  }

  reset(): void {
    this.#filled = 0;
    this.#sumSquares = 0;
    this.#oddByte = -1;
    this.#framesDone = 0;
    this.#samplesTotal = 0;
    this.#floorDb = NaN;
    this.#opening = true;
    this.#openingDb = SILENCE_DB;
    this.#openingMinDb = SILENCE_DB;
    this.#openingLoudEndMs = 0;
    this.#inSpeech = false;
    this.#candidateStartMs = -1;
    this.#candidateVoicedMs = 0;
    this.#candidateGapMs = 0;
    this.#turnStartMs = 0;
    this.#lastVoicedEndMs = 0;
    this.#silenceRunMs = 0;
    this.#resumeMs = 0;
    this.#lastCommitMs = 0;
    this.#out = undefined;
  }

  /** One PCM16 sample that straddled two pushes. */
  #sample(s: number): void {
    this.#frame[this.#filled++] = s;
    this.#sumSquares += s * s;
    if (this.#filled === this.#samplesPerFrame) this.#endFrame();
  }

  #emit(decision: TurnDecision): void {
    (this.#out ??= []).push(decision);
  }

  #endFrame(): void {
    const o = this.#o;
    const frameMs = o.frameMs;
    const startMs = this.#framesDone * frameMs;
    const endMs = startMs + frameMs;
    const meanSquare = this.#sumSquares / this.#samplesPerFrame;
    const levelDb =
      meanSquare > 1e-12 ? 10 * Math.log10(meanSquare) : SILENCE_DB;
    this.#framesDone++;
    this.#samplesTotal += this.#samplesPerFrame;
    this.#filled = 0;
    this.#sumSquares = 0;
    // The first frame seeds the floor; a stream that opens mid-speech finds the real floor over the
    // first half-second of pause.
    if (Number.isNaN(this.#floorDb)) {
      this.#floorDb = levelDb;
      this.#openingDb = levelDb;
      this.#openingMinDb = levelDb;
      // A custom rule judges each frame itself; a quiet first frame is the noise floor it claims to be.
      this.#opening = !o.isSpeech && levelDb >= o.minLevelDb;
    }

    let voiced: boolean;
    if (o.isSpeech) {
      const info = this.#info;
      info.startMs = startMs;
      info.levelDb = levelDb;
      info.noiseFloorDb = this.#floorDb;
      voiced = o.isSpeech(this.#frame, info) === true;
    } else {
      voiced =
        levelDb >= o.minLevelDb && levelDb >= this.#floorDb + o.thresholdDb;
    }
    if (voiced || this.#inSpeech) {
      // During a turn the floor only creeps: the quiet parts of speech must not lift it into the speech.
      this.#floorDb += this.#creepDb;
    } else {
      this.#floorDb += (levelDb - this.#floorDb) * this.#floorAlpha;
    }

    if (!this.#inSpeech) {
      if (this.#opening && this.#openingWasSpeech(levelDb, endMs)) return;
      this.#onset(voiced, startMs, endMs);
      if (this.#inSpeech) this.#opening = false;
      return;
    }
    if (voiced && this.#silenceRunMs === 0) {
      this.#lastVoicedEndMs = endMs;
    } else if (voiced && (this.#resumeMs += frameMs) >= this.#resumeAfterMs) {
      // Speech came back during the hangover, for long enough not to be a blip of noise.
      this.#lastVoicedEndMs = endMs;
      this.#silenceRunMs = 0;
      this.#resumeMs = 0;
    } else {
      // An unvoiced frame, or a voiced one too short-lived yet to end the hangover.
      if (!voiced) this.#resumeMs = 0;
      this.#silenceRunMs += frameMs;
      if (
        this.#silenceRunMs >= o.silenceDurationMs &&
        endMs - this.#turnStartMs >= MIN_TURN_MS
      ) {
        this.#endTurn(endMs, this.#lastVoicedEndMs, 'silence');
        return;
      }
    }
    if (endMs - this.#turnStartMs >= o.maxTurnMs) {
      if (this.#silenceRunMs > 0) {
        // Already in the hangover (a voiced blip there does not count): end the turn where the speech ended.
        this.#endTurn(endMs, this.#lastVoicedEndMs, 'max_turn');
        return;
      }
      // Still talking: cut here and go straight on with a new turn that starts at the cut.
      this.#endTurn(endMs, endMs, 'max_turn');
      this.#startTurn(endMs, endMs);
    }
  }

  /**
   * Called per frame while the opening is unexplained. Returns `true` when it just turned the opening into
   * a turn (which may already have ended: the pause that proved it can be as long as the hangover).
   */
  #openingWasSpeech(levelDb: number, endMs: number): boolean {
    const o = this.#o;
    if (levelDb >= this.#openingDb - o.thresholdDb)
      this.#openingLoudEndMs = endMs;
    if (levelDb < this.#openingMinDb) this.#openingMinDb = levelDb;
    if (endMs >= o.maxTurnMs) {
      this.#opening = false; // too long ago to be one turn: it was the noise after all
      return false;
    }
    if (this.#floorDb > this.#openingDb - o.thresholdDb) return false;
    this.#opening = false;
    if (!this.#openingTurnLongEnough()) return false;
    this.#startTurn(0, endMs);
    this.#lastVoicedEndMs = this.#openingLoudEndMs;
    this.#silenceRunMs = endMs - this.#openingLoudEndMs;
    if (this.#silenceRunMs >= o.silenceDurationMs)
      this.#endTurn(endMs, this.#lastVoicedEndMs, 'silence');
    return true;
  }

  #openingTurnLongEnough(): boolean {
    return (
      this.#openingLoudEndMs >= this.#o.minSpeechMs &&
      this.#openingLoudEndMs >= MIN_TURN_MS
    );
  }

  #onset(voiced: boolean, startMs: number, endMs: number): void {
    if (voiced) {
      if (this.#candidateStartMs < 0) {
        this.#candidateStartMs = startMs;
        this.#candidateVoicedMs = 0;
      }
      this.#candidateVoicedMs += this.#o.frameMs;
      this.#candidateGapMs = 0;
      if (this.#candidateVoicedMs >= this.#o.minSpeechMs) {
        const start = Math.max(
          this.#candidateStartMs - this.#o.prefixPaddingMs,
          this.#lastCommitMs,
        );
        this.#candidateStartMs = -1;
        this.#startTurn(start, endMs);
        this.#lastVoicedEndMs = endMs;
      }
    } else if (this.#candidateStartMs >= 0) {
      this.#candidateGapMs += this.#o.frameMs;
      if (this.#candidateGapMs > ONSET_GAP_MS) this.#candidateStartMs = -1;
    }
  }

  #startTurn(audioStartMs: number, atMs: number): void {
    this.#inSpeech = true;
    this.#turnStartMs = audioStartMs;
    this.#silenceRunMs = 0;
    this.#resumeMs = 0;
    this.#emit({ type: 'speech_started', audioStartMs, atMs });
  }

  #endTurn(
    atMs: number,
    audioEndMs: number,
    reason: CommitDecision['reason'],
  ): void {
    this.#emit({ type: 'speech_stopped', audioEndMs, atMs });
    this.#emit({
      type: 'commit',
      audioStartMs: this.#turnStartMs,
      audioEndMs,
      atMs,
      reason,
    });
    this.#inSpeech = false;
    this.#lastCommitMs = atMs;
    this.#silenceRunMs = 0;
    this.#candidateStartMs = -1;
  }
}

const PCM16_SCALE = 1 / 32768;

/** Little-endian PCM16 from two bytes, as a float in [-1, 1). */
function pcm16(low: number, high: number): number {
  return (((low | (high << 8)) << 16) >> 16) * PCM16_SCALE;
}

/**
 * Creates the built-in client turn detector (energy, adaptive noise floor, hangover) for one stream.
 * Every option is checked here, before any audio is seen: a bad one throws a `TypeError` (wrong type,
 * unknown option) or `RangeError` (out of range) naming it and the value received.
 *
 * @example
 * const detector = createClientTurnDetector({ silenceDurationMs: 400 });
 * for (const decision of detector.push(chunk)) {
 *   if (decision.type === 'commit') commitNow();
 * }
 */
export function createClientTurnDetector(
  options?: ClientTurnDetectorOptions,
): TurnDetector {
  return new EnergyTurnDetector(resolveOptions(options));
}
