/**
 * The bug this project fixes, reproduced offline: a stock `RealtimeSession` pointed at a transcription
 * session sends a realtime-shaped `session.update` and gets the same error as the seed capture
 * (`fixtures/traffic/00-seed.jsonl`).
 */
import {
  OpenAIRealtimeWebSocket,
  RealtimeAgent,
  RealtimeSession,
} from '@openai/agents-realtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED_ERROR, startSimulator } from './helpers.js';

let session: RealtimeSession | null = null;
afterEach(() => {
  session?.close();
  session = null;
});

describe('stock @openai/agents-realtime 0.20.0 against a transcription session', () => {
  it('gets the seed capture `invalid_parameter` error for its realtime session.update', async () => {
    const simulator = await startSimulator();
    const errors: unknown[] = [];
    session = new RealtimeSession(
      new RealtimeAgent({ name: 'Assistant', instructions: 'Be brief.' }),
      {
        transport: new OpenAIRealtimeWebSocket(),
      },
    );
    // RealtimeSession emits 'error' through EventEmitter: without a listener the process would crash.
    session.on('error', (event) => errors.push(event.error));
    await session.connect({ apiKey: 'sk-test-stock-sdk', url: simulator.url });

    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), {
      timeout: 5000,
    });
    // Given `url`, the stock transport keeps it as is: no `model=` is added, so the handshake succeeds and
    // the failure is the update itself, exactly as in the seed report.
    expect(simulator.connections[0]).toMatchObject({
      path: '/v1/realtime?intent=transcription',
      auth: 'header',
    });
    expect(simulator.received('session.update')[0]).toMatchObject({
      session: { type: 'realtime' },
    });
    const serverErrors = simulator.sent('error').map((event) => event.error);
    expect(serverErrors[0]).toEqual(SEED_ERROR);
    expect(JSON.stringify(errors[0])).toContain(SEED_ERROR.message);
    expect(simulator.sent('session.updated')).toHaveLength(0);
  });
});
