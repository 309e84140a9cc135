import { describe, expect, it } from 'vitest';
import {
  appendAudio,
  COMPLETED,
  configure,
  connectReady,
  manual,
  startSimulator,
  tone,
} from './helpers.js';

const DELTA = 'conversation.item.input_audio_transcription.delta';
const COMMITTED = 'input_audio_buffer.committed';

describe('simulator pre-commit deltas (streaming models; timing INFERRED)', () => {
  it.each(['gpt-live-transcribe', 'gpt-realtime-whisper'])(
    'streams %s deltas while audio arrives, for the item id the commit then carries',
    async (model) => {
      const simulator = await startSimulator({
        transcripts: ['one two three four five'],
      });
      const client = await connectReady(simulator);
      await configure(client, {
        audio: { input: { transcription: { model } } },
      });
      // 1.2 s of audio: one word per 300 ms is due, the last word waits for the commit.
      appendAudio(client, tone(1200));
      await client.next(DELTA, 4);
      expect(client.all(COMMITTED)).toHaveLength(0);
      const early = client.all(DELTA);
      expect(early.map((delta) => delta.delta)).toEqual([
        'one',
        ' two',
        ' three',
        ' four',
      ]);
      const itemId = early[0]?.item_id;
      expect(itemId).toMatch(/^item_/);
      expect(new Set(early.map((delta) => delta.item_id))).toEqual(
        new Set([itemId]),
      );

      client.send({ type: 'input_audio_buffer.commit' });
      const completed = await client.next(COMPLETED);
      expect((await client.next(COMMITTED)).item_id).toBe(itemId);
      expect(completed.item_id).toBe(itemId);
      expect(completed.transcript).toBe('one two three four five');
      // Every word once: the deltas after the commit continue the streamed text.
      const all = client.all(DELTA);
      expect(all.map((delta) => delta.delta).join('')).toBe(
        'one two three four five',
      );
      const types = client.events.map((event) => event.type);
      expect(types.indexOf(DELTA)).toBeLessThan(types.indexOf(COMMITTED));
    },
  );

  it('gives the next turn a new item id and streams its own text', async () => {
    const simulator = await startSimulator({
      transcripts: ['first turn here', 'second turn here'],
    });
    const client = await connectReady(simulator);
    await configure(client, {
      audio: { input: { transcription: { model: 'gpt-live-transcribe' } } },
    });
    appendAudio(client, tone(900));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next(COMPLETED);
    appendAudio(client, tone(900));
    await client.next(DELTA, 5);
    const second = client.all(DELTA).slice(3);
    const firstItem = client.all(COMMITTED)[0]?.item_id;
    expect(second[0]?.item_id).not.toBe(firstItem);
    expect(second.map((delta) => delta.delta)).toEqual(['second', ' turn']);
    client.send({ type: 'input_audio_buffer.commit' });
    expect((await client.next(COMPLETED, 2)).item_id).toBe(second[0]?.item_id);
    expect((await client.next(COMMITTED, 2)).previous_item_id).toBe(firstItem);
  });

  it('drops the streamed turn on clear: the next commit has a fresh id and the right text', async () => {
    const simulator = await startSimulator({
      transcripts: ['after the clear'],
    });
    const client = await connectReady(simulator);
    await configure(client, {
      audio: { input: { transcription: { model: 'gpt-realtime-whisper' } } },
    });
    appendAudio(client, tone(700));
    await client.next(DELTA, 2);
    const cleared = client.all(DELTA)[0]?.item_id;
    client.send({ type: 'input_audio_buffer.clear' });
    await client.next('input_audio_buffer.cleared');
    appendAudio(client, tone(300));
    client.send({ type: 'input_audio_buffer.commit' });
    const completed = await client.next(COMPLETED);
    expect(completed.item_id).not.toBe(cleared);
    expect(completed.transcript).toBe('after the clear');
  });

  it('sends no deltas before the commit for committed-turn models', async () => {
    const simulator = await startSimulator({ transcripts: ['a b c d e f'] });
    const client = await connectReady(simulator);
    await configure(client, manual('gpt-transcribe'));
    appendAudio(client, tone(1500));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next(COMPLETED);
    const types = client.events.map((event) => event.type);
    expect(types.indexOf(COMMITTED)).toBeLessThan(types.indexOf(DELTA));
  });

  it('streams only after the commit when the transcript comes from a function (it needs the audio)', async () => {
    const simulator = await startSimulator({
      transcripts: (turn) => `turn ${turn.index} words`,
    });
    const client = await connectReady(simulator);
    await configure(client, {
      audio: { input: { transcription: { model: 'gpt-live-transcribe' } } },
    });
    appendAudio(client, tone(1500));
    client.send({ type: 'input_audio_buffer.commit' });
    const completed = await client.next(COMPLETED);
    expect(completed.transcript).toBe('turn 0 words');
    const types = client.events.map((event) => event.type);
    expect(types.indexOf(COMMITTED)).toBeLessThan(types.indexOf(DELTA));
  });
});
