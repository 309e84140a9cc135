import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../src/audio/pcm.js';
import {
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
