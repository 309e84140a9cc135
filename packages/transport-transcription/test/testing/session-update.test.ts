import { describe, expect, it } from 'vitest';
import {
  configure,
  connectReady,
  DEFAULT_SERVER_VAD,
  nthError,
  SEED_ERROR,
  startSimulator,
} from './helpers.js';

describe('simulator session.update validation', () => {
  it('answers an accepted update with the full effective session, language and prompt echoed as null', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const answer = await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-4o-mini-transcribe' },
          turn_detection: { type: 'server_vad' },
        },
      },
    });
    expect(answer.type).toBe('session.updated');
    expect(answer.session.audio.input).toEqual({
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: {
        model: 'gpt-4o-mini-transcribe',
        language: null,
        prompt: null,
      },
      noise_reduction: null,
      turn_detection: DEFAULT_SERVER_VAD,
    });
    expect(answer.session.id).toBe(
      client.all('session.created')[0]?.session.id,
    );
  });

  it('merges partial updates: later fields add to, never wipe, earlier ones', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    await configure(client, {
      audio: {
        input: {
          transcription: { model: 'gpt-4o-transcribe', language: 'en' },
        },
      },
    });
    await configure(client, {
      include: ['item.input_audio_transcription.logprobs'],
    });
    const answer = await configure(client, {
      audio: {
        input: {
          transcription: { prompt: 'names' },
          turn_detection: { type: 'server_vad', threshold: 0.8 },
        },
      },
    });
    expect(answer.session.audio.input.transcription).toEqual({
      model: 'gpt-4o-transcribe',
      language: 'en',
      prompt: 'names',
    });
    expect(answer.session.audio.input.turn_detection).toEqual({
      type: 'server_vad',
      threshold: 0.8,
      prefix_padding_ms: 300,
      silence_duration_ms: 200,
    });
    expect(answer.session.include).toEqual([
      'item.input_audio_transcription.logprobs',
    ]);
  });

  it('refuses `session.type: "realtime"` with the seed capture error, param ""', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'hi', tools: [] },
    });
    expect(await nthError(client)).toEqual(SEED_ERROR);
  });

  it('refuses realtime-only fields sent without a type the same way', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({ type: 'session.update', session: { tracing: 'auto' } });
    expect((await nthError(client)).code).toBe('invalid_parameter');
  });

  it('refuses a missing `session.type` with `missing_required_parameter`', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({
      type: 'session.update',
      session: { audio: { input: {} } },
      event_id: 'evt_1',
    });
    expect(await nthError(client)).toEqual({
      type: 'invalid_request_error',
      code: 'missing_required_parameter',
      message: "Missing required parameter: 'session.type'.",
      param: 'session.type',
      event_id: 'evt_1',
    });
  });

  it('refuses a missing `session` with `missing_required_parameter`', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({ type: 'session.update' });
    expect(await nthError(client)).toMatchObject({
      code: 'missing_required_parameter',
      param: 'session',
    });
  });

  it('refuses an unknown session type with `invalid_value`', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    client.send({ type: 'session.update', session: { type: 'session' } });
    expect(await nthError(client)).toMatchObject({
      code: 'invalid_value',
      message:
        "Invalid value: 'session'. Supported values are: 'realtime' and 'transcription'.",
      param: 'session.type',
    });
  });

  it.each([
    [{ model: 'gpt-realtime' }, 'session.model'],
    [{ instructions: 'x' }, 'session.instructions'],
    [{ tools: [] }, 'session.tools'],
    [{ tracing: 'auto' }, 'session.tracing'],
    [{ bogus_field: 1 }, 'session.bogus_field'],
    [{ audio: { output: { voice: 'alloy' } } }, 'session.audio.output'],
    [
      {
        audio: {
          input: {
            turn_detection: { type: 'server_vad', create_response: true },
          },
        },
      },
      'session.audio.input.turn_detection.create_response',
    ],
    [
      {
        audio: {
          input: {
            turn_detection: { type: 'server_vad', interrupt_response: true },
          },
        },
      },
      'session.audio.input.turn_detection.interrupt_response',
    ],
    [
      {
        audio: {
          input: {
            turn_detection: { type: 'server_vad', idle_timeout_ms: 6000 },
          },
        },
      },
      'session.audio.input.turn_detection.idle_timeout_ms',
    ],
    [
      {
        audio: {
          input: { turn_detection: { type: 'semantic_vad', threshold: 0.5 } },
        },
      },
      'session.audio.input.turn_detection.threshold',
    ],
    [
      {
        audio: {
          input: { transcription: { model: 'whisper-1', temperature: 0 } },
        },
      },
      'session.audio.input.transcription.temperature',
    ],
  ])(
    'refuses unknown parameter %j at %s with `unknown_parameter`',
    async (session, param) => {
      const simulator = await startSimulator();
      const client = await connectReady(simulator);
      client.send({
        type: 'session.update',
        session: { type: 'transcription', ...session },
      });
      expect(await nthError(client)).toEqual({
        type: 'invalid_request_error',
        code: 'unknown_parameter',
        message: `Unknown parameter: '${param}'.`,
        param,
        event_id: null,
      });
    },
  );

  it('refuses a PCM rate below 24000 with `integer_below_min_value` and discards the whole update', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const answer = await configure(client, {
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 16000 },
          transcription: { model: 'gpt-4o-mini-transcribe' },
        },
      },
    });
    expect(answer.error).toMatchObject({
      code: 'integer_below_min_value',
      param: 'session.audio.input.format.rate',
    });
    expect(answer.error.message).toContain('Expected a value >= 24000');
    // Nothing of the refused update was applied: the next accepted update shows no transcription model.
    const next = await configure(client, { include: null });
    expect(next.session.audio.input.transcription).toBeNull();
    expect(next.session.audio.input.format).toEqual({
      type: 'audio/pcm',
      rate: 24000,
    });
  });

  it.each([
    [
      { audio: { input: { format: { type: 'audio/wav' } } } },
      'session.audio.input.format.type',
      "'audio/pcm', 'audio/pcmu', and 'audio/pcma'",
    ],
    [
      { audio: { input: { noise_reduction: { type: 'loud' } } } },
      'session.audio.input.noise_reduction.type',
      "'near_field' and 'far_field'",
    ],
    [
      { audio: { input: { turn_detection: { type: 'vad' } } } },
      'session.audio.input.turn_detection.type',
      "'server_vad' and 'semantic_vad'",
    ],
    [
      {
        audio: {
          input: {
            turn_detection: { type: 'semantic_vad', eagerness: 'eager' },
          },
        },
      },
      'session.audio.input.turn_detection.eagerness',
      "'low', 'medium', 'high', and 'auto'",
    ],
    [
      {
        audio: {
          input: {
            transcription: { model: 'gpt-4o-mini-transcribe', delay: 'fast' },
          },
        },
      },
      'session.audio.input.transcription.delay',
      "'minimal', 'low', 'medium', 'high', and 'xhigh'",
    ],
    [
      { include: ['item.input_audio_transcription.avg_logprob'] },
      'session.include[0]',
      "'item.input_audio_transcription.logprobs'",
    ],
  ])(
    'refuses bad enum value %j at %s with `invalid_value`',
    async (session, param, supported) => {
      const simulator = await startSimulator();
      const client = await connectReady(simulator);
      const answer = await configure(client, session);
      expect(answer.error).toMatchObject({ code: 'invalid_value', param });
      expect(answer.error.message).toMatch(
        new RegExp(
          `^Invalid value: '.+'\\. Supported values are: ${supported.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`,
        ),
      );
    },
  );
});

describe('simulator noise_reduction.strength', () => {
  it('defaults strength to 1 when noise reduction is enabled, and keeps it when an update omits it', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const enabled = await configure(client, {
      audio: { input: { noise_reduction: { type: 'near_field' } } },
    });
    expect(enabled.session.audio.input.noise_reduction).toEqual({
      type: 'near_field',
      strength: 1,
    });
    const tuned = await configure(client, {
      audio: { input: { noise_reduction: { strength: 0.4 } } },
    });
    expect(tuned.session.audio.input.noise_reduction).toEqual({
      type: 'near_field',
      strength: 0.4,
    });
    const retyped = await configure(client, {
      audio: { input: { noise_reduction: { type: 'far_field' } } },
    });
    expect(retyped.session.audio.input.noise_reduction).toEqual({
      type: 'far_field',
      strength: 0.4,
    });
    const off = await configure(client, {
      audio: { input: { noise_reduction: null } },
    });
    expect(off.session.audio.input.noise_reduction).toBeNull();
  });

  it.each([
    ['a string', '0.5', 'invalid_type'],
    ['a negative number', -0.1, 'decimal_out_of_range'],
    ['a number above 1 (INFERRED range 0–1)', 1.5, 'decimal_out_of_range'],
  ])(
    'refuses strength given as %s, changing nothing',
    async (_what, strength, code) => {
      const simulator = await startSimulator();
      const client = await connectReady(simulator);
      const answer = await configure(client, {
        audio: {
          input: {
            transcription: { model: 'gpt-4o-transcribe' },
            noise_reduction: { type: 'near_field', strength },
          },
        },
      });
      expect(answer.error).toMatchObject({
        code,
        param: 'session.audio.input.noise_reduction.strength',
      });
      const after = await configure(client, { include: null });
      expect(after.session.audio.input).toMatchObject({
        transcription: null,
        noise_reduction: null,
      });
    },
  );

  it('refuses strength alone while noise reduction is off: it needs a type to turn on (INFERRED)', async () => {
    const simulator = await startSimulator();
    const client = await connectReady(simulator);
    const answer = await configure(client, {
      audio: { input: { noise_reduction: { strength: 0.5 } } },
    });
    expect(answer.error).toMatchObject({
      code: 'missing_required_parameter',
      param: 'session.audio.input.noise_reduction.type',
    });
  });
});
