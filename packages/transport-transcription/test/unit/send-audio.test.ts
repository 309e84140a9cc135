import { describe, expect, it } from 'vitest';
import { connectedTransport } from './transport-helpers.js';

const appended = (frames: Array<{ type: string; audio?: string }>) =>
  Buffer.concat(
    frames
      .filter((f) => f.type === 'input_audio_buffer.append')
      .map((f) => Buffer.from(f.audio!, 'base64')),
  );

describe('sendAudio: the caller keeps its buffer', () => {
  it('replays the bytes as sent even when the caller reuses its buffer afterwards (AudioWorklet style)', async () => {
    const { transport, sockets } = await connectedTransport({
      reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const reconnected = new Promise((resolve) =>
      transport.once('reconnected', resolve),
    );
    const buffer = new Uint8Array(4800).fill(1); // 100 ms of PCM16
    transport.sendAudio(buffer.buffer);
    buffer.fill(9); // the caller reuses its buffer for the next frame
    sockets[0]!.serverClose(1006);
    await reconnected;
    const replayed = appended(sockets[1]!.sent);
    expect(replayed.length).toBe(4800);
    expect(replayed.every((b) => b === 1)).toBe(true);
    transport.close();
  });
});
