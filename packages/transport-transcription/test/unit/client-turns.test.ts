import { describe, expect, it } from 'vitest';
import {
  ClientTurns,
  clientTurnsFor,
  type TurnStep,
} from '../../src/audio/client-turns.js';
import type { TurnDetector } from '../../src/audio/turn-detector.js';

/** `ms` of PCM16 at a constant level, as bytes. */
function pcm(ms: number, value: number): Uint8Array {
  return new Uint8Array(new Int16Array(ms * 24).fill(value).buffer);
}

function kinds(steps: TurnStep[]): string[] {
  return steps.map((s) =>
    s.kind === 'append' ? `append ${s.bytes.byteLength}` : s.kind,
  );
}

describe('ClientTurns', () => {
  it('cuts the chunk at the commit: the bytes up to it, the commit, then the rest', () => {
    // A detector that commits at 30 ms into the stream.
    const detector: TurnDetector = {
      push: () => [
        { type: 'speech_stopped', audioEndMs: 25, atMs: 30 },
        {
          type: 'commit',
          audioStartMs: 0,
          audioEndMs: 25,
          atMs: 30,
          reason: 'silence',
        },
      ],
      flush: () => [],
      reset: () => {},
    };
    const turns = new ClientTurns(
      { type: 'client_vad', createDetector: () => detector },
      'audio/pcm',
      48 * 1000, // the detector's 0 ms is 1 s into the transport timeline
    );
    const steps = turns.push(pcm(100, 0));
    expect(kinds(steps)).toEqual([
      'speech_stopped',
      'append 1440',
      'commit',
      'append 3360',
    ]);
    expect(steps[0]).toEqual({ kind: 'speech_stopped', audioEndMs: 1025 });
  });

  it('runs the built-in detector: one turn, its events on the transport timeline, the commit inside a chunk', () => {
    const turns = new ClientTurns(
      { type: 'client_vad', silenceDurationMs: 200, prefixPaddingMs: 0 },
      'audio/pcm',
      0,
    );
    const all: TurnStep[] = [];
    for (let i = 0; i < 5; i++) all.push(...turns.push(pcm(100, 0)));
    for (let i = 0; i < 5; i++) all.push(...turns.push(pcm(100, 3000)));
    for (let i = 0; i < 5; i++) all.push(...turns.push(pcm(100, 0)));
    const events = all.filter((s) => s.kind !== 'append');
    expect(events).toEqual([
      { kind: 'speech_started', audioStartMs: 500 },
      { kind: 'speech_stopped', audioEndMs: 1000 },
      { kind: 'commit' },
    ]);
    const appended = all.reduce(
      (sum, s) => sum + (s.kind === 'append' ? s.bytes.byteLength : 0),
      0,
    );
    expect(appended).toBe(15 * 100 * 48); // every byte appended exactly once
    // The commit sits 200 ms of silence after the speech, not at a chunk boundary.
    let before = 0;
    for (const step of all) {
      if (step.kind === 'commit') break;
      if (step.kind === 'append') before += step.bytes.byteLength;
    }
    expect(before / 48).toBe(1200);
  });

  it('flush() ends the turn under way and starts afresh where the stream ended', () => {
    const turns = new ClientTurns({ type: 'client_vad' }, 'audio/pcm', 0);
    turns.push(pcm(300, 0));
    turns.push(pcm(500, 3000));
    expect(kinds(turns.flush())).toEqual(['speech_stopped', 'commit']);
    expect(turns.flush()).toEqual([]);
  });

  it('keeps the detector while the settings and format stay, and makes a new one when they change', () => {
    const settings = { type: 'client_vad' } as const;
    const first = clientTurnsFor(undefined, settings, 'audio/pcm', 0)!;
    expect(clientTurnsFor(first, settings, 'audio/pcm', 10)).toBe(first);
    expect(clientTurnsFor(first, settings, 'audio/pcmu', 10)).not.toBe(first);
    expect(clientTurnsFor(first, undefined, 'audio/pcm', 10)).toBeUndefined();
  });
});
