import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../src/audio/pcm.js';
import {
  GapCommitPolicy,
  IntervalCommitPolicy,
  type CommitPolicy,
  type Span,
} from '../src/commit-policy.js';
import { toneAndSilence } from './support/audio.js';

/** Feeds 24 kHz audio to a policy in 100 ms frames and returns the spans it commits, flush included. */
function drive(policy: CommitPolicy, audio: Int16Array): Span[] {
  const spans: Span[] = [];
  let offsetMs = 0;
  for (let i = 0; i < audio.length; i += FRAME_SAMPLES) {
    const frame = audio.subarray(i, i + FRAME_SAMPLES);
    const span = policy.push(frame, offsetMs);
    if (span) spans.push(span);
    offsetMs += (frame.length * 1000) / 24_000;
  }
  const last = policy.flush(offsetMs);
  if (last) spans.push(last);
  return spans;
}

describe('GapCommitPolicy', () => {
  it('commits each stretch of speech once the silence after it reaches silenceMs', () => {
    // 300 ms silence, 1 s speech, 1 s silence, 500 ms speech, 1 s silence
    const audio = toneAndSilence([0, 300, 1000, 1000, 500, 1000]);
    expect(drive(new GapCommitPolicy({ silenceMs: 500 }), audio)).toEqual([
      { startMs: 300, endMs: 1300 },
      { startMs: 2300, endMs: 2800 },
    ]);
  });

  it('does not split speech at pauses shorter than silenceMs', () => {
    const audio = toneAndSilence([800, 300, 800, 1000]);
    expect(drive(new GapCommitPolicy({ silenceMs: 500 }), audio)).toEqual([
      { startMs: 0, endMs: 1900 },
    ]);
  });

  it('commits speech still open at the end of input on flush', () => {
    const audio = toneAndSilence([0, 200, 700]);
    expect(drive(new GapCommitPolicy({ silenceMs: 500 }), audio)).toEqual([
      { startMs: 200, endMs: 900 },
    ]);
  });

  it('never commits silence alone', () => {
    expect(
      drive(
        new GapCommitPolicy({ silenceMs: 500 }),
        new Int16Array(24_000 * 3),
      ),
    ).toEqual([]);
  });
});

describe('IntervalCommitPolicy', () => {
  it('commits every interval that held speech, with contiguous spans', () => {
    const audio = toneAndSilence([2500]);
    expect(drive(new IntervalCommitPolicy({ everyMs: 1000 }), audio)).toEqual([
      { startMs: 0, endMs: 1000 },
      { startMs: 1000, endMs: 2000 },
      { startMs: 2000, endMs: 2500 },
    ]);
  });

  it('holds a silent interval back and sends it with the next one that has speech', () => {
    const audio = toneAndSilence([0, 1000, 1000]);
    expect(drive(new IntervalCommitPolicy({ everyMs: 1000 }), audio)).toEqual([
      { startMs: 0, endMs: 2000 },
    ]);
  });
});
