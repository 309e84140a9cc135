/**
 * Contract: server errors from the captures (fixtures/traffic/02 error events, 10 transcription failed)
 * replayed through msw. Ordinary errors are emitted and the session goes on; close 3000/4000 end it.
 */
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import type { TranscriptionTransportError } from '../../src/errors.js';
import type { TranscriptFailedEvent } from '../../src/events.js';
import { loadCapture, serverEvents } from '../helpers/fixtures.js';
import {
  globalWebSocket,
  replay,
  useMswRealtime,
} from '../helpers/msw-realtime.js';

const { track } = useMswRealtime({ beforeAll, afterEach, afterAll });

const KEY = 'sk-contract-errors-key-1111';
const PRESET = serverEvents('00-seed.jsonl')[0]!;
const ERRORS = loadCapture('02-llmgw-ga-error-events.jsonl');
const serverErrors = ERRORS.filter((l) => l.dir === 'server').map(
  (l) => l.event,
);
const byCode = (code: string) =>
  serverErrors.find((e) => e.error.code === code)!;
const FAILED = serverEvents(
  '10-openai-realtime-console-46-beta-transcription-failed.jsonl',
)[0]!;

function newSession() {
  const transport = new OpenAIRealtimeTranscriptionWebSocket({
    createWebSocket: globalWebSocket,
  });
  const session = track(
    new RealtimeSession(new RealtimeAgent({ name: 'A' }), { transport }),
  );
  const errors: TranscriptionTransportError[] = [];
  session.on('error', (e) =>
    errors.push(e.error as TranscriptionTransportError),
  );
  return { transport, session, errors };
}

/**
 * The server's close right after its error. msw drops a frame still queued when the close is sent (a real
 * socket delivers both in order, see test/integration/reusable.test.ts), so close once the error is in.
 */
function closeAfterError(
  transport: OpenAIRealtimeTranscriptionWebSocket,
  log: ReturnType<typeof replay>,
  code: number,
  reason: string,
) {
  transport.on('*', (event) => {
    if (event.type === 'error') log.client().close(code, reason);
  });
}

async function connectionRejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as TranscriptionTransportError;
  }
  throw new Error('connect() resolved; expected it to reject');
}

describe('02: errors for invalid client events are emitted and the session goes on', () => {
  const nonFatal = [
    'invalid_value',
    'unknown_parameter',
    'invalid_json',
    'invalid_event',
  ];

  it.each(nonFatal)(
    'emits %s with the server code and message, and stays connected',
    async (code) => {
      const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
      const { session, transport, errors } = newSession();
      await session.connect({ apiKey: KEY });
      const event = byCode(code);
      log.send(event);
      await expect.poll(() => errors.length).toBe(1);
      expect(errors[0]!.code).toBe('SERVER_ERROR');
      expect(errors[0]!.serverError).toEqual(event.error);
      expect(errors[0]!.message).toContain(`(${code})`);
      expect(errors[0]!.message).toContain(event.error.message);
      expect(transport.status).toBe('connected');
      session.sendAudio(new ArrayBuffer(480));
      await expect
        .poll(() => log.received.map((e) => e.type))
        .toEqual(['input_audio_buffer.append']);
    },
  );

  it('refuses the captured invalid client events itself, so they never reach the wire', async () => {
    const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
    const { session, transport } = newSession();
    await session.connect({ apiKey: KEY });
    for (const line of ERRORS.filter((l) => l.dir === 'client')) {
      expect(() => transport.sendEvent(line.event as never)).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED_OPERATION' }),
      );
    }
    session.sendAudio(new ArrayBuffer(480));
    await expect.poll(() => log.received.length).toBe(1);
    expect(log.received.map((e) => e.type)).toEqual([
      'input_audio_buffer.append',
    ]);
  });
});

describe('02: fatal errors close the socket', () => {
  it.each([
    ['beta_api_shape_disabled', 4000, 'REQUEST_REJECTED'],
    ['invalid_api_key', 3000, 'AUTH_FAILED'],
  ] as const)(
    'rejects connect on %s + close %i with %s and the server message',
    async (code, closeCode, expected) => {
      const event = byCode(code);
      const log = replay(({ client }) => client.send(JSON.stringify(event)));
      const { session, transport, errors } = newSession();
      closeAfterError(
        transport,
        log,
        closeCode,
        `invalid_request_error.${code}`,
      );
      const error = await connectionRejection(session.connect({ apiKey: KEY }));
      expect(error.code).toBe(expected);
      expect(error.message).toContain(`close ${closeCode}`);
      expect(error.message).toContain(event.error.message);
      expect(error.serverError).toEqual(event.error);
      expect(transport.status).toBe('disconnected');
      expect(errors).toEqual([]);
    },
  );

  it('ends a connected session on close 4000 with REQUEST_REJECTED naming the server message', async () => {
    const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
    const { session, transport, errors } = newSession();
    await session.connect({ apiKey: KEY });
    const event = byCode('beta_api_shape_disabled');
    closeAfterError(
      transport,
      log,
      4000,
      'invalid_request_error.beta_api_shape_disabled',
    );
    log.send(event);
    await expect.poll(() => transport.status).toBe('disconnected');
    expect(errors.map((e) => e.code)).toEqual([
      'SERVER_ERROR',
      'REQUEST_REJECTED',
    ]);
    expect(errors[1]!.message).toContain(event.error.message);
  });

  it('never shows the key, even when the server echoes it in its error text', async () => {
    const event = structuredClone(byCode('invalid_api_key'));
    event.error.message = `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    const log = replay(({ client }) => client.send(JSON.stringify(event)));
    const { session, transport } = newSession();
    closeAfterError(
      transport,
      log,
      3000,
      'invalid_request_error.invalid_api_key',
    );
    const error = await connectionRejection(session.connect({ apiKey: KEY }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('Incorrect API key provided: [redacted].');
    expect(
      JSON.stringify({ message: error.message, stack: error.stack }),
    ).not.toContain(KEY);
  });
});

describe('10: a failed transcription', () => {
  it('marks the item incomplete, emits transcript_failed with the server error, and the session goes on', async () => {
    const log = replay(({ client }) => client.send(JSON.stringify(PRESET)));
    const { session, transport, errors } = newSession();
    const failed: TranscriptFailedEvent[] = [];
    transport.on('transcript_failed', (e) => failed.push(e));
    await session.connect({ apiKey: KEY });
    log.send({
      type: 'input_audio_buffer.committed',
      event_id: 'e1',
      previous_item_id: null,
      item_id: FAILED.item_id,
    });
    log.send(FAILED);
    log.send({
      type: 'input_audio_buffer.committed',
      event_id: 'e2',
      previous_item_id: FAILED.item_id,
      item_id: 'item_next',
    });
    log.send({
      type: 'conversation.item.input_audio_transcription.completed',
      event_id: 'e3',
      item_id: 'item_next',
      content_index: 0,
      transcript: 'Still here.',
    });
    await expect
      .poll(() =>
        session.history.map((i) => [
          i.itemId,
          'status' in i ? i.status : i.type,
        ]),
      )
      .toEqual([
        [FAILED.item_id, 'incomplete'],
        ['item_next', 'completed'],
      ]);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.itemId).toBe(FAILED.item_id);
    expect(failed[0]!.error.code).toBe('TRANSCRIPTION_FAILED');
    expect(failed[0]!.error.serverError).toEqual(FAILED.error);
    expect(failed[0]!.error.message).toContain(FAILED.error.message);
    expect(errors.map((e) => e.code)).toEqual(['TRANSCRIPTION_FAILED']);
    expect(transport.status).toBe('connected');
  });
});
