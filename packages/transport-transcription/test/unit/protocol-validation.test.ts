/**
 * The validator of `protocol.ts`, per event type: a field the transport reads with the wrong type drops
 * the event with a problem naming the type and the field; a bad optional detail is left out alone; an
 * error keeps its safe fields.
 */
import { describe, expect, it } from 'vitest';
import { MAX_AUDIO_MS, MAX_ID_LENGTH } from '../../src/wire/field-checks.js';
import {
  interpretServerEvent,
  readServerEvent,
  type ServerEvent,
} from '../../src/wire/server-events.js';
import { serverEvents } from '../helpers/fixtures.js';

const T = 'conversation.item.input_audio_transcription';
const ev = (e: Record<string, unknown>) => e as ServerEvent;
const LONG_ID = 'x'.repeat(MAX_ID_LENGTH + 1);

describe('readServerEvent drops an event whose read field has the wrong type', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'speech_started with a negative time',
      {
        type: 'input_audio_buffer.speech_started',
        item_id: 'i',
        audio_start_ms: -1,
      },
      'audio_start_ms',
      'audio_start_ms is the number -1, expected milliseconds from 0 to 2147483647',
    ],
    [
      'speech_stopped with a time beyond any session',
      {
        type: 'input_audio_buffer.speech_stopped',
        item_id: 'i',
        audio_end_ms: MAX_AUDIO_MS + 1,
      },
      'audio_end_ms',
      `audio_end_ms is the number ${MAX_AUDIO_MS + 1}`,
    ],
    [
      'speech_stopped without a time',
      { type: 'input_audio_buffer.speech_stopped', item_id: 'i' },
      'audio_end_ms',
      'audio_end_ms is missing',
    ],
    [
      'committed with a numeric item_id',
      { type: 'input_audio_buffer.committed', item_id: 7 },
      'item_id',
      'item_id is the number 7, expected a non-empty string of at most 512 characters',
    ],
    [
      'committed with an empty item_id',
      { type: 'input_audio_buffer.committed', item_id: '' },
      'item_id',
      'item_id is an empty string',
    ],
    [
      'committed with an item_id too long',
      { type: 'input_audio_buffer.committed', item_id: LONG_ID },
      'item_id',
      `item_id is a string of ${MAX_ID_LENGTH + 1} characters`,
    ],
    [
      'committed with an object as previous_item_id',
      {
        type: 'input_audio_buffer.committed',
        item_id: 'b',
        previous_item_id: { id: 'a' },
      },
      'previous_item_id',
      'previous_item_id is an object',
    ],
    [
      'an item event whose item is an array',
      { type: 'conversation.item.added', item: [] },
      'item',
      'item is an array, expected an object',
    ],
    [
      'a user item whose content is not an array',
      {
        type: 'conversation.item.added',
        item: { id: 'i', role: 'user', content: { type: 'input_audio' } },
      },
      'item.content',
      'item.content is an object, expected an array',
    ],
    [
      'a user item with a numeric transcript',
      {
        type: 'conversation.item.done',
        item: {
          id: 'i',
          role: 'user',
          content: [{ type: 'input_audio', transcript: 5 }],
        },
      },
      'item.content[].transcript',
      'item.content[].transcript is the number 5, expected a string',
    ],
    [
      'a delta whose text is an object',
      { type: `${T}.delta`, item_id: 'i', delta: {} },
      'delta',
      'delta is an object, expected a string',
    ],
    [
      'a completed event without transcript',
      { type: `${T}.completed`, item_id: 'i' },
      'transcript',
      'transcript is missing, expected a string',
    ],
    [
      'a completed event with an array as transcript',
      { type: `${T}.completed`, item_id: 'i', transcript: ['a'] },
      'transcript',
      'transcript is an array, expected a string',
    ],
    [
      'a failed event with a boolean item_id',
      { type: `${T}.failed`, item_id: true },
      'item_id',
      'item_id is the boolean true',
    ],
    [
      'a segment with a string start',
      { type: `${T}.segment`, item_id: 'i', start: '0.1' },
      'start',
      'start is a string of 3 characters, expected seconds from 0 to 2147483.647',
    ],
    [
      'a segment with a null speaker',
      { type: `${T}.segment`, item_id: 'i', speaker: null },
      'speaker',
      'speaker is null, expected a string',
    ],
    [
      'a session event whose session is a string',
      { type: 'session.created', session: 'sess_1' },
      'session',
      'session is a string of 6 characters, expected an object',
    ],
  ])('%s', (_t, event, path, what) => {
    const read = readServerEvent(ev(event));
    expect(read.event).toBeUndefined();
    expect(read.forward).toBe(false);
    expect(read.problems).toEqual([
      {
        type: event.type,
        field: `${event.type as string}.${path}`,
        message: expect.stringContaining(
          `Dropped a ${event.type as string} event from the server: ${what}`,
        ),
      },
    ]);
    expect(interpretServerEvent(ev(event))).toBeUndefined();
  });
});

describe('readServerEvent keeps an event and leaves out a bad optional detail', () => {
  it.each<[string, string, unknown, string]>([
    ['logprobs that is an object', 'logprobs', {}, 'logprobs'],
    [
      'a logprob without bytes',
      'logprobs',
      [{ token: 'a', logprob: -1 }],
      'logprobs[].bytes',
    ],
    [
      'a logprob with a byte over 255',
      'logprobs',
      [{ token: 'a', logprob: -1, bytes: [256] }],
      'logprobs[].bytes[]',
    ],
    [
      'usage of an unknown type',
      'usage',
      { type: 'credits', credits: 3 },
      'usage.type',
    ],
    [
      'token usage with a negative count',
      'usage',
      { type: 'tokens', input_tokens: -1, output_tokens: 1, total_tokens: 0 },
      'usage.input_tokens',
    ],
    [
      'token usage with fractional details',
      'usage',
      {
        type: 'tokens',
        input_tokens: 1,
        output_tokens: 1,
        total_tokens: 2,
        input_token_details: { audio_tokens: 0.5 },
      },
      'usage.input_token_details.audio_tokens',
    ],
    [
      'duration usage with a string',
      'usage',
      { type: 'duration', seconds: '2' },
      'usage.seconds',
    ],
    ['languages that is a string', 'languages', 'en', 'languages'],
    [
      'a language without a code',
      'languages',
      [{ code: 'en' }, {}],
      'languages[].code',
    ],
  ])('a completed event with %s', (_t, key, value, path) => {
    const type = `${T}.completed`;
    const read = readServerEvent(
      ev({ type, item_id: 'i', transcript: 'kept', [key]: value }),
    );
    expect(read.forward).toBe(true);
    expect(read.event).toMatchObject({
      kind: 'completed',
      itemId: 'i',
      transcript: 'kept',
    });
    expect((read.event as Record<string, unknown>)[key]).toBeUndefined();
    expect(read.problems).toEqual([
      {
        type,
        field: `${type}.${path}`,
        message: expect.stringMatching(
          new RegExp(`^Ignored ${key} of a ${type} event from the server: `),
        ),
      },
    ]);
  });

  it('keeps well-formed details as they are', () => {
    const details = {
      usage: {
        type: 'tokens',
        input_tokens: 3,
        output_tokens: 2,
        total_tokens: 5,
        input_token_details: { audio_tokens: 3, text_tokens: 0 },
      },
      logprobs: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105] }],
      languages: [{ code: 'en' }],
    };
    const read = readServerEvent(
      ev({
        type: `${T}.completed`,
        item_id: 'i',
        transcript: 'Hi',
        ...details,
      }),
    );
    expect(read.problems).toEqual([]);
    expect(read.event).toEqual({
      kind: 'completed',
      itemId: 'i',
      transcript: 'Hi',
      ...details,
    });
  });

  it('treats null optional details as absent, without a problem', () => {
    const read = readServerEvent(
      ev({
        type: `${T}.delta`,
        item_id: 'i',
        delta: 'a',
        logprobs: null,
      }),
    );
    expect(read.problems).toEqual([]);
    expect(read.event).toEqual({
      kind: 'delta',
      itemId: 'i',
      delta: 'a',
      logprobs: undefined,
    });
  });
});

describe('readServerEvent on a session', () => {
  const created = (session: Record<string, unknown>) =>
    readServerEvent(ev({ type: 'session.created', session }));

  it.each<[string, Record<string, unknown>, string]>([
    ['expires_at as a string', { expires_at: 'soon' }, 'session.expires_at'],
    ['include as a string', { include: 'logprobs' }, 'session.include'],
    ['audio as an array', { audio: [] }, 'session.audio'],
    [
      'a format without a type',
      { audio: { input: { format: { rate: 24000 } } } },
      'session.audio.input.format.type',
    ],
    [
      'a zero sample rate',
      { audio: { input: { format: { type: 'audio/pcm', rate: 0 } } } },
      'session.audio.input.format.rate',
    ],
    [
      'a numeric model',
      { audio: { input: { transcription: { model: 4 } } } },
      'session.audio.input.transcription.model',
    ],
    [
      'languages with a number in it',
      { audio: { input: { transcription: { languages: ['en', 1] } } } },
      'session.audio.input.transcription.languages[]',
    ],
    [
      'a turn detection with a string threshold',
      {
        audio: {
          input: { turn_detection: { type: 'server_vad', threshold: '0.5' } },
        },
      },
      'session.audio.input.turn_detection.threshold',
    ],
    [
      'a legacy flat session with a numeric turn detection',
      { input_audio_format: 'pcm16', turn_detection: 5 },
      'session.audio.input.turn_detection',
    ],
  ])(
    'keeps the event and leaves out %s, with a problem',
    (_t, session, field) => {
      const read = created({ type: 'transcription', ...session });
      expect(read.forward).toBe(true);
      expect(read.event).toMatchObject({ kind: 'session', phase: 'created' });
      expect(read.problems.map((p) => p.field)).toEqual([
        `session.created.${field}`,
      ]);
    },
  );

  it('leaves out only the bad field, keeping its neighbours', () => {
    const read = created({
      type: 'transcription',
      expires_at: 1789728574,
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: { model: 'gpt-4o-transcribe', language: 7 },
          turn_detection: null,
        },
      },
    });
    expect(read.event).toEqual({
      kind: 'session',
      phase: 'created',
      session: {
        type: 'transcription',
        expires_at: 1789728574,
        audio: {
          input: {
            format: { type: 'audio/pcm', rate: 24000 },
            transcription: { model: 'gpt-4o-transcribe' },
            turn_detection: null,
          },
        },
      },
    });
  });

  it('returns a well-formed session as the same object', () => {
    const session = {
      type: 'transcription',
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 } } },
    };
    const read = created(session);
    expect(read.problems).toEqual([]);
    expect((read.event as { session: unknown }).session).toBe(session);
  });
});

describe('readServerEvent on an error', () => {
  it.each<[string, unknown, Record<string, unknown>]>([
    [
      'a message that is an object',
      { message: {} },
      { message: 'the server sent an error whose message is not a string' },
    ],
    [
      'a message that is a number',
      { code: 'x', message: 42 },
      {
        code: 'x',
        message: 'the server sent an error whose message is not a string',
      },
    ],
    [
      'a code, type, param and event_id of the wrong types',
      { type: 1, code: [], param: {}, event_id: 5, message: 'm' },
      { message: 'm' },
    ],
    [
      'null code and param kept',
      { code: null, param: null },
      { code: null, param: null },
    ],
    [
      'unknown fields kept',
      { message: 'm', retry_after: 3 },
      { message: 'm', retry_after: 3 },
    ],
    ['a string as the error', 'boom', { message: 'boom' }],
    [
      'a number as the error',
      7,
      { message: 'the server sent an error that is not an object' },
    ],
    ['no error', undefined, {}],
  ])('is never dropped: %s', (_t, error, detail) => {
    for (const type of ['error', `${T}.failed`]) {
      const read = readServerEvent(ev({ type, item_id: 'i', error }));
      expect(read.forward).toBe(true);
      expect(read.problems).toEqual([]);
      expect((read.event as { error: unknown }).error).toEqual(detail);
    }
  });
});

describe('readServerEvent on events it does not act on', () => {
  it.each([
    [{ type: 'response.done', response: 5 }],
    [{ type: 'conversation.item.added', item: { id: 7, role: 'assistant' } }],
    [{ type: 'vendor.anything', item_id: {} }],
  ])('forwards %j without a problem', (event) => {
    expect(readServerEvent(ev(event))).toEqual({
      event: undefined,
      forward: true,
      problems: [],
    });
  });
});

describe('readServerEvent on the captured traffic', () => {
  it('reads every server line of every capture without a problem', () => {
    const files = [
      '00-seed.jsonl',
      '01-llmgw-ga-transcription-probe.jsonl',
      '02-llmgw-ga-error-events.jsonl',
      '03-ten-framework-beta-transcription-samples.jsonl',
      '04-swift-openai-api-beta-transcription-session-created.jsonl',
      '05-forum-1148298-beta-transcription-session.jsonl',
      '06-forum-1148726-beta-transcription-flow.jsonl',
      '07-openai-python-2652-transcription-model-param-error.jsonl',
      '08-livekit-agents-js-1756-ga-invalid-model.jsonl',
      '09-forum-1294035-transcription-update-on-realtime-session-error.jsonl',
      '10-openai-realtime-console-46-beta-transcription-failed.jsonl',
      '11-feeding-frenzy-beta-realtime-whisper-samples.jsonl',
      '12-openai-realtime-api-beta-9-unknown-parameter.jsonl',
      '13-solar-system-1-beta-item-created-transcript-null.jsonl',
      '14-forum-1068762-beta-webrtc-item-created-transcript-null.jsonl',
      '15-forum-1076308-beta-item-created-first-turn.jsonl',
      '17-openapi-ga-doc-examples.jsonl',
      '18-openapi-beta-doc-examples.jsonl',
      '20-AZURE-openai-agents-js-297-transcription-failed.jsonl',
    ];
    const problems = files.flatMap((file) =>
      serverEvents(file).flatMap((event) =>
        readServerEvent(event as ServerEvent).problems.map(
          (p) => `${file}: ${p.message}`,
        ),
      ),
    );
    expect(problems).toEqual([]);
  });
});
