import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, DEFAULT_SILENCE_MS, parseCli } from '../src/args.js';
import { CliError } from '../src/errors.js';

function error(argv: string[], env: Record<string, string> = {}): CliError {
  try {
    parseCli(argv, env);
  } catch (caught) {
    expect(caught).toBeInstanceOf(CliError);
    return caught as CliError;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('parseCli', () => {
  it('runs the bundled sample offline with defaults when given no arguments', () => {
    expect(DEFAULT_MODEL).toBe('gpt-live-transcribe');
    expect(parseCli([], {})).toEqual({
      command: 'transcribe',
      options: expect.objectContaining({
        input: { kind: 'sample' },
        live: false,
        model: DEFAULT_MODEL,
        // The default model takes no server VAD: the transport's client detector finds the turns.
        vad: 'client',
        speed: 'realtime',
        silenceMs: DEFAULT_SILENCE_MS,
      }),
    });
  });

  it('uses server VAD by default for a model that runs it, and takes --vad client', () => {
    const vadOf = (argv: string[]) => {
      const cli = parseCli(argv, {});
      return cli.command === 'transcribe' ? cli.options.vad : undefined;
    };
    expect(vadOf(['--model', 'gpt-4o-transcribe'])).toBe('server');
    expect(vadOf(['--model', 'gpt-realtime-whisper'])).toBe('client');
    expect(vadOf(['--vad', 'client'])).toBe('client');
  });

  it('reads every transcribe flag', () => {
    const command = parseCli(
      [
        'transcribe',
        'a.wav',
        '--live',
        '--model',
        'gpt-4o-transcribe',
        '--language',
        'en',
        '--prompt',
        'names',
        '--vad',
        'none',
        '--commit-every',
        '2.5',
        '--speed',
        'max',
        '--srt',
        'o.srt',
        '--vtt',
        'o.vtt',
        '--json',
        'o.json',
        '--silence-ms',
        '700',
      ],
      { OPENAI_API_KEY: 'sk-test' },
    );
    expect(command).toEqual({
      command: 'transcribe',
      options: {
        input: { kind: 'file', path: 'a.wav' },
        live: true,
        apiKey: 'sk-test',
        model: 'gpt-4o-transcribe',
        language: 'en',
        prompt: 'names',
        vad: 'none',
        commitEverySeconds: 2.5,
        silenceMs: 700,
        speed: 'max',
        srt: 'o.srt',
        vtt: 'o.vtt',
        json: 'o.json',
        script: undefined,
      },
    });
  });

  it('takes - as stdin and --mic as the microphone', () => {
    expect(parseCli(['transcribe', '-'], {})).toMatchObject({
      options: { input: { kind: 'stdin' } },
    });
    expect(parseCli(['transcribe', '--mic'], {})).toMatchObject({
      options: { input: { kind: 'mic' } },
    });
  });

  it('does not read the API key offline', () => {
    expect(
      parseCli(['transcribe', 'a.wav'], { OPENAI_API_KEY: 'sk-x' }),
    ).toMatchObject({ options: { apiKey: undefined } });
  });

  it('returns help for --help and -h even with other flags', () => {
    expect(parseCli(['--help'], {})).toEqual({ command: 'help' });
    expect(parseCli(['transcribe', '-h'], {})).toEqual({ command: 'help' });
  });

  it.each([
    [['--frobnicate'], 'unknown flag --frobnicate (see --help)'],
    [['transcribe', 'a.wav', '-x'], 'unknown flag -x (see --help)'],
    [['transcribe', 'a.wav', '--model'], '--model needs a value (see --help)'],
    [
      ['translate', 'a.wav'],
      'unknown command "translate" (expected "transcribe"; see --help)',
    ],
    [
      ['transcribe'],
      'transcribe needs an input: a file, - for stdin, or --mic',
    ],
    [
      ['transcribe', 'a.wav', 'b.wav'],
      'transcribe takes one input, got 2: a.wav b.wav',
    ],
    [
      ['transcribe', 'a.wav', '--mic'],
      '--mic and an input file are exclusive; pass one',
    ],
    [
      ['transcribe', 'a.wav', '--vad', 'semantic'],
      '--vad must be server or client or none, got "semantic"',
    ],
    [
      ['transcribe', 'a.wav', '--speed', 'fast'],
      '--speed must be realtime or max, got "fast"',
    ],
    [
      ['transcribe', 'a.wav', '--commit-every', '2'],
      '--commit-every needs --vad none (with server VAD the server decides the turns)',
    ],
    [
      ['transcribe', 'a.wav', '--vad', 'none', '--commit-every', 'soon'],
      '--commit-every must be a positive number, got "soon"',
    ],
    [
      ['transcribe', 'a.wav', '--vad', 'none', '--commit-every', '0.05'],
      '--commit-every must be at least 0.1 s (the server refuses shorter commits), got 0.05',
    ],
    [
      ['transcribe', 'a.wav', '--silence-ms', '-5'],
      '--silence-ms needs a value; write one that starts with - as --silence-ms=VALUE',
    ],
    [
      ['transcribe', 'a.wav', '--silence-ms=-5'],
      '--silence-ms must be a positive number, got "-5"',
    ],
    [
      ['transcribe', 'a.wav', '--live'],
      '--live needs OPENAI_API_KEY in the environment',
    ],
    [['transcribe', 'a.wav', '--srt', ''], '--srt needs a value'],
    [
      ['transcribe', 'a.wav', '--vad', 'server'],
      'gpt-live-transcribe does not run server VAD; use --vad client (the default for it), or a model that does, e.g. --model gpt-4o-mini-transcribe',
    ],
    [
      ['--model', 'gpt-realtime-whisper', '--vad', 'server'],
      'gpt-realtime-whisper does not run server VAD; use --vad client (the default for it), or a model that does, e.g. --model gpt-4o-mini-transcribe',
    ],
    [
      ['--silence-ms', '10001'],
      '--silence-ms must be a whole number of ms from 1 to 10000, got "10001"',
    ],
    [
      ['--silence-ms', '2.5'],
      '--silence-ms must be a whole number of ms from 1 to 10000, got "2.5"',
    ],
  ])('refuses %j with one clear line', (argv, message) => {
    const refused = error(argv);
    expect(refused.message).toBe(message);
    expect(refused.exitCode).toBe(2);
    expect(refused.message).not.toContain('\n');
  });

  it('treats a blank OPENAI_API_KEY as missing', () => {
    expect(
      error(['transcribe', 'a.wav', '--live'], { OPENAI_API_KEY: '  ' })
        .message,
    ).toContain('OPENAI_API_KEY');
  });

  it('refuses --script with --live', () => {
    expect(
      error(['transcribe', 'a.wav', '--live', '--script', 's.txt'], {
        OPENAI_API_KEY: 'sk-x',
      }).message,
    ).toBe('--script is for offline runs; --live transcribes for real');
  });
});
