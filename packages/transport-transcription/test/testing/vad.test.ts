import { describe, expect, it } from 'vitest';
import {
  appendAudio,
  configure,
  connectReady,
  silence,
  startSimulator,
  tone,
  type TestClient,
} from './helpers.js';

const MODEL = { transcription: { model: 'gpt-4o-mini-transcribe' } };

/** Speech events and commits of a client, reduced to what the VAD decided. */
function vadTrace(client: TestClient) {
  return client.events
    .filter((event) => event.type.startsWith('input_audio_buffer.'))
    .map((event) => ({
      type: event.type.replace('input_audio_buffer.', ''),
      ms: event.audio_start_ms ?? event.audio_end_ms,
      item: event.item_id,
    }));
}

/** The VAD's decisions as `[type, ms]` pairs. */
const decisions = (client: TestClient) =>
  vadTrace(client).map(({ type, ms }) => [type, ms]);

/** Waits for one VAD turn and checks its start and end on the timeline. */
async function expectOneTurn(
  client: TestClient,
  startMs: number,
  endMs: number,
) {
  await client.next('input_audio_buffer.committed');
  expect(decisions(client)).toEqual([
    ['speech_started', startMs],
    ['speech_stopped', endMs],
    ['committed', undefined],
  ]);
}

/** A ready client whose session transcribes with `MODEL` plus the given input settings. */
async function clientWith(input: Record<string, unknown>) {
  const client = await connectReady(await startSimulator());
  await configure(client, { audio: { input: { ...MODEL, ...input } } });
  return client;
}

describe('simulator energy VAD', () => {
  it('turns tone bursts between silences into speech_started/stopped with timeline ms, then auto-commits', async () => {
    const simulator = await startSimulator({ transcripts: ['one', 'two'] });
    const client = await connectReady(simulator);
    await configure(client, { audio: { input: MODEL } });
    // 500 ms silence, 600 ms tone, 400 ms silence, 400 ms tone, 600 ms silence (server VAD 0.5/300/200).
    appendAudio(
      client,
      Buffer.concat([
        silence(500),
        tone(600),
        silence(400),
        tone(400),
        silence(600),
      ]),
    );
    await client.next(
      'conversation.item.input_audio_transcription.completed',
      2,
    );

    const trace = vadTrace(client);
    expect(decisions(client)).toEqual([
      // Speech begins at 500 ms; the start includes 300 ms of prefix padding.
      ['speech_started', 200],
      // The last speech frame ends at 1100 ms; 200 ms of silence later the turn stops.
      ['speech_stopped', 1300],
      ['committed', undefined],
      // The second burst starts at 1500 ms; padding cannot reach back into the committed turn.
      ['speech_started', 1300],
      ['speech_stopped', 2100],
      ['committed', undefined],
    ]);
    expect(trace[0]?.item).toBe(trace[1]?.item);
    expect(trace[1]?.item).toBe(trace[2]?.item);
    expect(trace[3]?.item).toBe(trace[5]?.item);
    expect(
      client.all('input_audio_buffer.committed')[1]?.previous_item_id,
    ).toBe(trace[2]?.item);
    const completed = client.all(
      'conversation.item.input_audio_transcription.completed',
    );
    expect(completed.map((event) => [event.item_id, event.transcript])).toEqual(
      [
        [trace[2]?.item, 'one'],
        [trace[5]?.item, 'two'],
      ],
    );
  });

  it('gives the script the committed audio of each VAD turn', async () => {
    const durations: number[] = [];
    const simulator = await startSimulator({
      transcripts: (turn) => {
        durations.push(turn.durationMs, turn.audio.byteLength);
        return `${turn.connectionTurnIndex}`;
      },
    });
    const client = await connectReady(simulator);
    await configure(client, { audio: { input: MODEL } });
    appendAudio(client, Buffer.concat([silence(500), tone(600), silence(400)]));
    await client.next('conversation.item.input_audio_transcription.completed');
    // 200 → 1300 ms: 1100 ms of PCM16 at 24 kHz.
    expect(durations).toEqual([1100, 1100 * 48]);
  });

  it('honours threshold, prefix_padding_ms and silence_duration_ms', async () => {
    const client = await clientWith({
      turn_detection: {
        type: 'server_vad',
        threshold: 0.9,
        prefix_padding_ms: 100,
        silence_duration_ms: 500,
      },
    });
    // A quiet burst stays under threshold 0.9; the loud one is speech; 400 ms pauses do not end it.
    appendAudio(
      client,
      Buffer.concat([
        tone(300, 0.05),
        silence(200),
        tone(300),
        silence(400),
        tone(300),
        silence(600),
      ]),
    );
    // Speech at 500 ms less 100 ms padding; the last loud frame ends at 1500 ms, + 500 ms of silence.
    await expectOneTurn(client, 400, 2000);
  });

  it('sends no speech events with turn_detection null (manual commits only)', async () => {
    const client = await clientWith({ turn_detection: null });
    appendAudio(client, Buffer.concat([silence(300), tone(600), silence(600)]));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('conversation.item.input_audio_transcription.completed');
    expect(vadTrace(client).map(({ type }) => type)).toEqual(['committed']);
    expect(
      client.all('conversation.item.input_audio_transcription.completed')[0]
        ?.transcript,
    ).toBe('[1.50 s of audio]');
  });

  it('keeps the speech_started item id when the client commits mid-speech', async () => {
    const client = await clientWith({});
    appendAudio(client, tone(500));
    const started = await client.next('input_audio_buffer.speech_started');
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.next('input_audio_buffer.committed');
    expect(committed.item_id).toBe(started.item_id);
    expect(client.all('input_audio_buffer.speech_stopped')).toHaveLength(0);
  });

  it.each([
    ['audio/pcmu', 0x00, 0x80, 0xff],
    ['audio/pcma', 0x2a, 0xaa, 0xd5],
  ] as const)(
    'decodes %s (8 kHz G.711) for its energy',
    async (type, low, high, quiet) => {
      const client = await clientWith({ format: { type } });
      // 8 bytes per ms: 300 ms of silence, 400 ms of a full-scale square wave, 400 ms of silence.
      const loud = Buffer.alloc(3200);
      for (let i = 0; i < loud.length; i++) loud[i] = i % 2 ? high : low;
      const audio = Buffer.concat([
        Buffer.alloc(2400, quiet),
        loud,
        Buffer.alloc(3200, quiet),
      ]);
      for (let offset = 0; offset < audio.length; offset += 800) {
        client.send({
          type: 'input_audio_buffer.append',
          audio: audio.subarray(offset, offset + 800).toString('base64'),
        });
      }
      await expectOneTurn(client, 0, 900);
    },
  );

  it('ends a semantic_vad turn after the pause its eagerness asks for', async () => {
    const client = await clientWith({
      turn_detection: { type: 'semantic_vad', eagerness: 'high' },
    });
    appendAudio(client, Buffer.concat([tone(400), silence(400)]));
    const stopped = await client.next('input_audio_buffer.speech_stopped');
    // `high` waits 250 ms, which the 20 ms frame grid rounds up to 260 ms after speech ends at 400 ms.
    expect(stopped.audio_end_ms).toBe(660);
  });
});
