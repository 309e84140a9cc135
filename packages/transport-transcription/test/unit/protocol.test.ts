import { describe, expect, it } from 'vitest';
import {
  interpretServerEvent,
  parseServerEvent,
  type ServerEvent,
} from '../../src/wire/server-events.js';
import { serverEvents, serverEventsOfType } from '../helpers/fixtures.js';

describe('parseServerEvent', () => {
  it.each([
    ['not json', 'not json'],
    ['an array', '[{"type":"error"}]'],
    ['a string', '"session.created"'],
    ['null', 'null'],
    ['an object without type', '{"event_id":"e"}'],
    ['an object with a numeric type', '{"type":5}'],
  ])('returns undefined for %s', (_t, text) => {
    expect(parseServerEvent(text)).toBeUndefined();
  });

  it('keeps unknown fields and unknown types untouched', () => {
    const text =
      '{"type":"input_audio_buffer.timeout_triggered","event_id":"e","audio_start_ms":1,"future":{"x":[1]}}';
    const event = parseServerEvent(text)!;
    expect(event).toEqual(JSON.parse(text));
    expect(interpretServerEvent(event)).toBeUndefined();
  });

  it('parses every server line of every capture used by the contract tests', () => {
    for (const file of [
      '00-seed.jsonl',
      '01-llmgw-ga-transcription-probe.jsonl',
      '02-llmgw-ga-error-events.jsonl',
      '03-ten-framework-beta-transcription-samples.jsonl',
      '05-forum-1148298-beta-transcription-session.jsonl',
      '10-openai-realtime-console-46-beta-transcription-failed.jsonl',
      '17-openapi-ga-doc-examples.jsonl',
      '18-openapi-beta-doc-examples.jsonl',
    ]) {
      for (const event of serverEvents(file))
        expect(parseServerEvent(JSON.stringify(event)), file).toEqual(event);
    }
  });
});

const ev = (e: Record<string, unknown>) => e as ServerEvent;

describe('interpretServerEvent', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    [
      'speech_started',
      {
        type: 'input_audio_buffer.speech_started',
        item_id: 'i',
        audio_start_ms: 9780,
      },
      { kind: 'speech_started', itemId: 'i', audioStartMs: 9780 },
    ],
    [
      'speech_stopped',
      {
        type: 'input_audio_buffer.speech_stopped',
        item_id: 'i',
        audio_end_ms: 2000,
      },
      { kind: 'speech_stopped', itemId: 'i', audioEndMs: 2000 },
    ],
    [
      'committed with a predecessor',
      {
        type: 'input_audio_buffer.committed',
        item_id: 'b',
        previous_item_id: 'a',
      },
      { kind: 'committed', itemId: 'b', previousItemId: 'a' },
    ],
    [
      'committed first (null)',
      {
        type: 'input_audio_buffer.committed',
        item_id: 'a',
        previous_item_id: null,
      },
      { kind: 'committed', itemId: 'a', previousItemId: null },
    ],
    [
      'committed without previous_item_id',
      { type: 'input_audio_buffer.committed', item_id: 'a' },
      { kind: 'committed', itemId: 'a', previousItemId: null },
    ],
    [
      'committed with an empty previous_item_id',
      {
        type: 'input_audio_buffer.committed',
        item_id: 'a',
        previous_item_id: '',
      },
      { kind: 'committed', itemId: 'a', previousItemId: null },
    ],
    ['cleared', { type: 'input_audio_buffer.cleared' }, { kind: 'cleared' }],
    [
      'a delta without delta text',
      {
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: 'i',
      },
      { kind: 'delta', itemId: 'i', delta: '', logprobs: undefined },
    ],
    [
      'a delta with logprobs',
      {
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: 'i',
        delta: 'Hi',
        logprobs: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105] }],
      },
      {
        kind: 'delta',
        itemId: 'i',
        delta: 'Hi',
        logprobs: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105] }],
      },
    ],
    [
      'completed with languages',
      {
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: 'i',
        transcript: 'Hola',
        languages: [{ code: 'es' }],
      },
      {
        kind: 'completed',
        itemId: 'i',
        transcript: 'Hola',
        usage: undefined,
        logprobs: undefined,
        languages: [{ code: 'es' }],
      },
    ],
    [
      'failed without an error object',
      {
        type: 'conversation.item.input_audio_transcription.failed',
        item_id: 'i',
      },
      { kind: 'failed', itemId: 'i', error: {} },
    ],
    [
      'an error without an error object',
      { type: 'error' },
      { kind: 'error', error: {} },
    ],
    [
      'the GA session.created',
      { type: 'session.created', session: { type: 'transcription' } },
      { kind: 'session', phase: 'created', session: { type: 'transcription' } },
    ],
    [
      'the legacy transcription_session.updated',
      { type: 'transcription_session.updated', session: { id: 's' } },
      { kind: 'session', phase: 'updated', session: { id: 's' } },
    ],
  ])('reads %s', (_t, event, expected) => {
    expect(interpretServerEvent(ev(event))).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a session event without a session', { type: 'session.created' }],
    [
      'speech_started without item_id',
      { type: 'input_audio_buffer.speech_started', audio_start_ms: 1 },
    ],
    [
      'speech_started with a string time',
      {
        type: 'input_audio_buffer.speech_started',
        item_id: 'i',
        audio_start_ms: '1',
      },
    ],
    ['committed without item_id', { type: 'input_audio_buffer.committed' }],
    [
      'an assistant item',
      {
        type: 'conversation.item.done',
        item: {
          id: 'a',
          role: 'assistant',
          content: [{ type: 'output_audio', transcript: 'Hi' }],
        },
      },
    ],
    [
      'an item without id',
      { type: 'conversation.item.added', item: { role: 'user' } },
    ],
    [
      'a delta without item_id',
      { type: 'conversation.item.input_audio_transcription.delta', delta: 'x' },
    ],
    ['a response event', { type: 'response.done', response: {} }],
    ['rate limits', { type: 'rate_limits.updated', rate_limits: [] }],
  ])('only forwards %s', (_t, event) => {
    expect(interpretServerEvent(ev(event))).toBeUndefined();
  });

  it.each([
    [
      'conversation.item.added (GA)',
      '17-openapi-ga-doc-examples.jsonl',
      'conversation.item.added',
      null,
    ],
    [
      'conversation.item.created (beta) with content []',
      '18-openapi-beta-doc-examples.jsonl',
      'conversation.item.created',
      null,
    ],
    [
      'conversation.item.created (beta) with transcript null',
      '05-forum-1148298-beta-transcription-session.jsonl',
      'conversation.item.created',
      null,
    ],
  ])(
    'reads the user item of %s as transcript null',
    (_t, file, type, transcript) => {
      const event = serverEventsOfType(file, type)[0]! as ServerEvent;
      expect(interpretServerEvent(event)).toMatchObject({
        kind: 'item_added',
        itemId: (event.item as { id: string }).id,
        transcript,
      });
    },
  );

  it('reads the captured completed events with token and duration usage', () => {
    const [whisper, tokens] = serverEventsOfType(
      '03-ten-framework-beta-transcription-samples.jsonl',
      'conversation.item.input_audio_transcription.completed',
    );
    expect(interpretServerEvent(whisper as ServerEvent)).toMatchObject({
      kind: 'completed',
      transcript: 'Hello world',
      usage: { type: 'duration', seconds: 2 },
    });
    expect(interpretServerEvent(tokens as ServerEvent)).toMatchObject({
      kind: 'completed',
      usage: { type: 'tokens', total_tokens: 63 },
    });
  });

  it('reads the captured failure with the server error intact', () => {
    const failed = serverEvents(
      '10-openai-realtime-console-46-beta-transcription-failed.jsonl',
    )[0]! as ServerEvent;
    expect(interpretServerEvent(failed)).toEqual({
      kind: 'failed',
      itemId: 'item_AGEqweASABEtfGc3R5McG',
      error: (failed as unknown as { error: unknown }).error,
    });
  });

  it('reads the diarization segment example', () => {
    const segment = serverEventsOfType(
      '17-openapi-ga-doc-examples.jsonl',
      'conversation.item.input_audio_transcription.segment',
    )[0]! as ServerEvent;
    expect(interpretServerEvent(segment)).toEqual({
      kind: 'segment',
      itemId: 'msg_011',
      id: 'seg_0001',
      speaker: 'spk_1',
      start: 0,
      end: 0.4,
      text: 'hello',
    });
  });
});
