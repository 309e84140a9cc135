import { describe, expect, it, vi } from 'vitest';
import { AudioWriter } from '../../src/audio/audio-writer.js';
import { ReplayBuffer } from '../../src/audio/replay-buffer.js';

function fakeSocket() {
  const sent: string[] = [];
  return {
    sent,
    readyState: 1,
    bufferedAmount: 0,
    send: (data: string) => void sent.push(data),
    close: () => {},
    addEventListener: () => {},
  };
}
const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const decoded = (frame: string) => [
  ...Buffer.from(JSON.parse(frame).audio as string, 'base64'),
];

describe('AudioWriter', () => {
  it('writes a chunk with exactly one send when nothing is queued and the socket drains', () => {
    const socket = fakeSocket();
    const writer = new AudioWriter(socket, 0, encode, 100);
    expect(writer.tryWrite(Uint8Array.of(1, 2), 0)).toBe(true);
    expect(socket.sent).toEqual([
      '{"type":"input_audio_buffer.append","audio":"AQI="}',
    ]);
    expect(writer.sent).toBe(2);
  });

  it('queues behind a full socket and writes audio and commits in order once it drains', () => {
    vi.useFakeTimers();
    try {
      const socket = fakeSocket();
      const replay = new ReplayBuffer(1000);
      const writer = new AudioWriter(socket, 0, encode, 100);
      socket.bufferedAmount = 500;
      expect(writer.tryWrite(Uint8Array.of(1, 1), replay.end)).toBe(false);
      replay.append(Uint8Array.of(1, 1));
      replay.commit();
      expect(writer.tryCommit(replay.end)).toBe(false);
      replay.append(Uint8Array.of(2, 2));
      writer.flush(replay, 1);
      expect(socket.sent).toEqual([]);
      socket.bufferedAmount = 0;
      vi.advanceTimersByTime(20);
      expect(socket.sent.map((f) => JSON.parse(f).type)).toEqual([
        'input_audio_buffer.append',
        'input_audio_buffer.commit',
        'input_audio_buffer.append',
      ]);
      expect(decoded(socket.sent[0]!)).toEqual([1, 1]);
      expect(writer.commits).toEqual([2]);
      expect(writer.sent).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('maps server offsets onto the transport timeline across skipped ranges', () => {
    const socket = fakeSocket();
    const replay = new ReplayBuffer(1000);
    for (let i = 0; i < 3; i++) {
      replay.append(new Uint8Array(10).fill(i + 1));
      replay.commit();
    }
    const writer = new AudioWriter(socket, 0, encode, 100);
    writer.restart(0, [[10, 20]]);
    writer.flush(replay, 1);
    expect(socket.sent.map((f) => JSON.parse(f).type)).toEqual([
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
    ]);
    expect(writer.toTimeline(5)).toBe(5);
    expect(writer.toTimeline(15)).toBe(25); // the server's 10..20 is our 20..30
    expect(writer.commits).toEqual([10, 30]);
  });
});
