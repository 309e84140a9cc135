import { describe, expect, it } from 'vitest';
import {
  appendAudio,
  COMPLETED,
  configure,
  connectReady,
  silence,
  startSimulator,
  tone,
} from './helpers.js';

describe('simulator model rules and types in session.update', () => {
  it('refuses an unknown transcription model with `invalid_value` (INFERRED text)', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const answer = await configure(client, {
      audio: { input: { transcription: { model: 'gpt-5-transcribe' } } },
    });
    expect(answer.error).toMatchObject({
      code: 'invalid_value',
      param: 'session.audio.input.transcription.model',
    });
  });

  it('refuses wrong JSON types with `invalid_type`', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const answer = await configure(client, {
      audio: {
        input: {
          turn_detection: { type: 'server_vad', silence_duration_ms: '500' },
        },
      },
    });
    expect(answer.error).toMatchObject({
      code: 'invalid_type',
      param: 'session.audio.input.turn_detection.silence_duration_ms',
      message:
        "Invalid type for 'session.audio.input.turn_detection.silence_duration_ms': expected an integer, but got a string instead.",
    });
  });

  it('enforces gpt-realtime-whisper rules: no VAD object, no prompt', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const withVad = await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-realtime-whisper' },
          turn_detection: { type: 'server_vad' },
        },
      },
    });
    expect(withVad.error).toMatchObject({
      param: 'session.audio.input.turn_detection',
    });
    const withPrompt = await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-realtime-whisper', prompt: 'x' },
          turn_detection: null,
        },
      },
    });
    expect(withPrompt.error).toMatchObject({
      param: 'session.audio.input.transcription.prompt',
    });
    const ok = await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-realtime-whisper', delay: 'low' },
          turn_detection: null,
        },
      },
    });
    expect(ok.type).toBe('session.updated');
  });

  it('keeps languages/keywords to gpt-transcribe and gpt-live-transcribe, and refuses an empty `languages`', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const wrongModel = await configure(client, {
      audio: {
        input: { transcription: { model: 'whisper-1', keywords: ['AC-42'] } },
      },
    });
    expect(wrongModel.error).toMatchObject({
      param: 'session.audio.input.transcription.keywords',
    });
    const empty = await configure(client, {
      audio: {
        input: { transcription: { model: 'gpt-transcribe', languages: [] } },
      },
    });
    expect(empty.error).toMatchObject({
      code: 'empty_array',
      param: 'session.audio.input.transcription.languages',
    });
    const ok = await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-transcribe', languages: ['en', 'ja'] },
        },
      },
    });
    expect(ok.session.audio.input.transcription).toEqual({
      model: 'gpt-transcribe',
      language: null,
      prompt: null,
      languages: ['en', 'ja'],
    });
  });
});

const LIVE_REFUSAL = {
  type: 'invalid_request_error',
  code: 'invalid_value',
  message: 'Turn detection is not supported for this transcription model.',
  param: 'session.audio.input.turn_detection',
};

describe('simulator turn detection per model (models table)', () => {
  it.each([
    ['gpt-live-transcribe', { type: 'server_vad' }],
    ['gpt-live-transcribe', { type: 'semantic_vad' }],
    ['gpt-realtime-whisper', { type: 'server_vad', threshold: 0.6 }],
    ['gpt-realtime-whisper', { type: 'semantic_vad', eagerness: 'low' }],
  ])(
    'refuses explicit VAD for %s with the live text, and applies nothing of the update',
    async (model, turnDetection) => {
      const simulator = await startSimulator();
      const client = await connectReady(simulator);
      const answer = await configure(client, {
        audio: {
          input: {
            transcription: { model },
            turn_detection: turnDetection,
          },
        },
      });
      expect(answer.error).toEqual({ ...LIVE_REFUSAL, event_id: null });
      // Discarded whole: a later update that only sets a language still sees no model.
      const later = await configure(client, {
        audio: { input: { noise_reduction: null } },
      });
      expect(later.session.audio.input.transcription).toBeNull();
    },
  );

  it.each(['gpt-live-transcribe', 'gpt-realtime-whisper'])(
    'accepts %s with turn detection omitted or null, and echoes null',
    async (model) => {
      const simulator = await startSimulator();
      const client = await connectReady(simulator);
      const omitted = await configure(client, {
        audio: { input: { transcription: { model } } },
      });
      expect(omitted.type).toBe('session.updated');
      expect(omitted.session.audio.input.turn_detection).toBeNull();
      const explicitNull = await configure(client, {
        audio: { input: { turn_detection: null } },
      });
      expect(explicitNull.type).toBe('session.updated');
      // Once on such a model, a later VAD object alone is refused too.
      const later = await configure(client, {
        audio: { input: { turn_detection: { type: 'server_vad' } } },
      });
      expect(later.error).toMatchObject(LIVE_REFUSAL);
    },
  );

  it('accepts server VAD for gpt-transcribe but runs none: nothing is committed until the client commits', async () => {
    const simulator = await startSimulator({
      transcripts: ['committed by me'],
    });
    const client = await connectReady(simulator);
    const answer = await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-transcribe' },
          turn_detection: { type: 'server_vad' },
        },
      },
    });
    expect(answer.session.audio.input.turn_detection).toMatchObject({
      type: 'server_vad',
    });
    // Speech then a long silence: a running VAD would have started, stopped and committed a turn.
    appendAudio(client, Buffer.concat([tone(600), silence(1000)]));
    await simulator.waitFor(
      (entry) =>
        entry.direction === 'client' &&
        entry.event.type === 'input_audio_buffer.append' &&
        simulator.received('input_audio_buffer.append').length === 16,
    );
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next(COMPLETED);
    const types = client.events.map((event) => event.type);
    expect(types).not.toContain('input_audio_buffer.speech_started');
    expect(types).not.toContain('input_audio_buffer.speech_stopped');
    expect(client.all('input_audio_buffer.committed')).toHaveLength(1);
    expect(client.all(COMPLETED)[0]?.transcript).toBe('committed by me');
  });

  it('runs no VAD for gpt-live-transcribe: no speech events, no commit until the client commits', async () => {
    const simulator = await startSimulator({ transcripts: ['one turn'] });
    const client = await connectReady(simulator);
    await configure(client, {
      audio: { input: { transcription: { model: 'gpt-live-transcribe' } } },
    });
    appendAudio(client, Buffer.concat([tone(600), silence(1000), tone(300)]));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next(COMPLETED);
    const types = client.events.map((event) => event.type);
    expect(types).not.toContain('input_audio_buffer.speech_started');
    expect(types).not.toContain('input_audio_buffer.speech_stopped');
    expect(client.all('input_audio_buffer.committed')).toHaveLength(1);
  });
});

describe('simulator keyword and language rules', () => {
  it.each([
    ['a line feed', 'two\nlines'],
    ['a carriage return', 'two\rlines'],
    ['a <', '<b>'],
    ['a >', 'x>y'],
  ])(
    'refuses a keyword with %s and applies none of the update',
    async (_what, keyword) => {
      const simulator = await startSimulator();
      const client = await connectReady(simulator);
      const answer = await configure(client, {
        audio: {
          input: {
            transcription: {
              model: 'gpt-transcribe',
              keywords: ['fine', keyword],
            },
          },
        },
      });
      expect(answer.error).toMatchObject({
        code: 'invalid_value',
        param: 'session.audio.input.transcription.keywords[1]',
      });
      const after = await configure(client, {
        audio: { input: { noise_reduction: null } },
      });
      expect(after.session.audio.input.transcription).toBeNull();
    },
  );

  it('accepts single-line keywords with punctuation', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const answer = await configure(client, {
      audio: {
        input: {
          transcription: {
            model: 'gpt-live-transcribe',
            keywords: ['AC-42', 'RunState', "O'Neil & Co."],
          },
        },
      },
    });
    expect(answer.session.audio.input.transcription.keywords).toEqual([
      'AC-42',
      'RunState',
      "O'Neil & Co.",
    ]);
  });

  it('refuses `language` next to `languages`, also when one comes from an earlier update', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const both = await configure(client, {
      audio: {
        input: {
          transcription: {
            model: 'gpt-transcribe',
            language: 'en',
            languages: ['en', 'fr'],
          },
        },
      },
    });
    expect(both.error).toMatchObject({
      code: 'invalid_value',
      param: 'session.audio.input.transcription.languages',
    });
    await configure(client, {
      audio: {
        input: { transcription: { model: 'gpt-transcribe', language: 'en' } },
      },
    });
    const merged = await configure(client, {
      audio: { input: { transcription: { languages: ['fr'] } } },
    });
    expect(merged.error).toMatchObject({
      param: 'session.audio.input.transcription.languages',
    });
  });
});
