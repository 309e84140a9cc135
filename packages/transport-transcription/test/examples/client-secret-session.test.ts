import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { transcribeWithClientSecret } from '../../examples/client-secret-session.js';
import {
  startScriptedServer,
  type ScriptedServer,
} from '../helpers/scripted-server.js';

// The session a client secret with the example's settings yields (fixtures/traffic/00-seed.jsonl).
const PRESET = {
  type: 'transcription',
  object: 'realtime.transcription_session',
  id: 'sess_example',
  expires_at: 1758118825,
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: {
        model: 'gpt-4o-mini-transcribe',
        language: 'en',
        prompt:
          'Expect a conversation between a human and customer service agent. Expect technology terms to be used.',
      },
      noise_reduction: { type: 'far_field' },
      turn_detection: {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 200,
      },
    },
  },
  include: ['item.input_audio_transcription.logprobs'],
};

let rest: Server | undefined;
let realtime: ScriptedServer | undefined;
afterEach(async () => {
  await realtime?.close();
  await new Promise((resolve) =>
    rest ? rest.close(resolve) : resolve(undefined),
  );
  rest = undefined;
  realtime = undefined;
});

describe('examples/client-secret-session', () => {
  it('transcribes with the one-line change, sending no session.update over the client-secret preset', async () => {
    const secretRequests: any[] = [];
    rest = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        secretRequests.push({
          url: req.url,
          auth: req.headers.authorization,
          body: JSON.parse(body),
        });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            value: 'ek_example_secret',
            expires_at: 1758118825,
            session: PRESET,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => rest!.listen(0, '127.0.0.1', resolve));
    const restPort = (rest.address() as { port: number }).port;

    realtime = await startScriptedServer({ session: PRESET });
    const transcripts: string[] = [];
    const run = transcribeWithClientSecret({
      apiKey: 'sk-server-side-key',
      audio: new Uint8Array(24000 * 2), // one second of silence
      baseURL: `http://127.0.0.1:${restPort}/v1`,
      realtimeUrl: realtime.url,
      onTranscript: (t) => transcripts.push(t),
    });
    await realtime.waitForReceived('input_audio_buffer.commit');
    realtime.send({
      type: 'input_audio_buffer.committed',
      item_id: 'item_a',
      previous_item_id: null,
    });
    realtime.send({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: 'item_a',
      delta: 'Hi',
    });
    realtime.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_a',
      transcript: 'Hi there.',
    });
    expect(await run).toEqual(['Hi there.']);
    expect(transcripts).toEqual(['Hi there.']);

    expect(secretRequests).toHaveLength(1);
    expect(secretRequests[0].url).toBe('/v1/realtime/client_secrets');
    expect(secretRequests[0].auth).toBe('Bearer sk-server-side-key');
    expect(realtime.requests[0]!.headers.authorization).toBe(
      'Bearer ek_example_secret',
    );
    const kinds = new Set(realtime.received.map((e) => e.type));
    expect([...kinds]).toEqual([
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
    ]);
  });
});
