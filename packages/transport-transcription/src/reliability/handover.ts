/**
 * Audio moving to a new socket: after a reconnect (the replay buffer from the oldest turn still pending,
 * skipping turns already done) and at a rotation's switch (only the uncommitted tail; the old socket keeps
 * its turns until their finals). It positions writers and computes what was replayed; the transport sets
 * the lifecycle, configures the socket and emits `reconnected` in between the steps, in that order, so
 * settings reach the socket before the audio does.
 */
import type { AudioInput } from '../audio/audio-input.js';
import { bytesPerMs } from '../audio/audio.js';
import type { Connection } from '../connection/connection.js';
import type { TurnTracker } from '../history/turn-tracker.js';
import { OPEN } from '../wire/url-and-auth.js';

/** Where a reconnect's replay starts and how much of it the writer skips (bytes). */
export interface ReplayStart {
  from: number;
  skipped: number;
}

/** Moves the audio between sockets; see the file comment. */
export class Handover {
  readonly #turns: TurnTracker;
  readonly #input: AudioInput;

  constructor(turns: TurnTracker, input: AudioInput) {
    this.#turns = turns;
    this.#input = input;
  }

  /**
   * A reconnect's new socket is set up. Items committed on the old one without a final are removed (their
   * audio is replayed and transcribed again, so history holds each turn once); items whose audio no longer
   * is in the replay buffer are marked `incomplete`. Positions `connection`'s writer for the replay.
   */
  prepareReplay(connection: Connection): ReplayStart {
    const outbox = this.#input.outbox;
    const replay = outbox.replay;
    const plan = this.#turns.replay(replay.start, (from) => {
      replay.release(from);
      return replay.start;
    });
    const from = replay.start;
    outbox.lastCommitAt = Math.max(
      from,
      Math.min(outbox.lastCommitAt, replay.end),
    );
    connection.writer.restart(from, plan.skip);
    connection.anchors = plan.anchors;
    outbox.replayed();
    const skipped = plan.skip.reduce((sum, [a, b]) => sum + (b - a), 0);
    return { from, skipped };
  }

  /** Writes the replay prepared by {@link prepareReplay}; returns the ms of audio sent again. */
  replay(connection: Connection, start: ReplayStart): number {
    const replay = this.#input.outbox.replay;
    const replayedBytes = Math.max(0, replay.end - start.from - start.skipped);
    connection.writer.flush(replay, this.#input.minCommitBytes);
    return replayedBytes / bytesPerMs(this.#input.codec);
  }

  /**
   * A rotation leaves `old`: it writes no more, and is cleared (so its VAD cannot commit the tail the new
   * socket gets too). Returns the ids of its turns still waiting for finals.
   */
  leave(old: Connection): string[] {
    old.stopWriting();
    if (old.socket.readyState === OPEN)
      old.socket.send('{"type":"input_audio_buffer.clear"}');
    return this.#turns.ledger.turns
      .filter((turn) => !turn.settled)
      .map((turn) => turn.itemId);
  }

  /** New audio goes to `candidate`; the uncommitted tail is sent to it again. Returns the ms sent again. */
  takeTail(candidate: Connection): number {
    const outbox = this.#input.outbox;
    const replay = outbox.replay;
    const from = Math.max(replay.start, outbox.lastCommitAt);
    candidate.writer.restart(from, []);
    candidate.writer.flush(replay, this.#input.minCommitBytes);
    return (replay.end - from) / bytesPerMs(this.#input.codec);
  }
}
