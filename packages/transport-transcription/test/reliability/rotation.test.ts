import { describe, expect, it, vi } from 'vitest';
import { labels, level, startSession, startSimulator } from './helpers.js';

const names = (events: Array<[string, any]>, name: string) =>
  events.filter(([n]) => n === name).map(([, e]) => e);

describe('proactive rotation', () => {
  it('opens the next session before expiry and switches between turns: nothing transcribed twice, no session_expired', async () => {
    const simulator = await startSimulator({ sessionDurationMs: 4000 });
    let keys = 0;
    const h = await startSession(
      simulator.url,
      { rotateBeforeExpiryMs: 2500 },
      () => `ek_rotation_key_${++keys}`,
    );
    let n = 0;
    // Turns every 100 ms until the transport has switched sessions (about 1–2 s in).
    while (names(h.events, 'reconnected').length === 0 && n < 60) {
      n++;
      h.session.sendAudio(level(n, 100));
      h.session.sendAudio(level(n, 100), { commit: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    n++;
    h.session.sendAudio(level(n, 200), { commit: true });
    await vi.waitFor(() => expect(h.texts()).toEqual(labels(1, n, 200)));
    const reconnected = names(h.events, 'reconnected');
    expect(reconnected).toHaveLength(1);
    expect(reconnected[0].attempt).toBe(0);
    expect(names(h.events, 'reconnecting')).toEqual([]);
    expect(names(h.events, 'item_deleted')).toEqual([]);
    expect(simulator.connections).toHaveLength(2);
    expect(simulator.connections[0]!.closed?.by).toBe('client');
    expect(keys).toBe(2);
    expect(h.errors).toEqual([]);
    expect(
      simulator
        .sent('error')
        .filter((e: any) => e.error?.code === 'session_expired'),
    ).toEqual([]);
  });

  it('switches while turns are still pending and lets the old socket deliver their finals', async () => {
    const simulator = await startSimulator({
      sessionDurationMs: 4000,
      completionDelayMs: 300,
    });
    const h = await startSession(simulator.url, { rotateBeforeExpiryMs: 2500 });
    let n = 0;
    while (names(h.events, 'reconnected').length === 0 && n < 60) {
      n++;
      h.session.sendAudio(level(n, 200), { commit: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (let k = 0; k < 3; k++) {
      n++;
      h.session.sendAudio(level(n, 200), { commit: true });
    }
    await vi.waitFor(
      () =>
        expect(h.history()).toEqual(
          labels(1, n, 200).map((text) => ['completed', text]),
        ),
      { timeout: 5000 },
    );
    expect(names(h.events, 'item_deleted')).toEqual([]);
    expect(names(h.events, 'reconnecting')).toEqual([]);
    // Turns before the switch were transcribed by session 1, the rest by later sessions; none twice.
    const completed = simulator.log.filter(
      (e) =>
        e.event.type ===
        'conversation.item.input_audio_transcription.completed',
    );
    expect(completed).toHaveLength(n);
    expect(completed.some((e) => e.connectionId === 1)).toBe(true);
    expect(completed.some((e) => e.connectionId > 1)).toBe(true);
    await vi.waitFor(() =>
      expect(simulator.connections[0]!.closed?.by).toBe('client'),
    );
  });
});
