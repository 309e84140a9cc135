/**
 * The server events of one transcribed turn: deltas (with `obfuscation` and optional `logprobs`), diarization
 * segments, `completed` with model-specific usage, and `failed`. Pure: ids and timing are decided elsewhere.
 */
import { transcriptionFailed } from '../errors.js';
import { randomToken } from '../util/ids.js';
import { factsOf } from '../session/model-rules.js';

type Json = Record<string, unknown>;

/** Everything the event builders need about a turn, fixed at commit time. */
export interface TurnTranscription {
  itemId: string;
  model: string;
  durationMs: number;
  logprobs: boolean;
  /** `language` / `languages[0]` hint from the session, for `gpt-transcribe`'s detected languages. */
  languageHint: string | null;
  prompt: string | null;
  /** Text already streamed before the commit (streaming models); only the rest follows as deltas. */
  streamedText: string;
}

const TRANSCRIPTION = 'conversation.item.input_audio_transcription';

/** One log-probability entry per delta piece; deterministic so snapshots stay stable. */
function logprobsOf(piece: string): Json[] {
  const bytes = [...Buffer.from(piece, 'utf8')];
  return [
    {
      token: piece,
      logprob: -Number((0.01 * ((bytes.length % 7) + 1)).toFixed(2)),
      bytes,
    },
  ];
}

/** Splits a transcript into delta pieces: words with their leading space (VERIFIED style, [CAP-0918]). */
export function deltaPieces(text: string, model: string): string[] {
  if (text === '') return [];
  if (factsOf(model).wholeTextDeltas) return [text];
  return text.match(/\s*\S+\s*$|\s*\S+/g) ?? [text];
}

/** A `…delta` event body (without `event_id`). */
export function deltaEvent(
  turn: Pick<TurnTranscription, 'itemId' | 'logprobs'>,
  piece: string,
): Json {
  return {
    type: `${TRANSCRIPTION}.delta`,
    item_id: turn.itemId,
    content_index: 0,
    delta: piece,
    ...(turn.logprobs ? { logprobs: logprobsOf(piece) } : {}),
    // The real server pads frames with a random string against length side channels ([CAP-0918]).
    obfuscation: randomToken(8 + (piece.length % 8)),
  };
}

/** `usage` as the model reports it: audio tokens ≈ 10 per second ([CAP-0918]: 1.63 s → 16). */
function usageOf(turn: TurnTranscription, text: string): Json {
  if (factsOf(turn.model).usage === 'duration') {
    // Capture 03 (whisper-1): `{"type":"duration","seconds":2}`, whole seconds. INFERRED: rounded up.
    return { type: 'duration', seconds: Math.ceil(turn.durationMs / 1000) };
  }
  const audioTokens = Math.max(1, Math.round(turn.durationMs / 100));
  const textTokens = turn.prompt ? Math.ceil(turn.prompt.length / 4) : 0;
  const outputTokens = Math.ceil(text.length / 4);
  const inputTokens = audioTokens + textTokens;
  return {
    type: 'tokens',
    total_tokens: inputTokens + outputTokens,
    input_tokens: inputTokens,
    input_token_details: { text_tokens: textTokens, audio_tokens: audioTokens },
    output_tokens: outputTokens,
  };
}

/** The `…completed` event body. */
export function completedEvent(turn: TurnTranscription, text: string): Json {
  const facts = factsOf(turn.model);
  return {
    type: `${TRANSCRIPTION}.completed`,
    item_id: turn.itemId,
    content_index: 0,
    transcript: text,
    usage: usageOf(turn, text),
    ...(turn.logprobs
      ? { logprobs: deltaPieces(text, turn.model).flatMap(logprobsOf) }
      : {}),
    // INFERRED: the detected language is the session's hint (the simulator cannot listen).
    ...(facts.detectedLanguages
      ? { languages: text === '' ? [] : [{ code: turn.languageHint ?? 'en' }] }
      : {}),
  };
}

/** The `…failed` event body (per item; the session goes on). */
export function failedEvent(turn: TurnTranscription): Json {
  return {
    type: `${TRANSCRIPTION}.failed`,
    item_id: turn.itemId,
    content_index: 0,
    error: transcriptionFailed(turn.itemId),
  };
}

/**
 * Diarization `…segment` events: one per sentence, speakers alternating, times (seconds within the turn)
 * split by text length. INFERRED shape from the spec example (`seg_0001`, `spk_1`); no live capture exists.
 */
export function segmentEvents(turn: TurnTranscription, text: string): Json[] {
  const sentences =
    text
      .match(/[^.!?]+[.!?]*\s*/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? [];
  const total = sentences.reduce((sum, sentence) => sum + sentence.length, 0);
  const seconds = turn.durationMs / 1000;
  let consumed = 0;
  return sentences.map((sentence, index) => {
    const start = (consumed / total) * seconds;
    consumed += sentence.length;
    return {
      type: `${TRANSCRIPTION}.segment`,
      item_id: turn.itemId,
      content_index: 0,
      id: `seg_${String(index + 1).padStart(4, '0')}`,
      speaker: `spk_${(index % 2) + 1}`,
      start: Number(start.toFixed(3)),
      end: Number(((consumed / total) * seconds).toFixed(3)),
      text: sentence,
    };
  });
}
