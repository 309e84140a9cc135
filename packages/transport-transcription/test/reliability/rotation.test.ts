import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import { closeProxies, startTcpProxy } from '../helpers/tcp-proxy.js';
import {
  startRawServer,
  transcriptionSession,
  type RawConnection,
} from '../helpers/raw-server.js';
import { labels, level, startSession, startSimulator } from './helpers.js';

afterEach(closeProxies);

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

describe('expires_at the transport cannot believe', () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['30 days ahead (past setTimeout range)', () => now() + 30 * 86_400],
    ['in milliseconds', () => Date.now() + 3_600_000],
    ['negative', () => -5],
    ['in the past', () => now() - 60],
    ['not a number', () => 'soon'],
  ])('%s: no rotation storm, one connection, one key', async (_, expiresAt) => {
    const server = await startRawServer((c) =>
      c.send({
        type: 'session.created',
        session: transcriptionSession({ expires_at: expiresAt() }),
      }),
    );
    let keys = 0;
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      session: { turnDetection: null },
      rotateBeforeExpiryMs: 2000,
      reconnect: { initialDelayMs: 5, maxDelayMs: 50 },
    });
    const errors: unknown[] = [];
    transport.on('error', (e) => errors.push(e.error));
    await transport.connect({
      apiKey: () => `ek_expiry_${++keys}`,
      url: server.url,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(server.connections).toHaveLength(1);
    expect(keys).toBe(1);
    expect(errors).toEqual([]);
    transport.close();
  });

  it('reads an expires_at in milliseconds as milliseconds', async () => {
    const at = Date.now() + 3_600_000;
    const server = await startRawServer((c) =>
      c.send({
        type: 'session.created',
        session: transcriptionSession({ expires_at: at }),
      }),
    );
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      session: { turnDetection: null },
    });
    await transport.connect({ apiKey: 'sk-test-0123456789', url: server.url });
    expect(transport.expiresAt).toBe(at / 1000);
    transport.close();
  });
});

describe('settings changed during a rotation reach the socket that takes the later audio', () => {
  const french = {
    audio: {
      input: {
        transcription: { model: 'gpt-4o-mini-transcribe', language: 'fr' },
      },
    },
  };
  const language = (event: any) =>
    event.session?.audio?.input?.transcription?.language;

  /**
   * Session 1 expires in 3 s (rotation starts at 1.5 s). Commits on session 1 are answered only when the test
   * says, so the candidate waits for a commit boundary; `holdUpdated` holds back the candidate's
   * `session.updated`, so its setup is still under way.
   */
  async function rotatingServer(holdUpdated: boolean) {
    const pendingCommits: Array<() => void> = [];
    let releaseUpdated: (() => void) | undefined;
    let items = 0;
    const expiries: number[] = [];
    const server = await startRawServer(
      (c, index) => {
        // The first session expires in 3 s, the next ones in an hour.
        expiries[index] = Date.now() / 1000 + (index === 0 ? 3 : 3600);
        c.send({
          type: 'session.created',
          session: transcriptionSession({ expires_at: expiries[index] }),
        });
      },
      (c, event, index) => {
        if (event.type === 'session.update') {
          const answer = () =>
            c.send({
              type: 'session.updated',
              session: transcriptionSession({
                expires_at: expiries[index],
                ...event.session,
              }),
            });
          if (holdUpdated && index === 1 && !releaseUpdated)
            releaseUpdated = answer;
          else answer();
        }
        if (event.type === 'input_audio_buffer.commit') {
          const itemId = `item_${index}_${++items}`;
          const answer = () => {
            c.send({
              type: 'input_audio_buffer.committed',
              item_id: itemId,
              previous_item_id: null,
            });
            c.send({
              type: 'conversation.item.input_audio_transcription.completed',
              item_id: itemId,
              transcript: itemId,
            });
          };
          if (index === 0) pendingCommits.push(answer);
          else answer();
        }
      },
    );
    return {
      server,
      answerCommits: () => pendingCommits.splice(0).forEach((a) => a()),
      releaseUpdated: () => releaseUpdated?.(),
    };
  }

  async function connected(url: string, noiseReduction: boolean) {
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      // Near-field noise reduction makes every setup send an update (the server reports none).
      session: noiseReduction
        ? { turnDetection: null, noiseReduction: { type: 'near_field' } }
        : { turnDetection: null },
      rotateBeforeExpiryMs: 2000,
      reconnect: { initialDelayMs: 5, maxDelayMs: 50 },
    });
    const events: string[] = [];
    transport.on('reconnected', (e) => events.push(`reconnected ${e.attempt}`));
    transport.on('error', (e) => events.push(`error ${String(e.error)}`));
    await transport.connect({ apiKey: 'sk-test-0123456789', url });
    return { transport, events };
  }

  /** The candidate got the change before any audio, and the server confirmed it. */
  function expectConfiguredBeforeAudio(candidate: RawConnection) {
    const updates = candidate.received
      .map((e, i) => [e, i] as const)
      .filter(([e]) => e.type === 'session.update');
    const firstAudio = candidate.received.findIndex(
      (e) => e.type === 'input_audio_buffer.append',
    );
    const french = updates.find(([e]) => language(e) === 'fr');
    expect(french).toBeDefined();
    expect(firstAudio).toBeGreaterThan(french![1]);
  }

  it('while the ready candidate waits for a commit boundary', async () => {
    const { server, answerCommits } = await rotatingServer(false);
    const { transport, events } = await connected(server.url, false);
    transport.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(server.connections).toHaveLength(2), {
      timeout: 4000,
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // its setup completes
    transport.updateSessionConfig(french as never);
    answerCommits(); // the boundary: audio moves to the candidate
    await vi.waitFor(() => expect(events).toContain('reconnected 0'));
    transport.sendAudio(level(2, 200), { commit: true });
    await vi.waitFor(() =>
      expect(
        server.connections[1]!.received.some(
          (e) => e.type === 'input_audio_buffer.append',
        ),
      ).toBe(true),
    );
    expectConfiguredBeforeAudio(server.connections[1]!);
    transport.close();
  });

  it('while the candidate is set up (our update sent, session.updated not yet back)', async () => {
    const { server, releaseUpdated } = await rotatingServer(true);
    const { transport, events } = await connected(server.url, true);
    await vi.waitFor(
      () =>
        expect(
          server.connections[1]?.received.some(
            (e) => e.type === 'session.update',
          ),
        ).toBe(true),
      { timeout: 4000 },
    );
    transport.updateSessionConfig(french as never);
    releaseUpdated();
    await vi.waitFor(() => expect(events).toContain('reconnected 0'));
    transport.sendAudio(level(2, 200), { commit: true });
    await vi.waitFor(() =>
      expect(
        server.connections[1]!.received.some(
          (e) => e.type === 'input_audio_buffer.append',
        ),
      ).toBe(true),
    );
    expectConfiguredBeforeAudio(server.connections[1]!);
    transport.close();
  });

  it('while the old socket drains, and before the rotation is due', async () => {
    const { server, answerCommits } = await rotatingServer(false);
    const { transport, events } = await connected(server.url, false);
    const german = structuredClone(french);
    german.audio.input.transcription.language = 'de';
    transport.updateSessionConfig(german as never); // scheduled phase
    transport.sendAudio(level(1, 200), { commit: true });
    await vi.waitFor(() => expect(server.connections).toHaveLength(2), {
      timeout: 4000,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    answerCommits();
    await vi.waitFor(() => expect(events).toContain('reconnected 0'));
    transport.updateSessionConfig(french as never); // draining phase
    transport.sendAudio(level(2, 200), { commit: true });
    await vi.waitFor(() =>
      expect(
        server.connections[1]!.received.some(
          (e) => e.type === 'input_audio_buffer.append',
        ),
      ).toBe(true),
    );
    const languages = server.connections[1]!.received.filter(
      (e) => e.type === 'session.update',
    ).map(language);
    expect(languages).toEqual(['de', 'fr']);
    transport.close();
  });
});

describe('both sockets dying in the drain window', () => {
  it.each([
    ['the old one first', [0, 1]],
    ['the new one first', [1, 0]],
  ])(
    '%s: nothing is lost',
    async (_, order) => {
      const simulator = await startSimulator({
        sessionDurationMs: 4000,
        completionDelayMs: 400,
      });
      const proxy = await startTcpProxy(simulator.url);
      const h = await startSession(proxy.url, { rotateBeforeExpiryMs: 2500 });
      let n = 0;
      while (names(h.events, 'reconnected').length === 0 && n < 60) {
        n++;
        h.session.sendAudio(level(n, 200), { commit: true });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Turns still pending on the old socket (completions take 400 ms): cut both, in the given order.
      n++;
      h.session.sendAudio(level(n, 200), { commit: true });
      await new Promise((resolve) => setTimeout(resolve, 30));
      for (const index of order) {
        proxy.connections[index]!.cut();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      n++;
      h.session.sendAudio(level(n, 200), { commit: true });
      await vi.waitFor(
        () =>
          expect(h.history()).toEqual(
            labels(1, n, 200).map((text) => ['completed', text]),
          ),
        { timeout: 8000 },
      );
      expect(names(h.events, 'transcript_failed')).toEqual([]);
      expect(h.errors).toEqual([]);
    },
    20_000,
  );
});
