import { describe, expect, it } from 'vitest';
import {
  createRenderer,
  formatClock,
  PlainRenderer,
  TtyRenderer,
  type OutputStream,
} from '../src/render.js';
import { TranscriptBook, type HistoryItemLike } from '../src/turns.js';

/** A stream that records what was written; `isTTY` decides which renderer the CLI picks. */
function stream(isTTY: boolean): OutputStream & { text: string } {
  const out = {
    text: '',
    isTTY,
    columns: 100,
    rows: 30,
    write(chunk: string) {
      out.text += chunk;
      return true;
    },
    on() {
      return out;
    },
    off() {
      return out;
    },
  };
  return out;
}

// Strips ANSI escapes (colours, cursor moves, line erases) to read what a terminal shows.
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

const user = (itemId: string): HistoryItemLike => ({
  type: 'message',
  role: 'user',
  itemId,
  content: [{ type: 'input_audio', transcript: null }],
});

describe('createRenderer', () => {
  it('picks the live view on a TTY and plain lines otherwise', () => {
    expect(createRenderer(stream(true), stream(false))).toBeInstanceOf(
      TtyRenderer,
    );
    expect(createRenderer(stream(false), stream(false))).toBeInstanceOf(
      PlainRenderer,
    );
  });
});

describe('PlainRenderer', () => {
  it('prints one line per final transcript, in commit order, and errors on stderr only', () => {
    const stdout = stream(false);
    const stderr = stream(false);
    const renderer = new PlainRenderer(stdout, stderr);
    const book = new TranscriptBook();
    book.syncHistory([user('a'), user('b'), user('c')]);
    book.delta('a', 'Par');
    renderer.update(book);
    expect(stdout.text).toBe(''); // partials never reach a pipe
    book.completed('b', 'Second.');
    book.completed('a', ' First. ');
    book.failed('c', 'audio_unintelligible');
    renderer.update(book);
    renderer.notice('server error: something');
    renderer.done(book);
    expect(stdout.text).toBe('First.\nSecond.\n');
    expect(stderr.text).toBe(
      'transcription failed for c: audio_unintelligible\nserver error: something\n',
    );
  });
});

describe('TtyRenderer', () => {
  it('shows partials as provisional, then replaces them with the final text', () => {
    const stdout = stream(true);
    const renderer = new TtyRenderer(stdout);
    const book = new TranscriptBook();
    book.syncHistory([user('a')]);
    book.speechStarted('a', 1200);
    book.delta('a', 'The quick');
    renderer.update(book, 'listening · 2.0 s sent');
    const partialFrame = stdout.text;
    expect(plain(partialFrame)).toContain('[00:01.2] The quick …');
    expect(plain(partialFrame)).toContain('listening · 2.0 s sent');
    expect(partialFrame).toContain('\u001b[2m'); // dimmed
    expect(partialFrame).toContain('\u001b[3m'); // italic partial

    book.completed('a', 'The quick brown fox.');
    renderer.update(book);
    renderer.done(book);
    const after = plain(stdout.text.slice(partialFrame.length));
    expect(after).toContain('[00:01.2] The quick brown fox.');
    expect(after).not.toContain('brown fox. …');
  });

  it('persists notices above the live area', () => {
    const stdout = stream(true);
    const renderer = new TtyRenderer(stdout);
    renderer.notice('server error: invalid_value');
    renderer.done(new TranscriptBook());
    expect(plain(stdout.text)).toContain('server error: invalid_value');
  });
});

describe('formatClock', () => {
  it.each([
    [undefined, '[  --  ]'],
    [0, '[00:00.0]'],
    [61_250, '[01:01.3]'],
    [3_725_000, '[1:02:05.0]'],
  ])('formats %s', (ms, expected) => {
    expect(formatClock(ms)).toBe(expected);
  });
});
