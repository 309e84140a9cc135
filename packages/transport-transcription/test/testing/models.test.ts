import { describe, expect, it } from 'vitest';
import {
  commitTurns,
  COMPLETED,
  configure,
  connectReady,
  manual,
  startSimulator,
} from './helpers.js';
import { serverEventsOfType } from '../helpers/fixtures.js';

describe('simulator transcription events per model', () => {
  it('adds logprobs to deltas and completed when include asks for them', async () => {
    const simulator = await startSimulator({ transcripts: ['Hi there'] });
    const client = await connectReady(simulator);
    await configure(client, {
      ...manual(),
      include: ['item.input_audio_transcription.logprobs'],
    });
    await commitTurns(client, 1);
    const completed = await client.next(COMPLETED);
    const deltas = client.all(
      'conversation.item.input_audio_transcription.delta',
    );
    expect(deltas.map((delta) => delta.logprobs[0].token)).toEqual([
      'Hi',
      ' there',
    ]);
    expect(deltas[1]?.logprobs[0]).toEqual({
      token: ' there',
      logprob: expect.any(Number),
      bytes: [...Buffer.from(' there')],
    });
    expect(
      completed.logprobs.map((entry: { token: string }) => entry.token),
    ).toEqual(['Hi', ' there']);
  });

  it('sends whisper-1 transcripts as one whole delta with duration usage in whole seconds (capture 03)', async () => {
    const simulator = await startSimulator({
      transcripts: ['Full turn text.'],
    });
    const client = await connectReady(simulator);
    await configure(client, manual('whisper-1'));
    await commitTurns(client, 1, 1500);
    const completed = await client.next(COMPLETED);
    expect(
      client
        .all('conversation.item.input_audio_transcription.delta')
        .map((d) => d.delta),
    ).toEqual(['Full turn text.']);
    const [captured] = serverEventsOfType(
      '03-ten-framework-beta-transcription-samples.jsonl',
      COMPLETED,
    );
    expect(captured?.usage).toEqual({ type: 'duration', seconds: 2 });
    expect(completed.usage).toEqual(captured?.usage);
  });

  it.each(['gpt-realtime-whisper', 'gpt-live-transcribe'])(
    'reports duration usage for %s (INFERRED, rounded up to whole seconds)',
    async (model) => {
      const simulator = await startSimulator({ transcripts: ['x'] });
      const client = await connectReady(simulator);
      await configure(client, manual(model));
      await commitTurns(client, 1, 1250);
      expect((await client.next(COMPLETED)).usage).toEqual({
        type: 'duration',
        seconds: 2,
      });
    },
  );

  it('keeps tokens usage for the gpt-4o family (capture 01)', async () => {
    const simulator = await startSimulator({ transcripts: ['Hello'] });
    const client = await connectReady(simulator);
    await configure(client, manual('gpt-4o-transcribe'));
    await commitTurns(client, 1, 1600);
    expect((await client.next(COMPLETED)).usage).toMatchObject({
      type: 'tokens',
      input_token_details: { audio_tokens: 16 },
    });
  });

  it('sends diarization segments before completed for gpt-4o-transcribe-diarize', async () => {
    const simulator = await startSimulator({
      transcripts: ['Hello there. Hi back!'],
    });
    const client = await connectReady(simulator);
    await configure(client, manual('gpt-4o-transcribe-diarize'));
    await commitTurns(client, 1, 2000);
    await client.next(COMPLETED);
    const segments = client.all(
      'conversation.item.input_audio_transcription.segment',
    );
    expect(
      segments.map(({ id, speaker, text, start, end }) => ({
        id,
        speaker,
        text,
        start,
        end,
      })),
    ).toEqual([
      // Times split the 2 s turn by sentence length (12 and 8 characters).
      {
        id: 'seg_0001',
        speaker: 'spk_1',
        text: 'Hello there.',
        start: 0,
        end: 1.2,
      },
      {
        id: 'seg_0002',
        speaker: 'spk_2',
        text: 'Hi back!',
        start: 1.2,
        end: 2,
      },
    ]);
    const types = client.events.map((event) => event.type);
    expect(
      types.lastIndexOf('conversation.item.input_audio_transcription.segment'),
    ).toBeLessThan(types.indexOf(COMPLETED));
  });

  it('adds detected languages for gpt-transcribe', async () => {
    const simulator = await startSimulator({ transcripts: ['こんにちは'] });
    const client = await connectReady(simulator);
    await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-transcribe', languages: ['ja', 'en'] },
          turn_detection: null,
        },
      },
    });
    await commitTurns(client, 1);
    expect((await client.next(COMPLETED)).languages).toEqual([{ code: 'ja' }]);
  });
});

describe('detected languages', () => {
  it('returns no detected languages for gpt-live-transcribe', async () => {
    const simulator = await startSimulator({ transcripts: ['hola'] });
    const client = await connectReady(simulator);
    await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-live-transcribe', languages: ['es'] },
        },
      },
    });
    await commitTurns(client, 1);
    const completed = await client.next(COMPLETED);
    expect(completed.transcript).toBe('hola');
    expect(completed).not.toHaveProperty('languages');
  });
});
