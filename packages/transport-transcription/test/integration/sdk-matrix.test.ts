/**
 * The transport against every `@openai/agents-realtime` version the peer range claims, through a real
 * RealtimeSession and the simulator on loopback. The transport imports only types from the SDK, so the
 * same build serves each version; this proves the SDK side (how it calls the transport, how it applies
 * item updates to history) behaves the same.
 */
import * as sdk0_3 from 'agents-realtime-0.3';
import * as sdk0_11 from 'agents-realtime-0.11';
import * as sdk0_20 from '@openai/agents-realtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenAIRealtimeTranscriptionWebSocket } from '../../src/index.js';
import {
  createTranscriptionServerSimulator,
  type TranscriptionServerSimulator,
} from '../../src/testing/index.js';

// Typed as the newest SDK: older ones have the same surface for what this test uses.
const VERSIONS: Array<[string, typeof sdk0_20]> = [
  ['0.3.0', sdk0_3 as unknown as typeof sdk0_20],
  ['0.11.0', sdk0_11 as unknown as typeof sdk0_20],
  ['0.20.0', sdk0_20],
];

let sim: TranscriptionServerSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function finals(history: readonly any[]) {
  return history
    .filter((item) => item.type === 'message' && item.role === 'user')
    .map((item) => [item.status, item.content[0]?.transcript]);
}

describe.each(VERSIONS)('@openai/agents-realtime %s', (_version, sdk) => {
  it('transcribes committed turns into history in commit order, sending only transcription events', async () => {
    sim = await createTranscriptionServerSimulator({
      transcripts: ['First turn.', 'Second turn.', 'Third turn.'],
      completionOrder: 'reversed',
      completionDelayMs: 30,
    });
    const agent = new sdk.RealtimeAgent({
      name: 'Assistant',
      instructions: 'You are a helpful voice assistant.',
    });
    const transport = new OpenAIRealtimeTranscriptionWebSocket({
      session: { turnDetection: null },
    });
    transport.on('warning', () => {});
    const session = new sdk.RealtimeSession(agent, { transport });
    const errors: unknown[] = [];
    session.on('error', (e: unknown) => errors.push(e));
    await session.connect({ apiKey: 'sk-test', url: sim.url });
    for (let turn = 0; turn < 3; turn++) {
      session.sendAudio(new ArrayBuffer(24_000), {}); // 250 ms
      session.sendAudio(new ArrayBuffer(4_800), { commit: true });
    }
    await vi.waitFor(() =>
      expect(finals(session.history)).toEqual([
        ['completed', 'First turn.'],
        ['completed', 'Second turn.'],
        ['completed', 'Third turn.'],
      ]),
    );
    session.close();
    const sent = new Set(sim.received().map((e) => e.type));
    expect([...sent].sort()).toEqual([
      'input_audio_buffer.append',
      'input_audio_buffer.commit',
      'session.update',
    ]);
    for (const update of sim.received('session.update')) {
      expect((update as any).session.type).toBe('transcription');
    }
    expect(sim.sent('error')).toEqual([]);
    expect(errors).toEqual([]);
  });
});
