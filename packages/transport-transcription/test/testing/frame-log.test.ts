import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAME_LOG_LIMITS,
  FrameLog,
  frameLogLimits,
} from '../../src/testing/server/frame-log.js';
import type { SimulatorLogEntry } from '../../src/testing/types.js';
import {
  appendAudio,
  configure,
  connectReady,
  manual,
  silence,
  startSimulator,
} from './helpers.js';

/** The n-th client frame, of type `t<n>`. */
const entry = (n: number): SimulatorLogEntry => ({
  connectionId: 1,
  direction: 'client',
  event: { type: `t${n}` },
  at: n,
});
const types = (log: FrameLog) => log.entries.map((e) => e.event.type);

describe('FrameLog bounds', () => {
  it('keeps the last `frames` frames, dropping the oldest first', () => {
    const log = new FrameLog({ frames: 3, bytes: Infinity });
    for (let n = 1; n <= 7; n++) log.record(entry(n), 10);
    expect(types(log)).toEqual(['t5', 't6', 't7']);
    expect(log.dropped).toBe(4);
    expect(log.bytes).toBe(30);
  });

  it('keeps at most `bytes` bytes of frames, dropping the oldest first, however many frames that is', () => {
    const log = new FrameLog({ frames: Infinity, bytes: 100 });
    for (const [n, size] of [
      [1, 60],
      [2, 30],
      [3, 20], // 110 > 100: t1 goes
      [4, 5],
      [5, 50], // 105 > 100: t2 goes
    ] as const)
      log.record(entry(n), size);
    expect(types(log)).toEqual(['t3', 't4', 't5']);
    expect(log.bytes).toBe(75);
    expect(log.dropped).toBe(2);
  });

  it('never keeps a frame larger than the byte limit, and stays within both limits at every step', () => {
    const log = new FrameLog({ frames: 4, bytes: 50 });
    const sizes = [10, 80, 20, 20, 5, 45, 1, 1, 1, 1, 1];
    sizes.forEach((size, n) => {
      log.record(entry(n), size);
      expect(log.entries.length).toBeLessThanOrEqual(4);
      expect(log.bytes).toBeLessThanOrEqual(50);
    });
    expect(types(log)).toEqual(['t7', 't8', 't9', 't10']);
    expect(log.dropped).toBe(sizes.length - 4);
  });

  it('hands waitFor every frame that arrives after the call, even one dropped at once', async () => {
    const log = new FrameLog({ frames: 0, bytes: 0 });
    const waited = log.waitFor((e) => e.event.type === 't2', 1000);
    log.record(entry(1), 10);
    log.record(entry(2), 10);
    expect((await waited).event.type).toBe('t2');
    expect(log.entries).toEqual([]);
    expect(log.dropped).toBe(2);
  });

  it('finds a frame still kept at once, and not one already dropped', async () => {
    const log = new FrameLog({ frames: 2, bytes: Infinity });
    for (let n = 1; n <= 3; n++) log.record(entry(n), 1);
    expect((await log.waitFor((e) => e.event.type === 't2')).at).toBe(2);
    await expect(log.waitFor((e) => e.event.type === 't1', 20)).rejects.toThrow(
      /no matching frame within 20 ms \(2 frames logged\)/,
    );
  });

  it('follows a caller that empties the array to read it incrementally (log.length = 0)', () => {
    const log = new FrameLog({ frames: 3, bytes: 100 });
    for (let n = 1; n <= 3; n++) log.record(entry(n), 40); // 120 > 100: t1 dropped
    expect(log.bytes).toBe(80);
    log.entries.length = 0;
    expect(log.bytes).toBe(0);
    for (let n = 4; n <= 6; n++) log.record(entry(n), 30);
    expect(types(log)).toEqual(['t4', 't5', 't6']);
    expect(log.bytes).toBe(90);
  });
});

describe('frameLogLimits', () => {
  it('defaults to 10 000 frames or 16 MiB, and fills what is left out', () => {
    expect(frameLogLimits(undefined)).toEqual({
      frames: 10_000,
      bytes: 16 * 2 ** 20,
    });
    expect(frameLogLimits({ frames: 5 })).toEqual({
      frames: 5,
      bytes: DEFAULT_FRAME_LOG_LIMITS.bytes,
    });
    expect(frameLogLimits({ bytes: Infinity, frames: 0 })).toEqual({
      frames: 0,
      bytes: Infinity,
    });
  });

  it.each<[unknown, RegExp]>([
    [
      5,
      /options\.logLimit must be an object such as \{ frames: 1000 \}, got 5\./,
    ],
    [null, /options\.logLimit must be an object.*got null\./],
    [
      { frames: -1 },
      /options\.logLimit\.frames must be a whole number ≥ 0 or Infinity, got -1\./,
    ],
    [{ bytes: 1.5 }, /options\.logLimit\.bytes must be .*, got 1\.5\./],
    [{ frames: '10' }, /options\.logLimit\.frames must be .*, got "10"\./],
    [{ frames: NaN }, /options\.logLimit\.frames must be .*, got NaN\./],
    [
      { entries: 10 },
      /options\.logLimit takes frames and bytes, got an unknown field "entries"\./,
    ],
  ])(
    'refuses logLimit %j with a TypeError naming the field',
    (limit, message) => {
      expect(() => frameLogLimits(limit)).toThrow(TypeError);
      expect(() => frameLogLimits(limit)).toThrow(message);
    },
  );
});

describe('the simulator log, bounded', () => {
  it('refuses a bad logLimit before listening', async () => {
    await expect(startSimulator({ logLimit: { frames: -5 } })).rejects.toThrow(
      /options\.logLimit\.frames must be a whole number ≥ 0/,
    );
  });

  it('keeps the last frames of a connection within logLimit, counts the dropped ones, and waitFor still sees new traffic', async () => {
    const simulator = await startSimulator({ logLimit: { frames: 10 } });
    const client = await connectReady(simulator);
    await configure(client, manual('gpt-live-transcribe'));
    appendAudio(client, silence(3000)); // 30 appends
    client.send({ type: 'input_audio_buffer.clear', event_id: 'last' });
    await client.next('input_audio_buffer.cleared');
    // session.created, session.update, session.updated, 30 appends, clear, cleared: 35 frames.
    expect(simulator.log).toHaveLength(10);
    expect(simulator.droppedFrames).toBe(25);
    expect(simulator.log.at(-2)!.event).toMatchObject({ event_id: 'last' });
    expect(simulator.log.at(-1)!.event.type).toBe('input_audio_buffer.cleared');
    expect(simulator.received('input_audio_buffer.append')).toHaveLength(8);
    expect(simulator.sent('session.created')).toEqual([]);

    const lastAt = simulator.log.at(-1)!.at;
    const next = simulator.waitFor(
      (e) => e.event.type === 'input_audio_buffer.cleared' && e.at > lastAt,
    );
    client.send({ type: 'input_audio_buffer.clear' });
    await expect(next).resolves.toMatchObject({ direction: 'server' });
  });

  it('stays flat under the default limits through a long run: at most 16 MiB of frames kept, the newest', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    await configure(client, manual('gpt-live-transcribe'));
    // 8 minutes of 100 ms appends (6.4 KB of base64 each, about 31 MiB in all): twice the byte limit.
    const appends = 4_800;
    const frame = silence(100).toString('base64');
    for (let i = 0; i < appends; i++)
      client.send({ type: 'input_audio_buffer.append', audio: frame });
    client.send({ type: 'input_audio_buffer.clear' });
    await simulator.waitFor(
      (e) => e.event.type === 'input_audio_buffer.cleared',
      30_000,
    );
    const total = 3 + appends + 2;
    const kept = simulator.log.length;
    const keptBytes = simulator.log.reduce(
      (sum, e) => sum + Buffer.byteLength(JSON.stringify(e.event)),
      0,
    );
    expect(kept + simulator.droppedFrames).toBe(total);
    expect(keptBytes).toBeLessThanOrEqual(16 * 2 ** 20);
    // About 16 MiB of 6.4 KB appends: well over a thousand, well under the frame limit.
    expect(kept).toBeGreaterThan(2_000);
    expect(kept).toBeLessThan(3_000);
    expect(simulator.log.at(-1)!.event.type).toBe('input_audio_buffer.cleared');
  }, 60_000);
});
