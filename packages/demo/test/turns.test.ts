import { describe, expect, it } from 'vitest';
import { TranscriptBook, type HistoryItemLike } from '../src/turns.js';

const user = (
  itemId: string,
  transcript: string | null,
  status = 'in_progress',
): HistoryItemLike => ({
  type: 'message',
  role: 'user',
  itemId,
  status,
  content: [{ type: 'input_audio', transcript }],
});

describe('TranscriptBook', () => {
  it('orders turns by history (commit order) even when completions arrive reversed', () => {
    const book = new TranscriptBook();
    book.syncHistory([user('a', null), user('b', null)]);
    book.completed('b', 'second');
    expect(book.takeFinal()).toEqual([]); // b waits for a
    book.completed('a', 'first');
    expect(book.takeFinal().map((turn) => turn.text)).toEqual([
      'first',
      'second',
    ]);
    expect(book.takeFinal()).toEqual([]); // each final is handed out once
  });

  it('places a turn seen first through events where history later puts it', () => {
    const book = new TranscriptBook();
    book.delta('b', 'sec');
    book.syncHistory([user('a', null), user('b', null)]);
    expect(book.turns.map((turn) => turn.itemId)).toEqual(['a', 'b']);
    expect(book.turns[1]!.text).toBe('sec');
  });

  it('takes partial text from deltas and history, and final text from either path', () => {
    const book = new TranscriptBook();
    book.syncHistory([user('a', null)]);
    book.delta('a', 'Hello');
    book.syncHistory([user('a', 'Hello wor')]);
    expect(book.pending[0]).toMatchObject({
      text: 'Hello wor',
      status: 'in_progress',
    });
    book.syncHistory([user('a', 'Hello world.', 'completed')]);
    expect(book.turns[0]).toMatchObject({
      text: 'Hello world.',
      status: 'completed',
    });
  });

  it('does not let a late history copy without text wipe a final transcript', () => {
    const book = new TranscriptBook();
    book.completed('a', 'Kept.');
    book.syncHistory([user('a', null, 'completed')]);
    book.syncHistory([user('a', null)]);
    expect(book.turns[0]).toMatchObject({ text: 'Kept.', status: 'completed' });
  });

  it('marks failed turns final with their error and keeps going', () => {
    const book = new TranscriptBook();
    book.syncHistory([user('a', null), user('b', null)]);
    book.failed('a', 'audio_unintelligible');
    book.completed('b', 'fine');
    expect(
      book.takeFinal().map((turn) => [turn.status, turn.error ?? turn.text]),
    ).toEqual([
      ['failed', 'audio_unintelligible'],
      ['completed', 'fine'],
    ]);
  });

  it('keeps speech timings from VAD events and tracks open speech', () => {
    const book = new TranscriptBook();
    book.speechStarted('a', 300);
    expect(book.speechOpen).toBe(true);
    book.speechStopped('a', 2100);
    expect(book.speechOpen).toBe(false);
    book.speechStarted('b', 3000);
    book.closeOpenSpeech(4200);
    expect(book.turns.map((turn) => [turn.startMs, turn.endMs])).toEqual([
      [300, 2100],
      [3000, 4200],
    ]);
  });

  it('gives the n-th client commit span to the n-th committed item, whenever the item shows up', () => {
    const book = new TranscriptBook();
    book.clientCommitted({ startMs: 0, endMs: 900 });
    book.clientCommitted({ startMs: 1500, endMs: 2000 });
    book.syncHistory([user('x', null)]);
    book.syncHistory([user('x', null), user('y', null)]);
    expect(
      book.turns.map((turn) => [turn.itemId, turn.startMs, turn.endMs]),
    ).toEqual([
      ['x', 0, 900],
      ['y', 1500, 2000],
    ]);
  });

  it('ignores assistant and non-message history items', () => {
    const book = new TranscriptBook();
    book.syncHistory([
      { type: 'message', role: 'assistant', itemId: 'r' },
      { type: 'function_call', itemId: 'f' },
      user('a', null),
    ]);
    expect(book.turns.map((turn) => turn.itemId)).toEqual(['a']);
  });
});
