/**
 * Contract: the GA transcription captures (fixtures/traffic/00-seed and 01-llmgw probe) replayed through
 * msw to a real RealtimeSession driving the transport.
 */
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type {
  TranscriptCompletedEvent,
  TranscriptDeltaEvent,
} from '../../src/events.js';
import type { TranscriptionTransportError } from '../../src/errors.js';
import { loadCapture, serverEvents } from '../helpers/fixtures.js';
import {
  globalWebSocket,
  replay,
  useMswRealtime,
} from '../helpers/msw-realtime.js';

const { track } = useMswRealtime({ beforeAll, afterEach, afterAll });

const SEED = serverEvents('00-seed.jsonl');
const SEED_CREATED = SEED[0]!;
const SEED_ERROR = SEED[1]!;
const PROBE = loadCapture('01-llmgw-ga-transcription-probe.jsonl');
const KEY = 'sk-contract-test-key-0000';

function newSession(
  options: ConstructorParameters<
    typeof OpenAIRealtimeTranscriptionWebSocket
  >[0] = {},
  config?: ConstructorParameters<typeof RealtimeSession>[1] extends infer O
    ? O extends { config?: infer C }
      ? C
      : never
    : never,
) {
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    createWebSocket: globalWebSocket,
    ...options,
  });
  const session = track(
    new RealtimeSession(
      new RealtimeAgent({
        name: 'Assistant',
        instructions: 'You are a helpful voice assistant.',
      }),
      { transport, ...(config ? { config } : {}) },
    ),
  );
  const errors: TranscriptionTransportError[] = [];
  session.on('error', (e) =>
    errors.push(e.error as TranscriptionTransportError),
  );
  return { transport, session, errors };
}

/** Waits until the server has received `n` frames of `type`. */
async function received(
  log: { received: Array<{ type: string }> },
  type: string,
  n = 1,
) {
  await expect
    .poll(() => log.received.filter((e) => e.type === type).length)
    .toBeGreaterThanOrEqual(n);
}

const FORBIDDEN = [
  'conversation.item.retrieve',
  'conversation.item.create',
  'response.create',
  'response.cancel',
  'transcription_session.update',
];

function expectOnlyTranscriptionFrames(
  frames: Array<{ type: string; [k: string]: any }>,
) {
  for (const frame of frames) {
    expect(FORBIDDEN).not.toContain(frame.type);
    if (frame.type === 'session.update')
      expect(frame.session.type).toBe('transcription');
  }
}

describe('00-seed: a session minted from a client secret', () => {
  it('sends no session.update when the user configured nothing, and surfaces the captured error', async () => {
    const log = replay(({ client }) =>
      client.send(JSON.stringify(SEED_CREATED)),
    );
    const { session, transport, errors } = newSession();
    await session.connect({ apiKey: KEY });

    expect(log.connections).toEqual([
      {
        url: 'wss://api.openai.com/v1/realtime?intent=transcription',
        protocols: ['realtime', `openai-insecure-api-key.${KEY}`],
      },
    ]);
    // Frames are ordered: once the append has arrived, anything sent before it has arrived too.
    session.sendAudio(new ArrayBuffer(4800));
    await received(log, 'input_audio_buffer.append');
    expect(log.received.map((e) => e.type)).toEqual([
      'input_audio_buffer.append',
    ]);
    expect(transport.serverSession).toEqual(SEED_CREATED.session);

    log.send(SEED_ERROR);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]!.code).toBe('SERVER_ERROR');
    expect(errors[0]!.serverError).toEqual(SEED_ERROR.error);
    expect(errors[0]!.message).toContain('invalid_parameter');
    expect(errors[0]!.message).toContain(
      'Passing a realtime session update event to a transcription session is not allowed.',
    );
    expect(transport.status).toBe('connected');
  });

  it('sends nothing on an agent change, and never a conversation.item.retrieve for a transcript', async () => {
    const log = replay(({ client }) =>
      client.send(JSON.stringify(SEED_CREATED)),
    );
    const { session, errors } = newSession();
    await session.connect({ apiKey: KEY });
    await session.updateAgent(
      new RealtimeAgent({
        name: 'Other',
        instructions: 'Something else.',
        voice: 'marin',
      }),
    );
    log.send({
      type: 'input_audio_buffer.committed',
      event_id: 'e1',
      previous_item_id: null,
      item_id: 'item_1',
    });
    log.send({
      type: 'conversation.item.input_audio_transcription.completed',
      event_id: 'e2',
      item_id: 'item_1',
      content_index: 0,
      transcript: 'Hello.',
      usage: {
        type: 'tokens',
        total_tokens: 3,
        input_tokens: 2,
        output_tokens: 1,
      },
    });
    await expect
      .poll(() =>
        session.history.map((i) => ('status' in i ? i.status : i.type)),
      )
      .toEqual(['completed']);
    session.sendAudio(new ArrayBuffer(4800), { commit: true });
    await received(log, 'input_audio_buffer.commit');
    expect(log.received.map((e) => e.type)).toEqual([
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
    ]);
    expectOnlyTranscriptionFrames(log.received);
    expect(errors).toEqual([]);
  });

  it('merges an explicit language into the preset model and prompt in one update', async () => {
    const log = replay(({ client, onClient }) => {
      client.send(JSON.stringify(SEED_CREATED));
      onClient('session.update', (update) =>
        client.send(
          JSON.stringify({
            type: 'session.updated',
            event_id: 'event_u',
            session: {
              ...SEED_CREATED.session,
              audio: {
                input: {
                  ...SEED_CREATED.session.audio.input,
                  ...update.session.audio.input,
                },
              },
            },
          }),
        ),
      );
    });
    const { session } = newSession(
      {},
      {
        audio: { input: { transcription: { language: 'fr' } } },
      },
    );
    await session.connect({ apiKey: KEY });
    expect(log.received).toEqual([
      {
        type: 'session.update',
        event_id: expect.any(String),
        session: {
          type: 'transcription',
          audio: {
            input: {
              transcription: {
                model: 'gpt-4o-mini-transcribe',
                language: 'fr',
                prompt: SEED_CREATED.session.audio.input.transcription.prompt,
              },
            },
          },
        },
      },
    ]);
  });

  it('switches a preset to gpt-realtime-whisper without the inherited prompt and with turn detection off', async () => {
    const log = replay(({ client, onClient }) => {
      client.send(JSON.stringify(SEED_CREATED));
      onClient('session.update', () =>
        client.send(
          JSON.stringify({
            type: 'session.updated',
            event_id: 'u',
            session: SEED_CREATED.session,
          }),
        ),
      );
    });
    const { session } = newSession({
      session: { transcription: { model: 'gpt-realtime-whisper' } },
    });
    await session.connect({ apiKey: KEY });
    expect(log.received.map((e) => e.session)).toEqual([
      {
        type: 'transcription',
        audio: {
          input: {
            transcription: { model: 'gpt-realtime-whisper', language: 'en' },
            turn_detection: null,
          },
        },
      },
    ]);
  });

  it('refuses a prompt for gpt-realtime-whisper before opening a socket', async () => {
    const log = replay(({ client }) =>
      client.send(JSON.stringify(SEED_CREATED)),
    );
    expect(
      () =>
        new OpenAIRealtimeTranscriptionWebSocket({
          session: {
            transcription: { model: 'gpt-realtime-whisper', prompt: 'x' },
          },
        }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_CONFLICT' }));
    const { session, transport } = newSession(
      {},
      {
        audio: {
          input: {
            transcription: { model: 'gpt-realtime-whisper', prompt: 'x' },
          },
        },
      },
    );
    await expect(session.connect({ apiKey: KEY })).rejects.toMatchObject({
      code: 'CONFIG_CONFLICT',
    });
    expect(log.connections).toEqual([]);
    expect(transport.status).toBe('disconnected');
  });
});

describe('01-llmgw probe: a bare transcription session, end to end', () => {
  const created = PROBE[0]!.event;
  const captured = Object.fromEntries(
    PROBE.filter((l) => l.dir === 'server').map((l) => [l.event.type, l.event]),
  );
  // Elided by the source and rebuilt from its notes (01-llmgw-ga-transcription-probe.md).
  const ITEM = 'item_…';
  const userItem = {
    id: ITEM,
    type: 'message',
    status: 'completed',
    role: 'user',
    content: [{ type: 'input_audio', transcript: null }],
  };
  const elidedDeltas = [' from', ' the', ' Gateway', ' Probe', '.'];

  it('fills the missing model with one session.update, then builds the transcript from the captured frames', async () => {
    const log = replay(({ client, onClient }) => {
      client.send(JSON.stringify(created));
      onClient('session.update', () =>
        client.send(
          JSON.stringify({
            type: 'session.updated',
            event_id: 'event_…',
            session: {
              ...created.session,
              audio: {
                input: {
                  ...created.session.audio.input,
                  transcription: {
                    model: 'gpt-4o-mini-transcribe',
                    language: null,
                    prompt: null,
                  },
                },
              },
            },
          }),
        ),
      );
    });
    const { session, transport, errors } = newSession();
    const deltas: TranscriptDeltaEvent[] = [];
    const completed: TranscriptCompletedEvent[] = [];
    const speech: unknown[] = [];
    transport.on('transcript_delta', (e) => deltas.push(e));
    transport.on('transcript_completed', (e) => completed.push(e));
    transport.on('speech_started', (e) => speech.push(e));
    await session.connect({ apiKey: KEY });

    expect(log.received).toEqual([
      {
        type: 'session.update',
        event_id: expect.any(String),
        session: {
          type: 'transcription',
          // The default outlives 2027-02-26 (decision 0013); it takes no server VAD.
          audio: {
            input: {
              transcription: { model: 'gpt-live-transcribe' },
              turn_detection: null,
            },
          },
        },
      },
    ]);

    // 17 appends of 100 ms, speech_started in between, then a manual commit (as in the capture).
    const chunk = new Int16Array(2400).map((_, i) =>
      Math.round(1000 * Math.sin(i / 8)),
    );
    for (let i = 0; i < 17; i++) {
      if (i === 3) log.send(captured['input_audio_buffer.speech_started']!);
      session.sendAudio(chunk.buffer, { commit: i === 16 });
    }
    await received(log, 'input_audio_buffer.commit');
    const appends = log.received.filter(
      (e) => e.type === 'input_audio_buffer.append',
    );
    expect(appends).toHaveLength(17);
    for (const append of appends)
      expect(append).toEqual({
        type: 'input_audio_buffer.append',
        audio: Buffer.from(chunk.buffer).toString('base64'),
      });
    expect(log.received.at(-1)).toEqual(
      PROBE.find(
        (l) =>
          l.dir === 'client' && l.event.type === 'input_audio_buffer.commit',
      )!.event,
    );
    await expect
      .poll(() => speech)
      .toEqual([{ itemId: ITEM, audioStartMs: 0 }]);

    log.send(captured['input_audio_buffer.committed']!);
    log.send({
      type: 'conversation.item.added',
      event_id: 'event_…',
      previous_item_id: null,
      item: userItem,
    });
    log.send({
      type: 'conversation.item.done',
      event_id: 'event_…',
      previous_item_id: null,
      item: userItem,
    });
    log.send(captured['conversation.item.input_audio_transcription.delta']!);
    for (const delta of elidedDeltas)
      log.send({
        type: 'conversation.item.input_audio_transcription.delta',
        event_id: '…',
        item_id: ITEM,
        content_index: 0,
        delta,
      });
    await expect.poll(() => deltas.length).toBe(6);
    expect(deltas.map((d) => d.transcript)).toEqual([
      'Hello',
      'Hello from',
      'Hello from the',
      'Hello from the Gateway',
      'Hello from the Gateway Probe',
      'Hello from the Gateway Probe.',
    ]);
    log.send(
      captured['conversation.item.input_audio_transcription.completed']!,
    );
    await expect.poll(() => completed.length).toBe(1);

    const final =
      captured['conversation.item.input_audio_transcription.completed']!;
    expect(completed[0]).toEqual({
      itemId: ITEM,
      transcript: 'Hello from the Gateway Probe.',
      usage: final.usage,
      logprobs: undefined,
      languages: undefined,
    });
    expect(session.history).toEqual([
      {
        itemId: ITEM,
        previousItemId: null,
        type: 'message',
        role: 'user',
        status: 'completed',
        // `audio: null` is the SDK's own doing: it strips audio data from history items.
        content: [
          {
            type: 'input_audio',
            audio: null,
            transcript: 'Hello from the Gateway Probe.',
          },
        ],
      },
    ]);
    expect(session.usage.totalTokens).toBe(24);
    expect(session.usage.inputTokens).toBe(16);
    expect(errors).toEqual([]);
    expect(
      log.received
        .map((e) => e.type)
        .filter((t) => t !== 'input_audio_buffer.append'),
    ).toEqual(['session.update', 'input_audio_buffer.commit']);
    expectOnlyTranscriptionFrames(log.received);
  });

  it('never sends the realtime session.update that caused the seed error, whatever agent fields the config has', async () => {
    const log = replay(({ client, onClient }) => {
      client.send(JSON.stringify(created));
      onClient('session.update', () =>
        client.send(
          JSON.stringify({
            type: 'session.updated',
            event_id: 'u',
            session: created.session,
          }),
        ),
      );
    });
    const { session, transport } = newSession(
      {},
      {
        outputModalities: ['text'],
        toolChoice: 'required',
        audio: {
          input: { transcription: { model: 'gpt-4o-transcribe' } },
          output: { voice: 'cedar' },
        },
      },
    );
    const warnings: string[] = [];
    transport.on('warning', (w) => warnings.push(w.field));
    await session.connect({ apiKey: KEY });
    expect(log.received.map((e) => e.session)).toEqual([
      {
        type: 'transcription',
        audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } },
      },
    ]);
    // RealtimeSession copies audio.output.voice to the top-level voice: one setting, one warning.
    expect(warnings.sort()).toEqual([
      'instructions',
      'outputModalities',
      'toolChoice',
      // gpt-4o-transcribe shuts down on 2027-02-26: one warning naming the date and the replacement.
      'transcription.model',
      'voice',
    ]);
  });
});
