/**
 * Pacing of the 100 ms frames: `realtime` sends each frame when its audio would have started playing, as a
 * microphone would; `max` sends as fast as the transport takes them without overflowing its replay buffer.
 */
import {
  setImmediate as nextTurn,
  setTimeout as sleep,
} from 'node:timers/promises';
import type { Speed } from './args.js';
import { samplesToMs } from './audio/pcm.js';

/** A frame and where it starts in the stream. */
export interface PacedFrame {
  samples: Int16Array;
  startMs: number;
}

export interface PaceOptions {
  speed: Speed;
  /** Stops pacing (Ctrl-C) between frames. */
  signal?: AbortSignal;
  /** Clock, injectable for tests. */
  now?: () => number;
  /**
   * With `max`: whether the receiver can take another frame now (the transport's buffers are below their
   * budget). While it says no, pacing waits, but never falls behind real time, so one long turn that keeps
   * the buffer full cannot stall the stream.
   */
  canSend?: () => boolean;
}

/** How often `max` pacing looks at `canSend` again while it waits. */
const RECHECK_MS = 10;

/** Yields frames with their stream offsets at the chosen speed; ends early when `signal` aborts. */
export async function* pace(
  frames: AsyncIterable<Int16Array>,
  options: PaceOptions,
): AsyncGenerator<PacedFrame> {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  let offsetMs = 0;
  for await (const samples of frames) {
    if (options.signal?.aborted) return;
    if (options.speed === 'realtime') {
      // Sleep to the frame's scheduled time rather than a fixed 100 ms, so timer drift does not add up.
      const waitMs = startedAt + offsetMs - now();
      if (waitMs > 0) {
        try {
          await sleep(waitMs, undefined, { signal: options.signal });
        } catch {
          return; // aborted while waiting
        }
      }
    } else if (options.canSend && !options.canSend()) {
      while (!options.canSend() && now() < startedAt + offsetMs) {
        try {
          await sleep(RECHECK_MS, undefined, { signal: options.signal });
        } catch {
          return;
        }
      }
    } else {
      // Give socket I/O a turn between frames: a tight loop of microtasks would starve it, and server events
      // (speech_started, deltas) would all arrive only after the last frame.
      await nextTurn();
    }
    if (options.signal?.aborted) return;
    yield { samples, startMs: offsetMs };
    offsetMs += samplesToMs(samples.length);
  }
}
