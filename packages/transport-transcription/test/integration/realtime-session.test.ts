import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import {
  pcm,
  startScriptedServer,
  type ScriptedServer,
} from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
let session: RealtimeSession | undefined;
afterEach(async () => {
  session?.close();
  await server?.close();
  server = undefined;
  session = undefined;
});

function userTexts(history: RealtimeSession['history']) {
  return history.map((item) =>
    item.type === 'message' &&
    item.role === 'user' &&
    item.content[0]?.type === 'input_audio'
      ? [item.itemId, item.status, item.content[0].transcript]
      : [item.itemId, 'other'],
  );
}

describe('RealtimeSession with the transcription transport', () => {
  it('configures a transcription session and builds history in commit order from reversed completions', async () => {
    server = await startScriptedServer();
    const agent = new RealtimeAgent({
      name: 'Assistant',
      instructions: 'You are a helpful voice assistant.',
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket();
    const warnings: string[] = [];
    transport.on('warning', (w) => warnings.push(w.field));
    session = new RealtimeSession(agent, {
      transport,
      config: {
        audio: {
          input: {
            transcription: { model: 'gpt-4o-transcribe', language: 'en' },
          },
        },
      },
    });
    const errors: unknown[] = [];
    session.on('error', (e) => errors.push(e));
    await session.connect({ apiKey: 'sk-test-key-123456', url: server.url });

    const update = server.received.find((e) => e.type === 'session.update')!;
    expect(update.session).toEqual({
      type: 'transcription',
      audio: {
        input: {
          transcription: { model: 'gpt-4o-transcribe', language: 'en' },
        },
      },
    });
    expect(server.requests[0]!.headers.authorization).toBe(
      'Bearer sk-test-key-123456',
    );
    expect(server.requests[0]!.url).toBe('/v1/realtime?intent=transcription');
    expect(warnings).toEqual(['instructions', 'transcription.model']);

    session.sendAudio(pcm(200));
    session.sendAudio(pcm(200));
    server.send({
      type: 'input_audio_buffer.committed',
      item_id: 'item_1',
      previous_item_id: null,
    });
    server.send({
      type: 'conversation.item.added',
      item: {
        id: 'item_1',
        type: 'message',
        role: 'user',
        status: 'completed',
        content: [{ type: 'input_audio', transcript: null }],
      },
    });
    server.send({
      type: 'input_audio_buffer.committed',
      item_id: 'item_2',
      previous_item_id: 'item_1',
    });
    server.send({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: 'item_2',
      delta: 'Second',
    });
    server.send({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: 'item_1',
      delta: 'Hello',
    });
    server.send({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: 'item_1',
      delta: ' there',
    });
    await vi.waitFor(() =>
      expect(userTexts(session!.history)).toEqual([
        ['item_1', 'in_progress', 'Hello there'],
        ['item_2', 'in_progress', 'Second'],
      ]),
    );
    server.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_2',
      transcript: 'Second turn.',
      usage: {
        type: 'tokens',
        input_tokens: 10,
        output_tokens: 3,
        total_tokens: 13,
      },
    });
    server.send({
      type: 'conversation.item.done',
      item: {
        id: 'item_1',
        type: 'message',
        role: 'user',
        status: 'completed',
        content: [{ type: 'input_audio', transcript: null }],
      },
    });
    server.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_1',
      transcript: 'Hello there.',
      usage: {
        type: 'tokens',
        input_tokens: 16,
        output_tokens: 8,
        total_tokens: 24,
      },
    });
    await vi.waitFor(() =>
      expect(userTexts(session!.history)).toEqual([
        ['item_1', 'completed', 'Hello there.'],
        ['item_2', 'completed', 'Second turn.'],
      ]),
    );
    expect(session.usage.totalTokens).toBe(37);
    const types = server.received.map((e) => e.type);
    expect(
      types.filter((t) => !t.startsWith('input_audio_buffer.append')),
    ).toEqual(['session.update']);
    expect(errors).toEqual([]);
  });

  it('keeps a client-secret preset when the user configures nothing', async () => {
    const preset = {
      type: 'transcription',
      object: 'realtime.transcription_session',
      id: 'sess_x',
      expires_at: 1,
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: {
            model: 'gpt-4o-mini-transcribe',
            language: 'en',
            prompt: 'Expect tech terms.',
          },
          noise_reduction: { type: 'far_field' },
          turn_detection: {
            type: 'server_vad',
            threshold: 0.7,
            prefix_padding_ms: 300,
            silence_duration_ms: 500,
          },
        },
      },
      include: ['item.input_audio_transcription.logprobs'],
    };
    server = await startScriptedServer({ session: preset });
    session = new RealtimeSession(
      new RealtimeAgent({ name: 'A', instructions: 'x' }),
      { transport: new OpenAIRealtimeTranscriptionWebSocket() },
    );
    session.on('error', () => {});
    await session.connect({ apiKey: 'ek_test', url: server.url });
    expect(server.received).toEqual([]);
    session.sendAudio(pcm(100));
    await server.waitForReceived('input_audio_buffer.append');
    expect(server.received.map((e) => e.type)).toEqual([
      'input_audio_buffer.append',
    ]);
  });

  it('refuses text, responses and bad audio, and keeps working', async () => {
    server = await startScriptedServer();
    session = new RealtimeSession(new RealtimeAgent({ name: 'A' }), {
      transport: new OpenAIRealtimeTranscriptionWebSocket(),
    });
    session.on('error', () => {});
    await session.connect({ apiKey: 'sk-x', url: server.url });
    expect(() => session!.sendMessage('hi')).toThrow(
      /transcription session takes audio only/,
    );
    expect(() => session!.transport.requestResponse!()).toThrow(
      /UNSUPPORTED|audio only/,
    );
    expect(() =>
      session!.transport.sendEvent({ type: 'response.create' }),
    ).toThrow(/refused "response.create"/);
    expect(() => session!.sendAudio(new ArrayBuffer(3))).toThrow(TypeError);
    expect(() =>
      session!.sendAudio(new Float32Array(4) as unknown as ArrayBuffer),
    ).toThrow(/Float32/);
    session.sendAudio(pcm(50), { commit: true }); // under 100 ms: the commit is not sent
    session.sendAudio(pcm(100), { commit: true });
    await server.waitForReceived('input_audio_buffer.commit');
    expect(server.received.map((e) => e.type)).toEqual([
      'session.update',
      'input_audio_buffer.append',
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
    ]);
    session.interrupt();
  });
});
