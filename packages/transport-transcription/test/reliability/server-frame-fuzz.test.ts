/**
 * Fuzz: thousands of random server frames over a real loopback socket into the transport inside a real
 * `RealtimeSession`. Known event types with random field values and types, unknown ids, unknown types,
 * bad JSON, deep nesting, big strings, binary frames and JSON-escaped keys. After each batch: nothing was
 * thrown anywhere (uncaught exceptions and unhandled rejections are watched), every history item is
 * well-typed, the key appears nowhere, and a real turn still lands.
 *
 * Seeded and replayable: a failure prints fast-check's seed and path; run again with
 * `SERVER_FRAME_FUZZ_SEED=<seed> SERVER_FRAME_FUZZ_PATH=<path>` to replay exactly that batch.
 *
 * Session events keep `expires_at` plausible on purpose: an absurd expiry starts a rotation, which the
 * rotation tests cover; here every frame stays on one socket so the batch ends at a known point.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hostileSession,
  reachableStrings,
  startHostileServer,
  watchUncaught,
  withEscapedKey,
  type HostileServer,
} from '../helpers/hostile-server.js';
import { pcm } from '../helpers/scripted-server.js';

const KEY = 'sk-proj-fuzzServerFrames0123456789';
const SEED = Number(process.env.SERVER_FRAME_FUZZ_SEED ?? 20261201);
const PATH = process.env.SERVER_FRAME_FUZZ_PATH;
/** Batches (one fresh session each) and frames per batch: about 3 000 frames in all. */
const RUNS = 14;
const FRAMES = { minLength: 120, maxLength: 300 };

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

// ---- frames ----

const anyJson = fc.jsonValue({ maxDepth: 3 });
/** A field: usually a valid value, sometimes any JSON value (wrong type), sometimes absent. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const itemId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('item_1', 'item_2', 'item_3') },
  { weight: 2, arbitrary: fc.string({ maxLength: 16 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constant('x'.repeat(600)) },
);
const ms = fc.integer({ min: 0, max: 5_000 });
const logprobs = fc.array(
  fc.record({
    token: field(fc.string({ maxLength: 8 })),
    logprob: field(fc.double({ min: -20, max: 0, noNaN: true })),
    bytes: field(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 })),
  }),
  { maxLength: 4 },
);
const usage = fc.oneof(
  fc.record({
    type: fc.constant('tokens'),
    input_tokens: field(fc.nat(1000)),
    output_tokens: field(fc.nat(1000)),
    total_tokens: field(fc.nat(2000)),
  }),
  fc.record({
    type: field(fc.constant('duration')),
    seconds: field(fc.nat(60)),
  }),
);
const serverError = fc.record({
  type: field(fc.constantFrom('invalid_request_error', 'server_error')),
  code: field(
    fc.constantFrom(
      'invalid_value',
      'unknown_parameter',
      'session_expired',
      'input_audio_buffer_commit_empty',
    ),
  ),
  message: field(fc.string({ maxLength: 40 })),
  param: field(fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null))),
  event_id: field(fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null))),
});
const wireSession = fc.record({
  type: field(fc.constant('transcription')),
  id: field(fc.string({ maxLength: 12 })),
  // Plausible only (see the file comment): past, now, within the hour.
  expires_at: field(
    fc.constantFrom(0, 1_000_000, Math.floor(Date.now() / 1000) + 3600),
  ),
  audio: field(
    fc.record({
      input: field(
        fc.record({
          format: field(
            fc.constantFrom({ type: 'audio/pcm', rate: 24000 }, 'pcm16'),
          ),
          transcription: field(
            fc.oneof(
              fc.constant(null),
              fc.record({
                model: field(fc.constantFrom('gpt-4o-mini-transcribe', 'x')),
                language: field(fc.oneof(fc.constant('en'), fc.constant(null))),
              }),
            ),
          ),
          turn_detection: field(fc.constant(null)),
        }),
      ),
    }),
  ),
});
const userItem = fc.record({
  id: field(itemId),
  type: field(fc.constant('message')),
  role: field(fc.constantFrom('user', 'assistant', 'system')),
  content: field(
    fc.array(
      fc.record({
        type: field(fc.constantFrom('input_audio', 'input_text')),
        transcript: field(
          fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
        ),
      }),
      { maxLength: 2 },
    ),
  ),
});

const T = 'conversation.item.input_audio_transcription';
/** Known event types with random field values and types. */
const knownEvent: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    type: fc.constantFrom('session.created', 'session.updated'),
    session: field(wireSession),
  }),
  fc.record({
    type: fc.constant('input_audio_buffer.speech_started'),
    item_id: field(itemId),
    audio_start_ms: field(ms),
  }),
  fc.record({
    type: fc.constant('input_audio_buffer.speech_stopped'),
    item_id: field(itemId),
    audio_end_ms: field(ms),
  }),
  fc.record({
    type: fc.constant('input_audio_buffer.committed'),
    item_id: field(itemId),
    previous_item_id: field(fc.oneof(itemId, fc.constant(null))),
  }),
  fc.record({ type: fc.constant('input_audio_buffer.cleared') }),
  fc.record({
    type: fc.constantFrom(
      'conversation.item.added',
      'conversation.item.created',
      'conversation.item.done',
    ),
    previous_item_id: field(fc.oneof(itemId, fc.constant(null))),
    item: field(userItem),
  }),
  fc.record({
    type: fc.constant(`${T}.delta`),
    item_id: field(itemId),
    delta: field(fc.string({ maxLength: 20 })),
    logprobs: field(logprobs),
  }),
  fc.record({
    type: fc.constant(`${T}.completed`),
    item_id: field(itemId),
    content_index: field(fc.constant(0)),
    transcript: field(fc.string({ maxLength: 40 })),
    usage: field(usage),
    logprobs: field(logprobs),
    languages: field(fc.array(fc.record({ code: field(fc.string()) }))),
  }),
  fc.record({
    type: fc.constant(`${T}.failed`),
    item_id: field(itemId),
    error: field(serverError),
  }),
  fc.record({
    type: fc.constant(`${T}.segment`),
    item_id: field(itemId),
    id: field(fc.string({ maxLength: 8 })),
    speaker: field(fc.string({ maxLength: 8 })),
    start: field(fc.double({ min: 0, max: 60, noNaN: true })),
    end: field(fc.double({ min: 0, max: 60, noNaN: true })),
    text: field(fc.string({ maxLength: 20 })),
  }),
  fc.record({ type: fc.constant('error'), error: field(serverError) }),
);

/** A frame as sent: text, or bytes for a binary frame. */
const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 30, arbitrary: knownEvent.map((e) => JSON.stringify(e)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 30 }), fc.dictionary(fc.string(), anyJson))
      .map(([type, rest]) => JSON.stringify({ ...rest, type })),
  },
  // the key, JSON-escaped, in an error, a failure and an unknown event
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('error', `${T}.failed`, 'vendor.echo')
      .map((type) =>
        withEscapedKey(
          {
            type,
            item_id: 'item_1',
            error: { message: `bad key ${KEY}`, param: KEY },
            [KEY]: KEY,
          },
          KEY,
        ),
      ),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) }, // mostly not JSON
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 3000 })
      .map(
        (n) => `{"type":"vendor.deep","v":${'['.repeat(n)}${']'.repeat(n)}}`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 3000 })
      .map(
        (n) =>
          `{"type":"error","error":${'{"message":'.repeat(n)}1${'}'.repeat(n)}}`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((n) =>
      JSON.stringify({
        type: `${T}.delta`,
        item_id: 'item_2',
        delta: 'a'.repeat(n),
      }),
    ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 32 }) },
  {
    weight: 1,
    arbitrary: knownEvent.map((e) =>
      new TextEncoder().encode(JSON.stringify(e)),
    ),
  },
);

// ---- checks ----

const STATUSES = ['in_progress', 'completed', 'incomplete'];

/** Every history item is a user audio message with a string id, a known status and a string|null text. */
function historyProblems(history: readonly unknown[]): string[] {
  const problems: string[] = [];
  history.forEach((item, i) => {
    const it = item as {
      type?: unknown;
      role?: unknown;
      itemId?: unknown;
      status?: unknown;
      content?: Array<{ type?: unknown; transcript?: unknown }>;
    };
    const transcript = it.content?.[0]?.transcript;
    if (
      it.type !== 'message' ||
      it.role !== 'user' ||
      typeof it.itemId !== 'string' ||
      !STATUSES.includes(it.status as string) ||
      it.content?.[0]?.type !== 'input_audio' ||
      !(transcript === null || typeof transcript === 'string')
    )
      problems.push(`history[${i}] is ${JSON.stringify(item)}`);
  });
  return problems;
}

let batch = 0;

describe('random server frames over a real socket', () => {
  it('never throw, keep history well-typed, never leak the key, and a real turn lands after each batch', async () => {
    const uncaught = watchUncaught();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(frame, FRAMES), async (frames) => {
          const n = ++batch;
          const { session, transport, log } = await hostileSession(server, KEY);
          // Counted below; a listener also keeps the console quiet.
          let warnings = 0;
          transport.on('warning', () => warnings++);
          try {
            for (const f of frames) server.sendRaw(f);
            // Frames arrive in order on one socket: once this one is forwarded, all were handled.
            server.sendRaw(JSON.stringify({ type: 'fuzz.sentinel', n }));
            await expect
              .poll(
                () =>
                  log.some(
                    (e) =>
                      e.name === '*' &&
                      (e.args[0] as { type: string }).type === 'fuzz.sentinel',
                  ),
                { timeout: 20_000 },
              )
              .toBe(true);
            expect(uncaught.errors).toEqual([]);
            expect(historyProblems(session.history)).toEqual([]);
            // Batches this long always hold frames the edge refuses, and each refusal is reported.
            expect(warnings).toBeGreaterThan(0);

            // A real turn: audio, then the server commits and transcribes it.
            const real = `real_turn_${n}`;
            session.sendAudio(pcm(200));
            server.send({
              type: 'input_audio_buffer.committed',
              item_id: real,
              previous_item_id: null,
            });
            server.send({
              type: `${T}.completed`,
              item_id: real,
              content_index: 0,
              transcript: `real ${n}`,
            });
            await expect
              .poll(
                () =>
                  session.history.some(
                    (item) =>
                      item.type === 'message' &&
                      item.role === 'user' &&
                      item.itemId === real &&
                      item.status === 'completed' &&
                      item.content[0]?.type === 'input_audio' &&
                      item.content[0].transcript === `real ${n}`,
                  ),
                { timeout: 10_000 },
              )
              .toBe(true);
            expect(transport.status).toBe('connected');
            expect(historyProblems(session.history)).toEqual([]);
            const leaks = reachableStrings([log, session.history]).filter((s) =>
              s.includes(KEY),
            );
            expect(leaks).toEqual([]);
            expect(uncaught.errors).toEqual([]);
          } finally {
            session.close();
          }
        }),
        { seed: SEED, path: PATH, numRuns: RUNS, endOnFailure: true },
      );
    } finally {
      uncaught.stop();
    }
  }, 180_000);
});
