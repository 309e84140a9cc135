// Server events of the GA transcription protocol, shaped like the captures in
// packages/transport-transcription/test/fixtures/traffic (session.created from 00-seed, the rest from 17-openapi-ga-doc-examples).

let seq = 0;
const eventId = () => `event_bench${++seq}`;

export const transcriptionSession = () => ({
  type: 'transcription',
  object: 'realtime.transcription_session',
  id: 'sess_bench',
  expires_at: Math.floor(Date.now() / 1000) + 3600,
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
      noise_reduction: null,
      turn_detection: {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 500,
      },
    },
  },
  include: null,
});

export const sessionCreated = () => ({
  type: 'session.created',
  event_id: eventId(),
  session: transcriptionSession(),
});

/** The reply to a client's session.update: the configured session (the bench does not care which). */
export const sessionUpdated = () => ({
  type: 'session.updated',
  event_id: eventId(),
  session: transcriptionSession(),
});

/**
 * The events one transcribed turn produces, in server order: committed, item added (transcript null),
 * `deltas` transcript deltas, completed. Returns the JSON strings, ready to be put on a socket.
 */
export function turnEvents(itemId, previousItemId, deltas = 5) {
  const words = Array.from({ length: deltas }, (_, i) => `word${i} `);
  return [
    {
      type: 'input_audio_buffer.committed',
      previous_item_id: previousItemId,
      item_id: itemId,
    },
    {
      type: 'conversation.item.added',
      previous_item_id: previousItemId,
      item: {
        id: itemId,
        type: 'message',
        status: 'completed',
        role: 'user',
        content: [{ type: 'input_audio', transcript: null }],
      },
    },
    ...words.map((delta) => ({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: itemId,
      content_index: 0,
      delta,
    })),
    {
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      content_index: 0,
      transcript: words.join('').trim(),
      usage: { type: 'duration', seconds: 2 },
    },
  ].map((event) => JSON.stringify({ event_id: eventId(), ...event }));
}

const APPEND_PREFIX = Buffer.from('input_audio_buffer.append');

/** Whether a received frame is an audio append (looks only at its head, not the base64 body). */
export function isAppend(data) {
  const head =
    typeof data === 'string' ? data.slice(0, 96) : data.subarray(0, 96);
  return typeof head === 'string'
    ? head.includes('input_audio_buffer.append')
    : head.includes(APPEND_PREFIX);
}

/** PCM16 LE mono frames: `count` distinct frames of `bytes` bytes, a sine (amplitude 0..1) with noise. */
export function pcmFrames(count, bytes, amplitude = 0.3) {
  const frames = [];
  for (let f = 0; f < count; f++) {
    const samples = new Int16Array(bytes / 2);
    for (let i = 0; i < samples.length; i++) {
      const t = (f * samples.length + i) / 24000;
      const v =
        amplitude * Math.sin(2 * Math.PI * 220 * t) +
        0.01 * (Math.random() - 0.5);
      samples[i] = Math.round(v * 32767);
    }
    frames.push(samples.buffer);
  }
  return frames;
}
