import {
  RealtimeAgent,
  RealtimeSession,
  type RealtimeItem,
} from '@openai/agents-realtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The SDK's own history function. It is not exported from the package root, so it is imported from the
// installed ESM build by path: the property below must hold for the function RealtimeSession really uses.
// @ts-expect-error -- the build ships utils.d.ts for utils.js only; no declaration sits beside utils.mjs
import { updateRealtimeHistory as untypedUpdateRealtimeHistory } from '../../node_modules/@openai/agents-realtime/dist/utils.mjs';
import type { updateRealtimeHistory as UpdateRealtimeHistory } from '../../node_modules/@openai/agents-realtime/dist/utils.js';

const updateRealtimeHistory: typeof UpdateRealtimeHistory =
  untypedUpdateRealtimeHistory;
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import {
  TranscriptItems,
  type UserAudioItem,
} from '../../src/history/transcript-items.js';
import { FakeSocket } from '../helpers/fake-socket.js';

const textOf = (item: UserAudioItem | RealtimeItem | undefined) =>
  item && item.type === 'message' && item.content[0]?.type === 'input_audio'
    ? item.content[0].transcript
    : undefined;

describe('TranscriptItems', () => {
  it('creates an in-progress user audio item on commit, chained to the previous one', () => {
    const items = new TranscriptItems();
    expect(items.commit('a', null)).toEqual({
      itemId: 'a',
      previousItemId: null,
      type: 'message',
      role: 'user',
      status: 'in_progress',
      content: [{ type: 'input_audio', transcript: null }],
    });
    expect(items.commit('b', 'a')).toMatchObject({
      itemId: 'b',
      previousItemId: 'a',
    });
    expect(items.lastItemId).toBe('b');
  });

  it('chains to the last item when the server predecessor is unknown (a new chain after reconnect)', () => {
    const items = new TranscriptItems();
    items.commit('a', null);
    expect(items.commit('x', null)?.previousItemId).toBe('a');
    expect(items.commit('y', 'not-seen')?.previousItemId).toBe('x');
  });

  it('ignores a second commit of the same item', () => {
    const items = new TranscriptItems();
    items.commit('a', null);
    expect(items.commit('a', null)).toBeUndefined();
  });

  it.each<
    [
      string,
      (items: TranscriptItems) => UserAudioItem | undefined,
      string | null,
      string,
    ]
  >([
    [
      'accumulates deltas',
      (i) => (i.delta('a', 'Hello'), i.delta('a', ' there')),
      'Hello there',
      'in_progress',
    ],
    [
      'replaces with whole-text deltas (whisper-1)',
      (i) => (i.delta('a', 'Hel', true), i.delta('a', 'Hello', true)),
      'Hello',
      'in_progress',
    ],
    [
      'sets the final text on completion',
      (i) => (i.delta('a', 'Helo'), i.complete('a', 'Hello.')),
      'Hello.',
      'completed',
    ],
    [
      'keeps partial text on failure',
      (i) => (i.delta('a', 'Hel'), i.fail('a')),
      'Hel',
      'incomplete',
    ],
    ['fails with no text', (i) => i.fail('a'), null, 'incomplete'],
    [
      'fills text from an item event that carries it',
      (i) => i.added('a', null, 'Typed'),
      'Typed',
      'in_progress',
    ],
    [
      'takes a completion after a failure',
      (i) => (i.fail('a'), i.complete('a', 'Late.')),
      'Late.',
      'completed',
    ],
    [
      'completes with an empty transcript',
      (i) => (i.delta('a', 'uh'), i.complete('a', '')),
      '',
      'completed',
    ],
  ])('%s', (_t, act, text, status) => {
    const items = new TranscriptItems();
    items.commit('a', null);
    const item = act(items);
    expect(textOf(item)).toBe(text);
    expect(item?.status).toBe(status);
    expect(items.textOf('a')).toBe(text);
  });

  it.each<[string, (items: TranscriptItems) => UserAudioItem | undefined]>([
    [
      'conversation.item.added with transcript null',
      (i) => i.added('a', null, null),
    ],
    [
      'conversation.item.done with other text',
      (i) => i.added('a', null, 'other'),
    ],
    ['a delta after completion', (i) => i.delta('a', ' more')],
    ['a failure after completion', (i) => i.fail('a')],
  ])('does not change a completed item on %s', (_t, act) => {
    const items = new TranscriptItems();
    items.commit('a', null);
    items.complete('a', 'Final.');
    expect(act(items)).toBeUndefined();
    expect(items.textOf('a')).toBe('Final.');
  });

  it('never wipes partial text with an item event that carries transcript null', () => {
    const items = new TranscriptItems();
    items.commit('a', null);
    items.delta('a', 'Partial');
    expect(items.added('a', null, null)).toBeUndefined();
    expect(items.textOf('a')).toBe('Partial');
  });

  it('creates an item from an item event, a delta or a completion that arrives before its commit', () => {
    const items = new TranscriptItems();
    items.commit('a', null);
    expect(items.added('b', 'a', null)).toMatchObject({
      itemId: 'b',
      previousItemId: 'a',
      status: 'in_progress',
    });
    expect(items.delta('c', 'Hi')).toMatchObject({
      itemId: 'c',
      previousItemId: 'b',
    });
    expect(items.complete('d', 'Done.')).toMatchObject({
      itemId: 'd',
      previousItemId: 'c',
      status: 'completed',
    });
    expect(items.commit('c', 'b')).toBeUndefined();
  });

  it('lists pending items in commit order', () => {
    const items = new TranscriptItems();
    for (const id of ['a', 'b', 'c', 'd']) items.commit(id, null);
    items.complete('b', 'x');
    items.fail('d');
    expect(items.pendingItemIds()).toEqual(['a', 'c']);
  });

  it('ignores every late event for a removed item and chains new items to the last remaining one', () => {
    const items = new TranscriptItems();
    items.commit('a', null);
    items.commit('b', 'a');
    items.remove('b');
    expect(items.delta('b', 'x')).toBeUndefined();
    expect(items.complete('b', 'x')).toBeUndefined();
    expect(items.fail('b')).toBeUndefined();
    expect(items.added('b', 'a', null)).toBeUndefined();
    expect(items.commit('b', 'a')).toBeUndefined();
    expect(items.has('b')).toBe(false);
    expect(items.lastItemId).toBe('a');
    expect(items.commit('c', null)?.previousItemId).toBe('a');
  });

  it('forgets the oldest settled items beyond maxSettled, never pending ones or the last', () => {
    const items = new TranscriptItems({ maxSettled: 2 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) items.commit(id, null);
    items.complete('a', '1');
    items.complete('c', '3');
    items.complete('d', '4');
    items.complete('e', '5');
    expect(['a', 'b', 'c', 'd', 'e'].filter((id) => items.has(id))).toEqual([
      'b',
      'd',
      'e',
    ]);
    expect(items.pendingItemIds()).toEqual(['b']);
  });

  it('returns a fresh object on every update', () => {
    const items = new TranscriptItems();
    const first = items.commit('a', null)!;
    const second = items.delta('a', 'x')!;
    expect(second).not.toBe(first);
    expect(second.content).not.toBe(first.content);
    expect(textOf(first)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------
// Property tests: any interleaving of per-item events, with commits in order.

interface ItemPlan {
  deltas: string[];
  outcome:
    { kind: 'completed'; text: string } | { kind: 'failed' } | { kind: 'none' };
  /** conversation.item.added/done (transcript null) at these positions among the item's events. */
  nullItemEvents: number;
}

type Step =
  | { kind: 'commit'; item: number }
  | { kind: 'null_item'; item: number }
  | { kind: 'delta'; item: number; delta: string }
  | { kind: 'completed'; item: number; text: string }
  | { kind: 'failed'; item: number };

const planArb: fc.Arbitrary<ItemPlan> = fc.record({
  deltas: fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }),
  outcome: fc.oneof(
    fc.record({
      kind: fc.constant('completed' as const),
      text: fc.string({ maxLength: 12 }),
    }),
    fc.constant({ kind: 'failed' as const }),
    fc.constant({ kind: 'none' as const }),
  ),
  nullItemEvents: fc.nat({ max: 3 }),
});

/** Per-item queues (commit first, then null item events, deltas and the outcome, null events also after it). */
function queuesOf(plans: ItemPlan[]): Step[][] {
  return plans.map((plan, item) => {
    const rest: Step[] = plan.deltas.map((delta) => ({
      kind: 'delta',
      item,
      delta,
    }));
    if (plan.outcome.kind === 'completed')
      rest.push({ kind: 'completed', item, text: plan.outcome.text });
    if (plan.outcome.kind === 'failed') rest.push({ kind: 'failed', item });
    // Spread the null item events through the item's events, one of them possibly after the outcome.
    for (let k = 0; k < plan.nullItemEvents; k++)
      rest.splice(Math.min(rest.length, k * 2), 0, { kind: 'null_item', item });
    return [{ kind: 'commit', item }, ...rest];
  });
}

/** Interleaves the queues under the rule that item i is committed before item i + 1. */
function interleave(queues: Step[][], choices: number[]): Step[] {
  const heads = queues.map(() => 0);
  const out: Step[] = [];
  let nextCommit = 0;
  for (let k = 0; ; k++) {
    const eligible = queues
      .map((q, i) => i)
      .filter(
        (i) =>
          heads[i]! < queues[i]!.length && (heads[i]! > 0 || i === nextCommit),
      );
    if (eligible.length === 0) return out;
    const i =
      eligible[
        (choices[k % Math.max(1, choices.length)] ?? 0) % eligible.length
      ]!;
    const step = queues[i]![heads[i]!++]!;
    if (step.kind === 'commit') nextCommit++;
    out.push(step);
  }
}

const scenarioArb = fc.record({
  plans: fc.array(planArb, { minLength: 1, maxLength: 7 }),
  choices: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 60 }),
});

const idOf = (i: number) => `item_${i}`;

function expectedHistory(plans: ItemPlan[]) {
  return plans.map((plan, i) => {
    const partial = plan.deltas.length > 0 ? plan.deltas.join('') : null;
    if (plan.outcome.kind === 'completed')
      return [idOf(i), 'completed', plan.outcome.text];
    if (plan.outcome.kind === 'failed') return [idOf(i), 'incomplete', partial];
    return [idOf(i), 'in_progress', partial];
  });
}

const summary = (history: RealtimeItem[]) =>
  history.map((item) => [
    item.itemId,
    'status' in item ? item.status : item.type,
    textOf(item),
  ]);

describe('TranscriptItems properties', () => {
  it('gives history in commit order with each item’s final text, through the SDK’s history function', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plans, choices }) => {
        const items = new TranscriptItems();
        let history: RealtimeItem[] = [];
        const apply = (item: UserAudioItem | undefined) => {
          if (item) history = updateRealtimeHistory(history, item, false);
        };
        for (const step of interleave(queuesOf(plans), choices)) {
          const id = idOf(step.item);
          if (step.kind === 'commit')
            apply(
              items.commit(id, step.item === 0 ? null : idOf(step.item - 1)),
            );
          if (step.kind === 'null_item')
            apply(
              items.added(
                id,
                step.item === 0 ? null : idOf(step.item - 1),
                null,
              ),
            );
          if (step.kind === 'delta') apply(items.delta(id, step.delta));
          if (step.kind === 'failed') apply(items.fail(id));
          if (step.kind === 'completed') {
            // RealtimeSession also writes the completed transcript itself from the raw event: both paths agree.
            history = updateRealtimeHistory(
              history,
              {
                type: 'conversation.item.input_audio_transcription.completed',
                item_id: id,
                transcript: step.text,
              } as never,
              false,
            );
            apply(items.complete(id, step.text));
          }
        }
        expect(summary(history)).toEqual(expectedHistory(plans));
      }),
      { numRuns: 1000 },
    );
  });

  it('holds end to end: the real transport and a real RealtimeSession over an in-memory socket', async () => {
    const preset = {
      type: 'transcription',
      object: 'realtime.transcription_session',
      id: 'sess_prop',
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          noise_reduction: null,
          turn_detection: { type: 'server_vad' },
        },
      },
      include: null,
    };
    const agent = new RealtimeAgent({ name: 'A' });
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ plans, choices }) => {
        const socket = new FakeSocket();
        socket.serverSend({
          type: 'session.created',
          event_id: 'e0',
          session: preset,
        });
        const session = new RealtimeSession(agent, {
          transport: new OpenAIRealtimeTranscriptionWebSocket({
            createWebSocket: () => socket,
            // History is read synchronously after each scenario: every delta updates it at once.
            historyUpdates: { partialIntervalMs: 0 },
          }),
        });
        session.on('error', () => {});
        await session.connect({ apiKey: 'sk-prop-test-key' });
        for (const step of interleave(queuesOf(plans), choices)) {
          const item_id = idOf(step.item);
          const previous_item_id = step.item === 0 ? null : idOf(step.item - 1);
          if (step.kind === 'commit')
            socket.serverSend({
              type: 'input_audio_buffer.committed',
              item_id,
              previous_item_id,
            });
          if (step.kind === 'null_item')
            socket.serverSend({
              type: 'conversation.item.done',
              previous_item_id,
              item: {
                id: item_id,
                type: 'message',
                status: 'completed',
                role: 'user',
                content: [{ type: 'input_audio', transcript: null }],
              },
            });
          if (step.kind === 'delta')
            socket.serverSend({
              type: 'conversation.item.input_audio_transcription.delta',
              item_id,
              content_index: 0,
              delta: step.delta,
            });
          if (step.kind === 'completed')
            socket.serverSend({
              type: 'conversation.item.input_audio_transcription.completed',
              item_id,
              content_index: 0,
              transcript: step.text,
            });
          if (step.kind === 'failed')
            socket.serverSend({
              type: 'conversation.item.input_audio_transcription.failed',
              item_id,
              content_index: 0,
              error: {
                type: 'transcription_error',
                code: 'audio_unintelligible',
                message: 'The audio could not be transcribed.',
              },
            });
        }
        expect(summary(session.history)).toEqual(expectedHistory(plans));
        // Only the preset was used: nothing but what the test sent reached the wire.
        expect(socket.sent).toEqual([]);
        session.close();
      }),
      { numRuns: 200 },
    );
  });
});

describe('forgetting settled items', () => {
  it('ignores late events for an item forgotten after settling, instead of re-creating it without text', () => {
    const items = new TranscriptItems({ maxSettled: 2 });
    for (const id of ['a', 'b', 'c', 'd']) {
      items.commit(id, null);
      items.complete(id, `text ${id}`);
    }
    // 'a' and 'b' are forgotten (only two settled items are kept, plus the last one).
    expect(items.has('a')).toBe(false);
    expect(items.isRemoved('a')).toBe(true);
    expect(items.delta('a', 'late')).toBeUndefined();
    expect(items.added('a', null, null)).toBeUndefined();
    expect(items.complete('a', 'late')).toBeUndefined();
    expect(items.has('a')).toBe(false);
    expect(items.textOf('d')).toBe('text d');
  });
});
