import { describe, expect, it } from 'vitest';
import { createTranscriptionServerSimulator } from '../../src/testing/index.js';
import {
  appendAudio,
  configure,
  connect,
  connectReady,
  manual,
  nthError,
  startSimulator,
  tone,
} from './helpers.js';

describe('simulator lifecycle, faults and observation', () => {
  it('expires the session: expires_at, then `session_expired`, then a close', async () => {
    const simulator = await startSimulator({ sessionDurationMs: 300 });
    const before = Date.now();
    const client = await connectReady(simulator);
    const expiresAt = client.all('session.created')[0]?.session.expires_at;
    expect(Math.abs(expiresAt - (before + 300) / 1000)).toBeLessThan(2);
    expect(await nthError(client)).toEqual({
      type: 'invalid_request_error',
      code: 'session_expired',
      message: 'Your session hit the maximum duration of 0.3 seconds.',
      param: null,
      event_id: null,
    });
    expect(await client.waitClosed()).toEqual({
      code: 1000,
      reason: 'invalid_request_error.session_expired',
    });
    expect(simulator.connections[0]?.closed).toMatchObject({
      code: 1000,
      by: 'server',
    });
  });

  it('defaults to the real 60-minute cap', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const expiresAt = client.all('session.created')[0]?.session.expires_at;
    expect(expiresAt - Date.now() / 1000).toBeGreaterThan(3590);
    expect(expiresAt - Date.now() / 1000).toBeLessThan(3601);
  });

  it('drops the TCP connection with no close frame after `dropAfterAppends`', async () => {
    const simulator = await startSimulator({ faults: { dropAfterAppends: 3 } });
    const client = await connectReady(simulator);
    appendAudio(client, tone(500));
    expect((await client.waitClosed()).code).toBe(1006);
    expect(simulator.received('input_audio_buffer.append')).toHaveLength(3);
    expect(simulator.connections[0]?.closed).toMatchObject({ by: 'drop' });
  });

  it('stalls reading and answering for `stall.forMs` after `stall.afterAppends`', async () => {
    const simulator = await startSimulator({
      faults: { stall: { afterAppends: 1, forMs: 300 } },
    });
    const client = await connectReady(simulator);
    await configure(client, manual());
    appendAudio(client, tone(200));
    const sentAt = performance.now();
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('input_audio_buffer.committed');
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(250);
    // After the stall everything still works, in order.
    await client.next('conversation.item.input_audio_transcription.completed');
  });

  it('closes cleanly in the middle of a stall', async () => {
    const simulator = await createTranscriptionServerSimulator({
      faults: { stall: { afterAppends: 1, forMs: 60_000 } },
    });
    const client = await connectReady(simulator);
    appendAudio(client, tone(100));
    await simulator.waitFor(
      (entry) => entry.event.type === 'input_audio_buffer.append',
    );
    const started = performance.now();
    await simulator.close();
    expect(performance.now() - started).toBeLessThan(900);
    expect(await client.waitClosed()).toEqual({
      code: 1001,
      reason: 'simulator closed',
    });
  });

  it('still sends `session_expired` when the session expires during a stall', async () => {
    const simulator = await startSimulator({
      sessionDurationMs: 200,
      faults: { stall: { afterAppends: 1, forMs: 60_000 } },
    });
    const client = await connectReady(simulator);
    appendAudio(client, tone(100));
    expect((await nthError(client)).code).toBe('session_expired');
    expect((await client.waitClosed()).code).toBe(1000);
  });

  it('drops every open socket with dropConnections()', async () => {
    const simulator = await startSimulator();
    const a = await connectReady(simulator);
    const b = await connectReady(simulator);
    simulator.dropConnections();
    expect((await a.waitClosed()).code).toBe(1006);
    expect((await b.waitClosed()).code).toBe(1006);
    expect(simulator.connections.map((info) => info.closed?.by)).toEqual([
      'drop',
      'drop',
    ]);
  });

  it('broadcasts arbitrary server events to every open connection and logs them', async () => {
    const simulator = await startSimulator();
    const a = await connectReady(simulator);
    const b = await connectReady(simulator);
    simulator.broadcast({ type: 'rate_limits.updated', rate_limits: [] });
    expect(await a.next('rate_limits.updated')).toMatchObject({
      event_id: expect.stringMatching(/^event_/),
    });
    await b.next('rate_limits.updated');
    expect(simulator.sent('rate_limits.updated')).toHaveLength(2);
  });

  it('logs every frame in both directions, and waitFor resolves on past and future frames', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const created = await simulator.waitFor(
      (entry) => entry.event.type === 'session.created',
    );
    expect(created).toMatchObject({ connectionId: 1, direction: 'server' });
    const future = simulator.waitFor(
      (entry) => entry.event.type === 'input_audio_buffer.cleared',
    );
    client.send({ type: 'input_audio_buffer.clear', event_id: 'c1' });
    await future;
    expect(
      simulator.log.map((entry) => [entry.direction, entry.event.type]),
    ).toEqual([
      ['server', 'session.created'],
      ['client', 'input_audio_buffer.clear'],
      ['server', 'input_audio_buffer.cleared'],
    ]);
    expect(simulator.received('input_audio_buffer.clear')).toEqual([
      { type: 'input_audio_buffer.clear', event_id: 'c1' },
    ]);
    await expect(simulator.waitFor(() => false, 20)).rejects.toThrow(
      /no matching frame within 20 ms/,
    );
  });

  it('close() ends connections with 1001, rejects pending waits, and frees the port', async () => {
    const simulator = await createTranscriptionServerSimulator({
      completionDelayMs: 10_000,
    });
    const client = await connect(simulator);
    await client.next('session.created');
    await configure(client, manual());
    appendAudio(client, tone(200));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('input_audio_buffer.committed');
    const pending = simulator.waitFor(() => false, 60_000);
    await simulator.close();
    await expect(pending).rejects.toThrow('simulator closed');
    expect(await client.waitClosed()).toEqual({
      code: 1001,
      reason: 'simulator closed',
    });
    expect(simulator.connections[0]?.closed?.by).toBe('server');
    const again = await createTranscriptionServerSimulator({
      port: simulator.port,
    });
    await again.close();
  });

  it('accepts the legacy update on the legacy dialect and answers with the flat beta shape', async () => {
    const simulator = await startSimulator({
      dialect: 'legacy',
      transcripts: ['legacy text'],
    });
    const client = await connectReady(simulator);
    client.send({
      type: 'transcription_session.update',
      session: {
        input_audio_format: 'pcm16',
        input_audio_transcription: {
          model: 'gpt-4o-transcribe',
          prompt: '',
          language: 'en',
        },
        turn_detection: null,
        input_audio_noise_reduction: { type: 'near_field' },
      },
    });
    const updated = await client.next('transcription_session.updated');
    expect(updated.session).toMatchObject({
      object: 'realtime.transcription_session',
      input_audio_format: 'pcm16',
      input_audio_transcription: {
        model: 'gpt-4o-transcribe',
        language: 'en',
        prompt: null,
      },
      turn_detection: null,
      input_audio_noise_reduction: { type: 'near_field' },
      include: null,
    });
    appendAudio(client, tone(300));
    client.send({ type: 'input_audio_buffer.commit' });
    expect(
      (
        await client.next(
          'conversation.item.input_audio_transcription.completed',
        )
      ).transcript,
    ).toBe('legacy text');
  });

  it('refuses unknown legacy fields such as `turn_detection.create_response`', async () => {
    const simulator = await startSimulator({ dialect: 'legacy' });
    const client = await connectReady(simulator);
    client.send({
      type: 'transcription_session.update',
      session: {
        turn_detection: { type: 'server_vad', create_response: true },
      },
    });
    expect(await nthError(client)).toMatchObject({
      code: 'unknown_parameter',
      param: 'session.turn_detection.create_response',
    });
    client.send({ type: 'nope' });
    expect((await nthError(client, 2)).message).toContain(
      "'session.update', 'transcription_session.update', ",
    );
  });
});
