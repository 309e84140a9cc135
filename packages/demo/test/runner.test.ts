/**
 * The session runner in-process against the simulator, for what the spawned CLI cannot script: server
 * traffic injected mid-run.
 */
import { readFileSync } from 'node:fs';
import {
  createTranscriptionServerSimulator,
  type TranscriptionServerSimulator,
} from '@agents-transcription/transport/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fromSamples } from '../src/audio/source.js';
import { decodeWav } from '../src/audio/wav.js';
import { runTranscription, sessionSettings } from '../src/runner.js';
import { lines, SAMPLE_TEXT, SAMPLE_WAV } from './support/cli.js';

const reference = lines(readFileSync(SAMPLE_TEXT, 'utf8'));
const { samples } = await decodeWav(readFileSync(SAMPLE_WAV));
let simulator: TranscriptionServerSimulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/** Runs the sample (or part of it) against the current simulator with the given VAD settings. */
function run(
  vad: {
    vad: 'server' | 'none';
    silenceMs: number;
    model?: string;
    language?: string;
  },
  audio = samples,
  onNotice: (message: string) => void = () => undefined,
) {
  return runTranscription({
    source: fromSamples(audio, 'sample'),
    connection: { apiKey: 'offline-key-for-tests', url: simulator!.url },
    settings: sessionSettings({ model: 'gpt-4o-mini-transcribe', ...vad }),
    vad: vad.vad,
    silenceMs: vad.silenceMs,
    speed: 'max',
    signal: new AbortController().signal,
    onChange: () => undefined,
    onNotice,
  });
}

describe('runTranscription', () => {
  it('shows a server error that arrives mid-run and carries on to the last turn', async () => {
    simulator = await createTranscriptionServerSimulator({
      transcripts: reference,
    });
    const notices: string[] = [];
    // Inject an error right after the first turn is committed.
    void simulator
      .waitFor(
        (entry) =>
          entry.direction === 'server' &&
          entry.event.type === 'input_audio_buffer.committed',
        20_000,
      )
      .then(() =>
        simulator!.broadcast({
          type: 'error',
          event_id: 'event_test',
          error: {
            type: 'invalid_request_error',
            code: 'test_injected',
            message: 'Injected for the test.',
            param: null,
          },
        }),
      );
    const result = await run(
      { vad: 'server', silenceMs: 500 },
      samples,
      (message) => notices.push(message),
    );
    // Whatever wording the transport uses, the line names the server's code and message, once. The only
    // other notice is the transport's warning that the server-VAD model shuts down.
    const serverErrors = notices.filter((n) => n.startsWith('server error'));
    expect(serverErrors).toHaveLength(1);
    expect(serverErrors[0]).toMatch(
      /^server error: .*test_injected.*Injected for the test\./,
    );
    expect(notices.filter((n) => !n.startsWith('server error'))).toEqual([
      expect.stringMatching(/gpt-4o-mini-transcribe.*2027-02-26/),
    ]);
    expect(result.fatal).toBeUndefined();
    expect(result.book.turns.map((turn) => turn.text)).toEqual(reference);
  });

  it('sends only transcription settings: the chosen model, language and server VAD silence', async () => {
    simulator = await createTranscriptionServerSimulator({
      transcripts: reference,
    });
    await run(
      {
        vad: 'server',
        silenceMs: 700,
        model: 'gpt-4o-transcribe',
        language: 'en',
      },
      samples.subarray(0, 24_000 * 4),
    );
    const updates = simulator.received('session.update') as unknown as Array<{
      session: Record<string, any>;
    }>;
    expect(updates.length).toBeGreaterThan(0);
    const input = updates.at(-1)!.session.audio.input;
    expect(updates.at(-1)!.session.type).toBe('transcription');
    expect(input.transcription).toMatchObject({
      model: 'gpt-4o-transcribe',
      language: 'en',
    });
    expect(input.turn_detection).toMatchObject({
      type: 'server_vad',
      silence_duration_ms: 700,
    });
  });

  it('with --vad none turns server VAD off and commits itself', async () => {
    simulator = await createTranscriptionServerSimulator({
      transcripts: reference,
    });
    const result = await run({ vad: 'none', silenceMs: 500 });
    const update = (
      simulator.received('session.update') as unknown as Array<{
        session: Record<string, any>;
      }>
    ).at(-1)!;
    expect(update.session.audio.input.turn_detection).toBeNull();
    expect(simulator.received('input_audio_buffer.commit')).toHaveLength(4);
    expect(simulator.sent('input_audio_buffer.speech_started')).toHaveLength(0);
    expect(result.book.turns.map((turn) => turn.text)).toEqual(reference);
  });
});
