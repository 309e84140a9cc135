/**
 * Contract: the beta-era captures (03 TEN samples, 05 forum session) and the OpenAPI doc examples
 * (17 GA, 18 beta) replayed through msw. Beta frames exercise the legacy dialect and the lenient parser.
 */
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type { TranscriptionTransportError } from '../../src/errors.js';
import type { TranscriptionEventTypes } from '../../src/events.js';
import {
  loadCapture,
  serverEvents,
  serverEventsOfType,
} from '../helpers/fixtures.js';
import {
  globalWebSocket,
  replay,
  useMswRealtime,
} from '../helpers/msw-realtime.js';

const { track } = useMswRealtime({ beforeAll, afterEach, afterAll });
const KEY = 'sk-contract-beta-key-2222';
const PRESET = serverEvents('00-seed.jsonl')[0]!;

function newSession(
  options: ConstructorParameters<
    typeof OpenAIRealtimeTranscriptionWebSocket
  >[0] = {},
) {
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    createWebSocket: globalWebSocket,
    ...options,
  });
  const session = track(
    new RealtimeSession(new RealtimeAgent({ name: 'A' }), { transport }),
  );
  const errors: TranscriptionTransportError[] = [];
  session.on('error', (e) =>
    errors.push(e.error as TranscriptionTransportError),
  );
  const events: Array<[string, unknown]> = [];
  for (const type of [
    'transcript_delta',
    'transcript_completed',
    'transcript_failed',
    'speech_started',
    'speech_stopped',
    'transcript_segment',
  ] as const)
    transport.on(type, (e: TranscriptionEventTypes[typeof type][0]) =>
      events.push([type, e]),
    );
  const raw: unknown[] = [];
  transport.on('*', (e) => raw.push(e));
  return { transport, session, errors, events, raw };
}

const historyOf = (session: RealtimeSession) =>
  session.history.map((i) =>
    i.type === 'message' && i.content[0]?.type === 'input_audio'
      ? [i.itemId, 'status' in i ? i.status : '', i.content[0].transcript]
      : [i.itemId, i.type],
  );

describe('03: beta transcription samples', () => {
  it('builds items from the captured delta, whole-turn completion (duration usage), token completion and commit', async () => {
    const samples = serverEvents(
      '03-ten-framework-beta-transcription-samples.jsonl',
    );
    const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
    const { session, events, errors } = newSession();
    await session.connect({ apiKey: KEY });
    for (const event of samples) log.send(event);
    await expect
      .poll(() => historyOf(session))
      .toEqual([
        ['item_BzGpxdtFv1RUd0Iidvo05', 'completed', 'Hello world'],
        ['item_BzJ5TXNPJWWEB80n8MTCn', 'completed', '4月13日，中国台北选手。'],
        ['item_BzIyOo8QFAyacGMS5qVRU', 'in_progress', null],
      ]);
    expect(
      events.filter(([t]) => t === 'transcript_completed').map(([, e]) => e),
    ).toEqual([
      {
        itemId: 'item_BzGpxdtFv1RUd0Iidvo05',
        transcript: 'Hello world',
        usage: { type: 'duration', seconds: 2 },
        logprobs: undefined,
        languages: undefined,
      },
      {
        itemId: 'item_BzJ5TXNPJWWEB80n8MTCn',
        transcript: '4月13日，中国台北选手。',
        usage: samples[2]!.usage,
        logprobs: undefined,
        languages: undefined,
      },
    ]);
    // Only token usage counts as model usage; duration usage is not tokens.
    expect(session.usage.totalTokens).toBe(63);
    expect(errors).toEqual([]);
  });
});

describe('05: a beta transcription session (legacy dialect)', () => {
  const lines = loadCapture(
    '05-forum-1148298-beta-transcription-session.jsonl',
  );
  const created = lines.find(
    (l) => l.event.type === 'transcription_session.created',
  )!.event;

  it('answers transcription_session.created with one well-formed transcription_session.update and builds the item', async () => {
    const log = replay(({ client, onClient }) => {
      client.send(JSON.stringify(created));
      onClient('transcription_session.update', (update) =>
        client.send(
          JSON.stringify({
            type: 'transcription_session.updated',
            event_id: 'event_u',
            session: { ...created.session, ...update.session },
          }),
        ),
      );
    });
    const { session, transport, events, errors } = newSession({
      dialect: 'legacy',
      session: {
        turnDetection: {
          type: 'server_vad',
          threshold: 0.5,
          prefixPaddingMs: 300,
          silenceDurationMs: 500,
          createResponse: true,
        } as never,
      },
    });
    const warnings: string[] = [];
    transport.on('warning', (w) => warnings.push(w.field));
    await session.connect({ apiKey: KEY });
    expect(log.received).toEqual([
      {
        type: 'transcription_session.update',
        event_id: expect.any(String),
        // Unlike the captured client frame, the fields sit under `session` and create_response is not sent.
        session: {
          input_audio_transcription: { model: 'gpt-4o-mini-transcribe' },
          turn_detection: {
            type: 'server_vad',
            threshold: 0.5,
            prefix_padding_ms: 300,
            silence_duration_ms: 500,
          },
        },
      },
    ]);
    expect(warnings).toEqual([
      'session.turnDetection.createResponse',
      'transcription.model',
    ]);
    for (const line of lines.filter(
      (l) => l.dir === 'server' && l.event !== created,
    ))
      log.send(line.event);
    await expect
      .poll(() => historyOf(session))
      .toEqual([['item_BDIjZcVYwyGgsUmbpHA83', 'in_progress', null]]);
    expect(events).toEqual([
      [
        'speech_started',
        { itemId: 'item_BDIjZcVYwyGgsUmbpHA83', audioStartMs: 9780 },
      ],
    ]);
    expect(errors).toEqual([]);
  });
});

describe('18: beta doc examples', () => {
  const lines = loadCapture('18-openapi-beta-doc-examples.jsonl');
  const created = lines[0]!.event;

  it.each(['legacy', 'ga'] as const)(
    'sends nothing (%s dialect) for a beta session that already has a model',
    async (dialect) => {
      const log = replay(({ client }) => client.send(JSON.stringify(created)));
      const { session, transport } = newSession({ dialect });
      await session.connect({ apiKey: KEY });
      session.sendAudio(new ArrayBuffer(4800));
      await expect
        .poll(() => log.received.map((e) => e.type))
        .toEqual(['input_audio_buffer.append']);
      expect(transport.serverSession?.audio?.input?.transcription).toEqual({
        model: 'gpt-4o-transcribe',
        prompt: '',
        language: '',
      });
    },
  );

  it('reads every beta server example: items in arrival order, events with the example values', async () => {
    const log = replay(({ client }) => client.send(JSON.stringify(created)));
    const { session, events, errors, raw } = newSession({ dialect: 'legacy' });
    await session.connect({ apiKey: KEY });
    const rest = lines
      .filter((l) => l.dir === 'server')
      .slice(2)
      .map((l) => l.event);
    for (const event of rest) log.send(event);
    await expect.poll(() => raw.length).toBe(1 + rest.length);
    expect(raw).toEqual([created, ...rest]);
    expect(historyOf(session)).toEqual([
      ['msg_002', 'in_progress', null],
      ['msg_003', 'completed', 'Hello, how are you?'],
      ['item_001', 'in_progress', 'Hello'],
    ]);
    expect(events.map(([type]) => type)).toEqual([
      'speech_started',
      'speech_stopped',
      'transcript_delta',
      'transcript_completed',
      // The examples' `failed` names msg_003, which already completed: a late failure changes nothing.
      'transcript_segment',
    ]);
    expect(errors.map((e) => [e.code, e.serverError?.code])).toEqual([
      ['SERVER_ERROR', 'invalid_event'],
    ]);
  });
});

describe('17: GA doc examples', () => {
  const pick = (type: string) =>
    serverEventsOfType('17-openapi-ga-doc-examples.jsonl', type)[0]!;

  it.each<[string, string, unknown]>([
    [
      'input_audio_buffer.speech_started',
      'speech_started',
      { itemId: 'msg_003', audioStartMs: 1000 },
    ],
    [
      'input_audio_buffer.speech_stopped',
      'speech_stopped',
      { itemId: 'msg_003', audioEndMs: 2000 },
    ],
    [
      'conversation.item.input_audio_transcription.delta',
      'transcript_delta',
      {
        itemId: 'item_CCXGQ4e1ht4cOraEYcuR2',
        delta: 'Hey',
        transcript: 'Hey',
        logprobs: undefined,
      },
    ],
    [
      'conversation.item.input_audio_transcription.segment',
      'transcript_segment',
      {
        itemId: 'msg_011',
        id: 'seg_0001',
        speaker: 'spk_1',
        start: 0,
        end: 0.4,
        text: 'hello',
      },
    ],
  ])('maps %s to %s', async (type, emitted, payload) => {
    const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
    const { session, events, raw } = newSession();
    await session.connect({ apiKey: KEY });
    const event = pick(type);
    log.send(event);
    await expect.poll(() => events).toEqual([[emitted, payload]]);
    expect(raw.at(-1)).toEqual(event);
  });

  it('forwards events it does not interpret on * unchanged and builds nothing from them', async () => {
    const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
    const { session, raw, events, errors } = newSession();
    await session.connect({ apiKey: KEY });
    const unknown = [
      pick('input_audio_buffer.timeout_triggered'),
      pick('input_audio_buffer.cleared'),
      pick('conversation.item.done'),
    ];
    for (const event of unknown) log.send(event);
    await expect.poll(() => raw.slice(1)).toEqual(unknown);
    // item.done of the example is an assistant item: nothing of it enters a transcription history.
    expect(session.history).toEqual([]);
    expect(events).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps the completed text when item.added/done with transcript null arrive later', async () => {
    const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
    const { session } = newSession();
    await session.connect({ apiKey: KEY });
    const delta = pick('conversation.item.input_audio_transcription.delta');
    const completed = pick(
      'conversation.item.input_audio_transcription.completed',
    );
    const item = {
      id: delta.item_id,
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    };
    log.send({
      type: 'input_audio_buffer.committed',
      event_id: 'e',
      previous_item_id: null,
      item_id: delta.item_id,
    });
    log.send(delta);
    log.send({
      type: 'conversation.item.added',
      event_id: 'e',
      previous_item_id: null,
      item,
    });
    log.send(completed);
    log.send({
      type: 'conversation.item.done',
      event_id: 'e',
      previous_item_id: null,
      item,
    });
    log.send({
      type: 'input_audio_buffer.committed',
      event_id: 'e',
      previous_item_id: delta.item_id,
      item_id: 'item_after',
    });
    await expect
      .poll(() => historyOf(session))
      .toEqual([
        [delta.item_id, 'completed', 'Hey, can you hear me?'],
        ['item_after', 'in_progress', null],
      ]);
  });
});
