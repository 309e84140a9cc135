import { describe, expect, it } from 'vitest';
import {
  appendAudio,
  configure,
  connectReady,
  manual,
  nthError,
  silence,
  startSimulator,
  tone,
} from './helpers.js';

const ACCEPTED =
  "'session.update', 'session.close', 'input_audio_buffer.append', 'session.input_audio_buffer.append', " +
  "'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', 'conversation.item.truncate', " +
  "'conversation.item.delete', 'conversation.item.retrieve', 'response.create', and 'response.cancel'";

describe('simulator client events', () => {
  it('refuses an unknown event type with `invalid_value` listing the 12 accepted types', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({ type: 'nope' });
    expect(await nthError(client)).toEqual({
      type: 'invalid_request_error',
      code: 'invalid_value',
      message: `Invalid value: 'nope'. Supported values are: ${ACCEPTED}.`,
      param: 'type',
      event_id: null,
    });
  });

  it('refuses `transcription_session.update` on the GA dialect and keeps the socket open', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({
      type: 'transcription_session.update',
      session: { input_audio_format: 'pcm16' },
    });
    expect(await nthError(client)).toMatchObject({
      code: 'invalid_value',
      message: `Invalid value: 'transcription_session.update'. Supported values are: ${ACCEPTED}.`,
      param: 'type',
    });
    const answer = await configure(client, {});
    expect(answer.type).toBe('session.updated');
  });

  it.each([
    'conversation.item.create',
    'conversation.item.retrieve',
    'conversation.item.delete',
    'conversation.item.truncate',
    'response.create',
    'response.cancel',
    'session.close',
  ])(
    'answers `%s` with an error that says transcription sessions take audio only (INFERRED)',
    async (type) => {
      const simulator = await startSimulator();
      const client = await connectReady(simulator);
      client.send({ type, event_id: 'mine' });
      const error = await nthError(client);
      expect(error).toMatchObject({
        type: 'invalid_request_error',
        code: 'unsupported_event',
        param: 'type',
        event_id: 'mine',
      });
      expect(error.message).toContain(
        `'${type}' event is not supported in transcription sessions`,
      );
    },
  );

  it('refuses binary frames with `invalid_event` and non-JSON with `invalid_json`, non-fatally', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.socket.send(Buffer.alloc(64));
    expect(await nthError(client)).toEqual({
      type: 'invalid_request_error',
      code: 'invalid_event',
      message:
        'Expected a text WebSocket message; binary frames are not supported.',
      param: null,
      event_id: null,
    });
    client.socket.send('not json');
    const error = await nthError(client, 2);
    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(
      /^Invalid event: failed to parse JSON value\. /,
    );
    expect(simulator.received().map((event) => event.type)).toEqual([
      '<binary>',
      '<invalid-json>',
    ]);
    expect((await configure(client, {})).type).toBe('session.updated');
  });

  it('refuses a commit under 100 ms with `input_audio_buffer_commit_empty` naming the buffered ms', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({ type: 'input_audio_buffer.commit' });
    expect(await nthError(client)).toMatchObject({
      code: 'input_audio_buffer_commit_empty',
      message:
        'Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio',
    });
    await configure(client, manual());
    appendAudio(client, tone(60));
    client.send({ type: 'input_audio_buffer.commit' });
    expect((await nthError(client, 2)).message).toContain(
      'buffer only has 60.00ms of audio',
    );
  });

  it('refuses invalid base64 and appends over 15 MiB, keeping nothing of them', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    await configure(client, manual());
    client.send({ type: 'input_audio_buffer.append', audio: 'not base64!' });
    expect(await nthError(client)).toMatchObject({
      code: 'invalid_value',
      param: 'audio',
    });
    const tooBig = Buffer.alloc(15 * 1024 * 1024 + 3).toString('base64');
    client.send({ type: 'input_audio_buffer.append', audio: tooBig });
    expect(await nthError(client, 2)).toMatchObject({
      code: 'string_above_max_length',
      param: 'audio',
    });
    client.send({ type: 'input_audio_buffer.commit' });
    expect((await nthError(client, 3)).message).toContain(
      'buffer only has 0.00ms',
    );
  });

  it('refuses an append without audio and unknown fields on buffer events', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({ type: 'input_audio_buffer.append' });
    expect(await nthError(client)).toMatchObject({
      code: 'missing_required_parameter',
      param: 'audio',
    });
    client.send({ type: 'input_audio_buffer.commit', force: true });
    expect(await nthError(client, 2)).toMatchObject({
      code: 'unknown_parameter',
      param: 'force',
    });
  });

  it('refuses a client event_id over 512 characters', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({
      type: 'input_audio_buffer.clear',
      event_id: 'e'.repeat(513),
    });
    expect(await nthError(client)).toMatchObject({
      code: 'string_above_max_length',
      param: 'event_id',
    });
  });

  it('clears the buffer with `input_audio_buffer.cleared`', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    await configure(client, manual());
    appendAudio(client, tone(300));
    client.send({ type: 'input_audio_buffer.clear' });
    await client.next('input_audio_buffer.cleared');
    client.send({ type: 'input_audio_buffer.commit' });
    expect((await nthError(client)).code).toBe(
      'input_audio_buffer_commit_empty',
    );
  });

  it('commits manually: committed → item.added → item.done → deltas → completed, chained by previous_item_id', async () => {
    const simulator = await startSimulator({
      transcripts: ['Hello from the probe.', 'Second turn.'],
    });
    const client = await connectReady(simulator);
    await configure(client, manual());
    appendAudio(client, tone(1000));
    client.send({ type: 'input_audio_buffer.commit' });
    const first = await client.next(
      'conversation.item.input_audio_transcription.completed',
    );
    appendAudio(client, silence(500));
    client.send({ type: 'input_audio_buffer.commit' });
    const second = await client.next(
      'conversation.item.input_audio_transcription.completed',
      2,
    );

    const [c1, c2] = client.all('input_audio_buffer.committed');
    expect(c1).toMatchObject({ previous_item_id: null });
    expect(c2).toMatchObject({ previous_item_id: c1?.item_id });
    expect(first).toMatchObject({
      item_id: c1?.item_id,
      content_index: 0,
      transcript: 'Hello from the probe.',
    });
    expect(second).toMatchObject({
      item_id: c2?.item_id,
      transcript: 'Second turn.',
    });
    expect(first.usage).toEqual({
      type: 'tokens',
      total_tokens: 16,
      input_tokens: 10,
      input_token_details: { text_tokens: 0, audio_tokens: 10 },
      output_tokens: 6,
    });
    const added = client.all('conversation.item.added')[0];
    expect(added).toMatchObject({
      previous_item_id: null,
      item: {
        id: c1?.item_id,
        type: 'message',
        status: 'completed',
        role: 'user',
        content: [{ type: 'input_audio', transcript: null }],
      },
    });
    const firstTurn = client.events.filter(
      (event) =>
        event.item_id === c1?.item_id || event.item?.id === c1?.item_id,
    );
    expect(firstTurn.map((event) => event.type)).toEqual([
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
      ...Array(4).fill('conversation.item.input_audio_transcription.delta'),
      'conversation.item.input_audio_transcription.completed',
    ]);
    const deltas = client
      .all('conversation.item.input_audio_transcription.delta')
      .filter((d) => d.item_id === c1?.item_id);
    expect(deltas.map((d) => d.delta)).toEqual([
      'Hello',
      ' from',
      ' the',
      ' probe.',
    ]);
    expect(
      deltas.every(
        (d) =>
          d.content_index === 0 &&
          typeof d.obfuscation === 'string' &&
          !('logprobs' in d),
      ),
    ).toBe(true);
    expect(simulator.received('input_audio_buffer.commit')).toHaveLength(2);
  });

  it('commits without transcribing when no transcription model is set', async () => {
    const simulator = await startSimulator({ completionDelayMs: 0 });
    const client = await connectReady(simulator);
    await configure(client, { audio: { input: { turn_detection: null } } });
    appendAudio(client, tone(200));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('conversation.item.done');
    // A later commit's answer proves the first one's transcription would have been sent by now.
    appendAudio(client, tone(200));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('conversation.item.done', 2);
    expect(
      client.all('conversation.item.input_audio_transcription.delta'),
    ).toHaveLength(0);
    expect(
      client.all('conversation.item.input_audio_transcription.completed'),
    ).toHaveLength(0);
  });
});
