import { describe, expect, it } from 'vitest';
import { connectedTransport } from './transport-helpers.js';

describe('server events: failures', () => {
  it('ignores a failed event for an item that already completed: no transcript_failed, no error, item stays completed', async () => {
    const { transport, socket } = await connectedTransport();
    const failed: unknown[] = [];
    const errors: unknown[] = [];
    const statuses: string[] = [];
    transport.on('transcript_failed', (e) => failed.push(e));
    transport.on('error', (e) => errors.push(e));
    transport.on('item_update', (item) =>
      statuses.push('status' in item ? String(item.status) : ''),
    );
    const s = socket();
    s.serverSend({
      type: 'input_audio_buffer.committed',
      item_id: 'item_1',
      previous_item_id: null,
    });
    s.serverSend({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_1',
      content_index: 0,
      transcript: 'hello',
    });
    s.serverSend({
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: 'item_1',
      content_index: 0,
      error: { type: 'server_error', message: 'late failure' },
    });
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    expect(statuses).toEqual(['in_progress', 'completed']);
    transport.close();
  });

  it('still reports a failed event for an item waiting for its transcript', async () => {
    const { transport, socket } = await connectedTransport();
    const failed: string[] = [];
    transport.on('transcript_failed', (e) => failed.push(e.error.code));
    transport.on('error', () => {});
    socket().serverSend({
      type: 'input_audio_buffer.committed',
      item_id: 'item_1',
      previous_item_id: null,
    });
    socket().serverSend({
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: 'item_1',
      content_index: 0,
      error: { type: 'server_error', message: 'no speech' },
    });
    expect(failed).toEqual(['TRANSCRIPTION_FAILED']);
    transport.close();
  });
});
