import { describe, expect, it } from 'vitest';
import { configure, connectReady, startSimulator } from './helpers.js';

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

  it('enforces gpt-realtime-whisper rules: turn_detection must be null, no prompt', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const withVad = await configure(client, {
      audio: { input: { transcription: { model: 'gpt-realtime-whisper' } } },
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
