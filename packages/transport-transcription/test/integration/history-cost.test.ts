/**
 * The history-cost options through a real `RealtimeSession` on the simulator (loopback): coalesced partial
 * updates (`historyUpdates`) and the history window (`historyLimit`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenAIRealtimeTranscriptionWebSocketOptions } from '../../src/config/options.js';
import {
  labelOf,
  level,
  startSession,
  startSimulator,
  type Harness,
} from '../reliability/helpers.js';
import {
  GA_DEFAULT_SESSION,
  startScriptedServer,
} from '../helpers/scripted-server.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const WORDS = 12;
/** A transcript of WORDS words naming the turn, so deltas are many and texts distinct. */
const transcript = (turn: { audio: Uint8Array; durationMs: number }) =>
  `${labelOf(turn)}${' word'.repeat(WORDS - 1)}.`;

/** Counts `history_updated` between calls and keeps what the transport said was final. */
function observe(h: Harness) {
  let updates = 0;
  const completed: Array<[string, string]> = [];
  const partials = new Map<string, number[]>();
  h.session.on('history_updated', () => updates++);
  h.transport.on('transcript_completed', (e) =>
    completed.push([e.itemId, e.transcript]),
  );
  h.transport.on('item_update', (item) => {
    if (
      'status' in item &&
      item.status === 'in_progress' &&
      item.type === 'message' &&
      item.content[0]?.type === 'input_audio' &&
      item.content[0].transcript !== null
    ) {
      const list = partials.get(item.itemId) ?? [];
      list.push(performance.now());
      partials.set(item.itemId, list);
    }
  });
  return {
    completed,
    partials,
    take: () => {
      const n = updates;
      updates = 0;
      return n;
    },
  };
}

/** User items of the session's history as `[itemId, status, transcript]`. */
function userItems(h: Harness): Array<[string, string, string | null]> {
  return h.session.history.flatMap((item) =>
    item.type === 'message' &&
    item.role === 'user' &&
    item.content[0]?.type === 'input_audio'
      ? [
          [item.itemId, item.status, item.content[0].transcript] as [
            string,
            string,
            string | null,
          ],
        ]
      : [],
  );
}

/** One turn at a time: `history_updated` per turn, after the final arrived. */
async function turnsOneByOne(
  options: OpenAIRealtimeTranscriptionWebSocketOptions,
  turns: number,
) {
  const simulator = await startSimulator({
    transcripts: transcript,
    // Deltas spread over 30 ms: a burst, as live (six in 22 ms in a capture); a stall only bunches them more.
    completionDelayMs: 30,
  });
  const h = await startSession(simulator.url, options);
  const seen = observe(h);
  const perTurn: number[] = [];
  for (let n = 1; n <= turns; n++) {
    seen.take();
    h.session.sendAudio(level(n, 200), { commit: true });
    await vi.waitFor(() => expect(seen.completed).toHaveLength(n), {
      timeout: 10_000,
    });
    await new Promise((resolve) => setImmediate(resolve));
    perTurn.push(seen.take());
  }
  return { h, seen, perTurn };
}

describe('history cost options through a RealtimeSession', () => {
  it('updates history once per delta with partialIntervalMs 0, and far less often with the default window', async () => {
    const every = await turnsOneByOne(
      { historyUpdates: { partialIntervalMs: 0 } },
      3,
    );
    // commit + one per delta + the transport's final + the SDK's own write of the raw `completed`
    expect(every.perTurn).toEqual([WORDS + 3, WORDS + 3, WORDS + 3]);

    const coalesced = await turnsOneByOne({}, 3);
    for (const n of coalesced.perTurn) expect(n).toBeLessThan(WORDS + 3);
    // at most one partial update per item per 50 ms window
    for (const times of coalesced.seen.partials.values())
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(49);
    expect(userItems(coalesced.h)).toEqual(
      coalesced.seen.completed.map(([id, text]) => [id, 'completed', text]),
    );
  });

  it('ends with exactly the completed transcripts, in commit order, when completions arrive reversed', async () => {
    const simulator = await startSimulator({
      transcripts: transcript,
      completionDelayMs: (turn) => 300 - turn.index * 40,
      completionOrder: 'reversed',
    });
    const h = await startSession(simulator.url, {
      historyUpdates: { partialIntervalMs: 50 },
    });
    const seen = observe(h);
    for (let n = 1; n <= 5; n++)
      h.session.sendAudio(level(n, 150), { commit: true });
    await vi.waitFor(() => expect(seen.completed).toHaveLength(5), {
      timeout: 10_000,
    });
    // No partial lands after its final: the history keeps the final texts once they are all in.
    await new Promise((resolve) => setTimeout(resolve, 120));
    const byId = new Map(seen.completed);
    expect(userItems(h).map(([, status, text]) => [status, text])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [
        'completed',
        `t${n}:150${' word'.repeat(WORDS - 1)}.`,
      ]),
    );
    expect(userItems(h).map(([id, , text]) => byId.get(id) === text)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(h.errors).toEqual([]);
  });

  it('keeps at most maxItems settled user items in session.history, the newest intact, across a reconnect', async () => {
    const simulator = await startSimulator({ transcripts: transcript });
    const h = await startSession(simulator.url, {
      historyLimit: { maxItems: 3 },
    });
    const seen = observe(h);
    const expectedText = (n: number) =>
      `t${n}:150${' word'.repeat(WORDS - 1)}.`;
    for (let n = 1; n <= 6; n++) {
      h.session.sendAudio(level(n, 150), { commit: true });
      await vi.waitFor(() => expect(seen.completed).toHaveLength(n));
      expect(userItems(h).length).toBeLessThanOrEqual(3);
    }
    expect(userItems(h).map(([, s, t]) => [s, t])).toEqual(
      [4, 5, 6].map((n) => ['completed', expectedText(n)]),
    );

    simulator.dropConnections();
    await vi.waitFor(
      () =>
        expect(h.events.some(([name]) => name === 'reconnected')).toBe(true),
      { timeout: 10_000 },
    );
    for (let n = 7; n <= 9; n++) {
      h.session.sendAudio(level(n, 150), { commit: true });
      await vi.waitFor(() => expect(seen.completed).toHaveLength(n), {
        timeout: 10_000,
      });
      expect(userItems(h).length).toBeLessThanOrEqual(3);
    }
    expect(userItems(h).map(([, s, t]) => [s, t])).toEqual(
      [7, 8, 9].map((n) => ['completed', expectedText(n)]),
    );
    // The transport's own events keep everything.
    expect(seen.completed.map(([, text]) => text)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map(expectedText),
    );
    expect(h.errors).toEqual([]);
  });

  it('never removes an item still waiting for its transcript, and places it after its kept anchor when it is transcribed again after a reconnect', async () => {
    // A scripted server: every commit gets an item (`c<connection>_<n>`); the test sends the finals.
    let connections = 0;
    const server = await startScriptedServer({
      onConnection: (ws, s) => {
        const connection = ++connections;
        let n = 0;
        let previous: string | null = null;
        ws.on('message', (data) => {
          if (JSON.parse(String(data)).type !== 'input_audio_buffer.commit')
            return;
          const itemId = `c${connection}_${++n}`;
          s.send({
            type: 'input_audio_buffer.committed',
            item_id: itemId,
            previous_item_id: previous,
          });
          previous = itemId;
        });
        s.send({ type: 'session.created', session: GA_DEFAULT_SESSION });
      },
    });
    cleanups.push(() => server.close());
    const h = await startSession(server.url, { historyLimit: { maxItems: 1 } });
    const complete = (itemId: string) =>
      server.send({
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: itemId,
        content_index: 0,
        transcript: `text of ${itemId}`,
      });
    for (let n = 1; n <= 5; n++)
      h.session.sendAudio(level(n, 150), { commit: true });
    await vi.waitFor(() => expect(userItems(h)).toHaveLength(5));
    for (const id of ['c1_1', 'c1_2', 'c1_4', 'c1_5']) complete(id);
    // c1_3 waits: it, the item before it (its anchor) and everything after it stay.
    await vi.waitFor(() =>
      expect(userItems(h)).toEqual([
        ['c1_2', 'completed', 'text of c1_2'],
        ['c1_3', 'in_progress', null],
        ['c1_4', 'completed', 'text of c1_4'],
        ['c1_5', 'completed', 'text of c1_5'],
      ]),
    );
    server.socket().terminate();
    // Its audio is committed again on the new socket and goes back after c1_2, not at the end.
    await vi.waitFor(
      () =>
        expect(userItems(h)).toEqual([
          ['c1_2', 'completed', 'text of c1_2'],
          ['c2_1', 'in_progress', null],
          ['c1_4', 'completed', 'text of c1_4'],
          ['c1_5', 'completed', 'text of c1_5'],
        ]),
      { timeout: 10_000 },
    );
    complete('c2_1');
    await vi.waitFor(() =>
      expect(userItems(h)).toEqual([['c1_5', 'completed', 'text of c1_5']]),
    );
    expect(h.errors).toEqual([]);
  });
});
