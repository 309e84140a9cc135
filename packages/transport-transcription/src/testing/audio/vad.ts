/**
 * An energy voice-activity detector over 20 ms frames that honours the session's `server_vad` settings.
 * It is not a speech model: it lets tests drive turns with synthetic tone bursts and silence, deterministically.
 */

/** Frame length the VAD decides on. */
export const VAD_FRAME_MS = 20;

/** The VAD settings of a session, resolved to numbers. */
export interface VadSettings {
  /** RMS (0..1) at or above which a frame is speech. */
  rmsThreshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
}

/** A VAD decision on the session's audio timeline (ms since the first appended byte). */
export type VadEvent =
  | { kind: 'start'; audioStartMs: number }
  | { kind: 'stop'; audioEndMs: number };

/**
 * Silence that ends a turn for `semantic_vad`, by eagerness. INFERRED: the simulator has no semantics, so
 * eagerness only shortens or lengthens the pause it waits for.
 */
const SEMANTIC_SILENCE_MS: Record<string, number> = {
  low: 1000,
  medium: 500,
  auto: 500,
  high: 250,
};

/**
 * Resolves a session `turn_detection` object to VAD settings; `null` when turn detection is off.
 * `threshold` moves the RMS level logarithmically around `rmsAtDefaultThreshold` (0.5 → ×1, 1.0 → ×10,
 * 0.0 → ×0.1), so raising it by 0.1 asks for about 1.6× more energy, like a real VAD's sensitivity knob.
 */
export function resolveVadSettings(
  turnDetection: Record<string, unknown> | null,
  rmsAtDefaultThreshold: number,
): VadSettings | null {
  if (!turnDetection) return null;
  const threshold =
    typeof turnDetection.threshold === 'number' ? turnDetection.threshold : 0.5;
  const semantic = turnDetection.type === 'semantic_vad';
  return {
    rmsThreshold: rmsAtDefaultThreshold * 10 ** (2 * (threshold - 0.5)),
    prefixPaddingMs: semantic
      ? 300
      : Number(turnDetection.prefix_padding_ms ?? 300),
    silenceDurationMs: semantic
      ? (SEMANTIC_SILENCE_MS[String(turnDetection.eagerness ?? 'auto')] ?? 500)
      : Number(turnDetection.silence_duration_ms ?? 200),
  };
}

/** The speech/silence state machine. */
export class EnergyVad {
  #inSpeech = false;
  #lastSpeechEndMs = 0;

  /** Whether a turn is in progress (between `start` and `stop`). */
  get inSpeech(): boolean {
    return this.#inSpeech;
  }

  /**
   * Feeds one frame `[startMs, startMs + VAD_FRAME_MS)`; `earliestMs` is where the uncommitted buffer begins,
   * so prefix padding never reaches back into audio that was already committed or cleared.
   */
  frame(
    rms: number,
    startMs: number,
    earliestMs: number,
    settings: VadSettings,
  ): VadEvent | null {
    const endMs = startMs + VAD_FRAME_MS;
    const speech = rms >= settings.rmsThreshold;
    if (!this.#inSpeech) {
      if (!speech) return null;
      this.#inSpeech = true;
      this.#lastSpeechEndMs = endMs;
      return {
        kind: 'start',
        audioStartMs: Math.max(earliestMs, startMs - settings.prefixPaddingMs),
      };
    }
    if (speech) {
      this.#lastSpeechEndMs = endMs;
      return null;
    }
    if (endMs - this.#lastSpeechEndMs < settings.silenceDurationMs) return null;
    // The turn ends where the required silence ran out: the committed audio ends there too.
    this.#inSpeech = false;
    return { kind: 'stop', audioEndMs: endMs };
  }

  /** Forgets a turn in progress (manual commit or clear). */
  reset(): void {
    this.#inSpeech = false;
  }
}
