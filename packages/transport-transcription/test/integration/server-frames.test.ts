/**
 * A hostile or broken server over a real loopback socket, through a real `RealtimeSession`: frames with
 * wrong types, bad JSON, binary frames and JSON-escaped keys. Nothing throws out of a socket listener, the
 * session keeps working, and the key never reaches anything the application can see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptionTransportError } from '../../src/errors.js';
import {
  hostileSession,
  reachableStrings,
  startHostileServer,
  userTurns,
  watchUncaught,
  withEscapedKey,
  type EmittedLog,
  type HostileServer,
} from '../helpers/hostile-server.js';
import { pcm } from '../helpers/scripted-server.js';

const KEY = 'sk-proj-hostileServerKey0123456789';

let server: HostileServer | undefined;
let uncaught: ReturnType<typeof watchUncaught> | undefined;
const sessions: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.close();
  uncaught?.stop();
  uncaught = undefined;
  await server?.close();
  server = undefined;
});

async function connected(apiKey = KEY) {
  uncaught = watchUncaught();
  server = await startHostileServer();
  const connection = await hostileSession(server, apiKey, { liveness: false });
  sessions.push(connection.session);
  return connection;
}

const named = (log: EmittedLog, from: string, name: string) =>
  log.filter((e) => e.from === from && e.name === name).map((e) => e.args[0]);
const errorsOf = (log: EmittedLog) =>
  named(log, 'session', 'error').map(
    (e) => (e as { error: TranscriptionTransportError }).error,
  );

/** One real turn after whatever came before: it must land in history, completed, with its text. */
async function aTurnLands(
  connection: Awaited<ReturnType<typeof connected>>,
): Promise<void> {
  const before = server!.turns();
  connection.session.sendAudio(pcm(200), { commit: true });
  const itemId = `turn_${before + 1}`;
  await expect
    .poll(() => userTurns(connection.session.history), { timeout: 10_000 })
    .toContainEqual([itemId, 'completed', `turn ${before + 1}`]);
}

describe('a server error frame whose fields have the wrong types', () => {
  it.each([
    ['an object', '{"type":"error","error":{"message":{}}}'],
    [
      'a number',
      '{"type":"error","error":{"type":"invalid_request_error","code":"invalid_value","message":42}}',
    ],
    ['an array', '{"type":"error","error":{"message":["a","b"]}}'],
  ])(
    'with %s as message becomes SERVER_ERROR saying so, and the session goes on',
    async (_t, frame) => {
      const connection = await connected();
      server!.sendRaw(frame);
      await expect.poll(() => errorsOf(connection.log).length).toBe(1);
      const [error] = errorsOf(connection.log);
      expect(error!.code).toBe('SERVER_ERROR');
      expect(error!.message).toContain(
        'the server sent an error whose message is not a string',
      );
      expect(typeof error!.serverError!.message).toBe('string');
      expect(connection.transport.status).toBe('connected');
      await aTurnLands(connection);
      expect(uncaught!.errors).toEqual([]);
    },
  );

  it('with a code that is not a string leaves the code out instead of printing [object Object]', async () => {
    const connection = await connected();
    server!.sendRaw(
      '{"type":"error","error":{"code":{"a":1},"message":"boom"}}',
    );
    await expect.poll(() => errorsOf(connection.log).length).toBe(1);
    const [error] = errorsOf(connection.log);
    expect(error!.message).toBe('Server error: boom');
    expect(error!.serverError).toEqual({ message: 'boom' });
  });

  it('session_expired with a message that is not a string, then a close: the transport reconnects and the next turn lands', async () => {
    const connection = await connected();
    server!.sendRaw(
      '{"type":"error","error":{"type":"invalid_request_error","code":"session_expired","message":{"minutes":60}}}',
    );
    await expect
      .poll(() => named(connection.log, 'transport', '*').length)
      .toBeGreaterThan(0);
    server!.socket().close(1000, 'session expired');
    await expect
      .poll(() => named(connection.log, 'transport', 'reconnected').length, {
        timeout: 10_000,
      })
      .toBe(1);
    const [reconnecting] = named(
      connection.log,
      'transport',
      'reconnecting',
    ) as Array<{ error: TranscriptionTransportError }>;
    expect(reconnecting!.error.message).toContain('session_expired');
    expect(reconnecting!.error.message).toContain('not a string');
    await aTurnLands(connection);
    expect(uncaught!.errors).toEqual([]);
  });
});

describe('a known event with a field of the wrong type', () => {
  it('is dropped with a warning naming the event type and field, is not forwarded on *, and never puts a non-string transcript into history', async () => {
    const connection = await connected();
    server!.send({
      type: 'input_audio_buffer.committed',
      item_id: 'item_bad',
      previous_item_id: null,
    });
    server!.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_bad',
      content_index: 0,
      transcript: { text: 'not a string' },
    });
    await expect
      .poll(() => named(connection.log, 'transport', 'warning'))
      .toContainEqual({
        field:
          'conversation.item.input_audio_transcription.completed.transcript',
        message:
          'Dropped a conversation.item.input_audio_transcription.completed event from the server: transcript is an object, expected a string.',
      });
    const forwarded = named(connection.log, 'transport', '*') as Array<{
      type: string;
    }>;
    expect(forwarded.map((e) => e.type)).not.toContain(
      'conversation.item.input_audio_transcription.completed',
    );
    await aTurnLands(connection);
    for (const [, status, transcript] of userTurns(
      connection.session.history,
    )) {
      expect(['in_progress', 'completed', 'incomplete']).toContain(status);
      expect(transcript === null || typeof transcript === 'string').toBe(true);
    }
    expect(uncaught!.errors).toEqual([]);
  });

  it('keeps the transcript when only an optional detail (logprobs) is malformed, with a warning for that detail', async () => {
    const connection = await connected();
    server!.send({
      type: 'input_audio_buffer.committed',
      item_id: 'item_lp',
      previous_item_id: null,
    });
    server!.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_lp',
      content_index: 0,
      transcript: 'kept',
      logprobs: [{ token: 7, logprob: -0.1, bytes: [] }],
    });
    await expect
      .poll(() => userTurns(connection.session.history))
      .toContainEqual(['item_lp', 'completed', 'kept']);
    expect(
      named(connection.log, 'transport', 'warning').map(
        (w) => (w as { field: string }).field,
      ),
    ).toEqual([
      'conversation.item.input_audio_transcription.completed.logprobs[].token',
    ]);
    const [completed] = named(
      connection.log,
      'transport',
      'transcript_completed',
    ) as Array<{ logprobs?: unknown }>;
    expect(completed!.logprobs).toBeUndefined();
  });
});

describe('frames that are not events', () => {
  it.each([
    ['bad JSON', '{"type":"error",', 'a frame that is not JSON'],
    ['a JSON number', '42', 'JSON that is the number 42, not an event object'],
    ['a JSON array', '[{"type":"error"}]', 'JSON that is an array'],
    [
      'an event without a type',
      '{"item_id":"x"}',
      'an event whose type is missing',
    ],
    [
      'a binary frame that is not UTF-8 JSON',
      new Uint8Array([0xff, 0x00, 0x7b]),
      'a frame that is not JSON',
    ],
  ] as const)(
    'ignores %s with a warning and keeps working',
    async (_t, frame, why) => {
      const connection = await connected();
      server!.sendRaw(frame as string | Uint8Array);
      await expect
        .poll(
          () =>
            named(connection.log, 'transport', 'warning') as Array<{
              field: string;
              message: string;
            }>,
        )
        .toContainEqual({
          field: 'server frame',
          message: expect.stringContaining(why),
        });
      expect(errorsOf(connection.log)).toEqual([]);
      await aTurnLands(connection);
      expect(uncaught!.errors).toEqual([]);
    },
  );

  it('reads a JSON event sent as a binary frame like a text frame', async () => {
    const connection = await connected();
    server!.sendRaw(
      new TextEncoder().encode(
        JSON.stringify({
          type: 'error',
          error: { code: 'invalid_value', message: 'as bytes' },
        }),
      ),
    );
    await expect
      .poll(() => errorsOf(connection.log).map((e) => e.message))
      .toEqual(['Server error (invalid_value): as bytes']);
  });
});

describe('a key the server JSON-escapes', () => {
  /** Frames that each carry the key escaped, in a place the application would otherwise see it. */
  function leakyFrames(key: string): string[] {
    return [
      withEscapedKey(
        {
          type: 'input_audio_buffer.committed',
          item_id: 'item_leak',
          previous_item_id: null,
        },
        key,
      ),
      withEscapedKey(
        {
          type: 'conversation.item.input_audio_transcription.failed',
          item_id: 'item_leak',
          content_index: 0,
          error: {
            type: 'invalid_request_error',
            code: 'invalid_api_key',
            message: `Incorrect API key provided: ${key}.`,
            param: key,
          },
        },
        key,
      ),
      withEscapedKey(
        {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            code: 'invalid_value',
            message: `The key ${key} may not do that.`,
            event_id: null,
          },
        },
        key,
      ),
      withEscapedKey(
        { type: 'vendor.debug', echo: { [key]: [`header: Bearer ${key}`] } },
        key,
      ),
    ];
  }

  it.each([
    ['an sk- key', KEY],
    [
      'a key of any other shape (the caller’s own key)',
      'azure0123456789abcdefXYZ',
    ],
  ])(
    'never reaches an emitted event, error, history item or raw * event (%s)',
    async (_t, key) => {
      const connection = await connected(key);
      for (const frame of leakyFrames(key)) server!.sendRaw(frame);
      const rawTypes = () =>
        named(connection.log, 'transport', '*').map(
          (e) => (e as { type: string }).type,
        );
      await expect.poll(rawTypes).toContain('vendor.debug');
      await expect.poll(() => errorsOf(connection.log).length).toBe(2);
      await aTurnLands(connection);

      const seen = reachableStrings([
        connection.log,
        connection.session.history,
        connection.transport.serverSession,
      ]);
      expect(seen.filter((s) => s.includes(key))).toEqual([]);
      // The frames did arrive, redacted: the failure, the error and the raw event say so.
      const messages = errorsOf(connection.log).map((e) => e.message);
      expect(messages).toEqual([
        'Transcription of item item_leak failed: Incorrect API key provided: [redacted].',
        'Server error (invalid_value): The key [redacted] may not do that.',
      ]);
      expect(errorsOf(connection.log)[0]!.serverError).toMatchObject({
        param: '[redacted]',
      });
      const raw = named(connection.log, 'transport', '*').find(
        (e) => (e as { type: string }).type === 'vendor.debug',
      );
      expect(raw).toEqual({
        type: 'vendor.debug',
        echo: { '[redacted]': ['header: Bearer [redacted]'] },
      });
      expect(uncaught!.errors).toEqual([]);
    },
  );
});
