import { describe, expect, it } from 'vitest';
import type { CompletionOrder } from '../../src/testing/index.js';
import {
  commitTurns,
  COMPLETED,
  configure,
  connectReady,
  manual,
  startSimulator,
} from './helpers.js';

const FAILED = 'conversation.item.input_audio_transcription.failed';

async function completionOrder(
  order: CompletionOrder,
  count = 4,
): Promise<string[]> {
  const simulator = await startSimulator({
    transcripts: (turn) => `turn ${turn.index}`,
    completionDelayMs: 150,
    completionOrder: order,
  });
  const client = await connectReady(simulator);
  await configure(client, manual());
  await commitTurns(client, count);
  await client.next(COMPLETED, count);
  return client.all(COMPLETED).map((event) => event.transcript);
}

describe('simulator scripting', () => {
  it('completes overlapping turns in commit order by default, even when a later turn is faster', async () => {
    const simulator = await startSimulator({
      transcripts: ['slow', 'fast'],
      completionDelayMs: (turn) => (turn.index === 0 ? 200 : 0),
    });
    const client = await connectReady(simulator);
    await configure(client, manual());
    await commitTurns(client, 2);
    await client.next(COMPLETED, 2);
    expect(client.all(COMPLETED).map((event) => event.transcript)).toEqual([
      'slow',
      'fast',
    ]);
  });

  it('reverses completions of overlapping turns with `reversed`', async () => {
    expect(await completionOrder('reversed')).toEqual([
      'turn 3',
      'turn 2',
      'turn 1',
      'turn 0',
    ]);
  });

  it('shuffles completions deterministically with `{ random: seed }`', async () => {
    const first = await completionOrder({ random: 7 }, 6);
    const second = await completionOrder({ random: 7 }, 6);
    expect(second).toEqual(first);
    expect([...first].sort()).toEqual([
      'turn 0',
      'turn 1',
      'turn 2',
      'turn 3',
      'turn 4',
      'turn 5',
    ]);
    const others = await Promise.all(
      [1, 2, 3].map((seed) => completionOrder({ random: seed }, 6)),
    );
    expect(others.some((order) => order.join() !== first.join())).toBe(true);
  });

  it('fails the chosen turns with a per-item `failed` event and goes on', async () => {
    const simulator = await startSimulator({
      transcripts: ['a', 'b', 'c'],
      failTurns: [1],
    });
    const client = await connectReady(simulator);
    await configure(client, manual());
    const items = await commitTurns(client, 3);
    await client.next(COMPLETED, 2);
    const failed = await client.next(FAILED);
    expect(failed).toEqual({
      type: FAILED,
      event_id: expect.stringMatching(/^event_/),
      item_id: items[1],
      content_index: 0,
      error: {
        type: 'server_error',
        code: null,
        message: `Input transcription failed for item '${items[1]}'.`,
        param: null,
      },
    });
    expect(
      client.all(COMPLETED).map((event) => [event.item_id, event.transcript]),
    ).toEqual([
      [items[0], 'a'],
      [items[2], 'c'],
    ]);
    expect(
      client
        .all('conversation.item.input_audio_transcription.delta')
        .some((d) => d.item_id === items[1]),
    ).toBe(false);
  });

  it('fails a turn whose transcript function throws, and takes async transcripts', async () => {
    const simulator = await startSimulator({
      transcripts: async (turn) => {
        if (turn.index === 0) throw new Error('script broke');
        return 'async text';
      },
      failTurns: () => false,
    });
    const client = await connectReady(simulator);
    await configure(client, manual());
    await commitTurns(client, 2);
    await client.next(FAILED);
    expect((await client.next(COMPLETED)).transcript).toBe('async text');
  });

  it('uses an empty transcript past the end of the list', async () => {
    const simulator = await startSimulator({ transcripts: ['only'] });
    const client = await connectReady(simulator);
    await configure(client, manual());
    await commitTurns(client, 2);
    expect((await client.next(COMPLETED, 2)).transcript).toBe('');
  });

  it('starts sessions from a preset, as a client secret would, and transcribes with no update', async () => {
    const simulator = await startSimulator({
      transcripts: ['preset works'],
      session: {
        audio: {
          input: {
            transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
            noise_reduction: { type: 'far_field' },
            turn_detection: null,
          },
        },
        include: ['item.input_audio_transcription.logprobs'],
      },
    });
    const client = await connectReady(simulator);
    expect(client.all('session.created')[0]?.session.audio.input).toEqual({
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: {
        model: 'gpt-4o-mini-transcribe',
        language: 'en',
        prompt: null,
      },
      // INFERRED: the 2026 echo carries `strength`, 1 unless the preset set it.
      noise_reduction: { type: 'far_field', strength: 1 },
      turn_detection: null,
    });
    await commitTurns(client, 1);
    const completed = await client.next(COMPLETED);
    expect(completed.transcript).toBe('preset works');
    expect(completed.logprobs).toHaveLength(2);
  });

  it('numbers turns across connections and within each one', async () => {
    const seen: Array<[number, number, number]> = [];
    const simulator = await startSimulator({
      transcripts: (turn) => {
        seen.push([turn.index, turn.connectionId, turn.connectionTurnIndex]);
        return turn.model;
      },
    });
    const a = await connectReady(simulator);
    await configure(a, manual());
    await commitTurns(a, 1);
    await a.next(COMPLETED);
    const b = await connectReady(simulator);
    await configure(b, manual('whisper-1'));
    await commitTurns(b, 1);
    expect((await b.next(COMPLETED)).transcript).toBe('whisper-1');
    expect(seen).toEqual([
      [0, 1, 0],
      [1, 2, 0],
    ]);
  });
});
