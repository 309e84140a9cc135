/**
 * Soak: hours of synthetic audio at full speed through a real RealtimeSession and the simulator, with
 * sessions expiring every 1.5 s (rotated ahead of expiry when idle, else reconnected after it) and sockets dropped at random (seeded). Every turn must be transcribed
 * exactly once, in order, and the transport's retained structures must stay bounded.
 *
 * The source pauses while the transport has many turns in flight or audio unsent: pushing an hour into a
 * 15 s replay buffer during a reconnect would (correctly) drop audio, which a real-time source never does.
 * SOAK_AUDIO_HOURS overrides the amount (default 2).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/testing/turns/order.js';
import { labelOf, level, startSession, startSimulator } from './helpers.js';

const HOURS = Number(process.env.SOAK_AUDIO_HOURS ?? 2);
const CHUNK_MS = 500;

describe('soak', () => {
  it(`transcribes ${HOURS} h of audio exactly once, in order, through expiries and random drops, with bounded memory`, async () => {
    const random = seededRandom(0x5eed);
    const simulator = await startSimulator({
      sessionDurationMs: 1500,
      completionDelayMs: 0,
      transcripts: (turn) => labelOf(turn),
    });
    const h = await startSession(simulator.url, {
      reconnect: { initialDelayMs: 1, maxDelayMs: 20, maxAttempts: 50 },
      rotateBeforeExpiryMs: 600,
    });
    const log = simulator.log as unknown as unknown[];
    const samples: Array<Record<string, number>> = [];
    const gc = (globalThis as { gc?: () => void }).gc;
    const started = performance.now();
    const expected: string[] = [];
    const totalMs = HOURS * 3600_000;
    let pushedMs = 0;
    let turn = 0;
    let drops = 0;
    // Pre-built chunks per level would defeat the "bytes kept by reference" check, so each turn gets its own.
    while (pushedMs < totalMs) {
      turn++;
      const n = (turn % 30_000) + 1;
      const chunks = 1 + Math.floor(random() * 6); // 0.5–3 s turns
      for (let c = 0; c < chunks; c++) {
        h.session.sendAudio(level(n, CHUNK_MS), { commit: c === chunks - 1 });
        if (random() < 1 / 2000) {
          simulator.dropConnections();
          drops++;
        }
      }
      pushedMs += chunks * CHUNK_MS;
      expected.push(`t${n}:${chunks * CHUNK_MS}`);
      // Let the event loop breathe; wait while too much is in flight.
      const busy = () => {
        const stats = h.transport.reliability;
        return (
          stats.pendingItems > 4 ||
          stats.unsentMs > 2000 ||
          stats.replayBufferedMs >= 8000 ||
          h.transport.status !== 'connected'
        );
      };
      do await new Promise((resolve) => setImmediate(resolve));
      while (busy());
      if (turn % 200 === 0) {
        log.length = 0; // the simulator records every frame; the test, not the transport, would grow
        gc?.();
        const stats = h.transport.reliability;
        samples.push({
          turn,
          heapMB: process.memoryUsage().heapUsed / 2 ** 20,
          ...stats,
        });
      }
    }
    const done = await h.transport.flush({ timeoutMs: 10_000 });
    expect(done).toBe(true);
    const wallMs = performance.now() - started;
    const texts = h.texts();
    const stats = h.transport.reliability;
    const expiries = h.events.filter(
      ([name, e]) =>
        name === 'reconnecting' && /session_expired/.test(e.error.message),
    ).length;
    const rotations = h.events.filter(
      ([name, e]) => name === 'reconnected' && e.attempt === 0,
    ).length;
    console.log(
      `soak: ${(pushedMs / 3600_000).toFixed(2)} h of audio, ${turn} turns, ${stats.reconnects} reconnects (${drops} random drops, ${expiries} session_expired, ${rotations} proactive rotations), ` +
        `${(wallMs / 1000).toFixed(1)} s wall, heap ${samples[0]?.heapMB?.toFixed(1)} → ${samples.at(-1)?.heapMB?.toFixed(1)} MB (gc ${gc ? 'on' : 'off'}), ` +
        `max replay chunks ${Math.max(...samples.map((s) => s.replayChunks!))}, max ledger turns ${Math.max(...samples.map((s) => s.ledgerTurns!))}, max tracked items ${Math.max(...samples.map((s) => s.trackedItems!))}`,
    );
    expect(texts.length).toBe(expected.length);
    expect(texts).toEqual(expected);
    expect(h.history().every(([status]) => status === 'completed')).toBe(true);
    expect(stats.droppedMs).toBe(0);
    expect(drops).toBeGreaterThan(3);
    expect(expiries + rotations).toBeGreaterThan(0);
    // Bounded: nothing retained grows with the amount of audio.
    for (const sample of samples) {
      expect(sample.replayChunks).toBeLessThanOrEqual(40);
      expect(sample.ledgerTurns).toBeLessThanOrEqual(20);
      expect(sample.trackedItems).toBeLessThanOrEqual(1000 + 20);
    }
    if (gc && samples.length > 4) {
      const early = samples[Math.floor(samples.length / 4)]!.heapMB!;
      // RealtimeSession's own history grows by design (one small item per turn); the rest must not.
      expect(samples.at(-1)!.heapMB!).toBeLessThan(early + 80);
    }
  }, 120_000);
});
