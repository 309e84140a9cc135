/**
 * Command-line parsing: `node:util` `parseArgs` plus the cross-flag rules, turned into one typed value.
 *
 * Pure: it takes `argv` and the environment and either returns {@link CliCommand} or throws a
 * {@link CliError} whose message is the single line the user sees.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TRANSCRIPTION_MODEL } from '@agents-transcription/transport';
import { CliError } from './errors.js';
import { defaultTurnMode, serverVadProblem } from './turn-mode.js';

/** Default transcription model: the transport's (no announced shutdown; its turns are found on the client). */
export const DEFAULT_MODEL = DEFAULT_TRANSCRIPTION_MODEL;
/** Silence that ends a turn, for server VAD and for the client's own gap detection. */
export const DEFAULT_SILENCE_MS = 500;
/** The longest `--silence-ms` the transport's client detector takes (its `silenceDurationMs` range). */
export const MAX_SILENCE_MS = 10_000;

export type Speed = 'realtime' | 'max';
/**
 * `server`: server VAD; `client`: the transport's client turn detector (`client_vad`); `none`: the same
 * detector (the demo's former gap policy now lives in the transport), or with `--commit-every` fixed-interval
 * commits by the demo itself.
 */
export type VadMode = 'server' | 'client' | 'none';

/** Where the audio comes from. */
export type InputSpec =
  | { kind: 'sample' }
  | { kind: 'file'; path: string }
  | { kind: 'stdin' }
  | { kind: 'mic' };

/** Everything one transcription run needs, validated. */
export interface TranscribeOptions {
  input: InputSpec;
  live: boolean;
  /** `OPENAI_API_KEY`, only read (and required) with `--live`. */
  apiKey?: string;
  model: string;
  language?: string;
  prompt?: string;
  vad: VadMode;
  /** With `--vad none`: commit every N seconds instead of at detected silence gaps. */
  commitEverySeconds?: number;
  silenceMs: number;
  speed: Speed;
  srt?: string;
  vtt?: string;
  json?: string;
  /** Offline only: reference text, one line per committed turn, that the simulator returns. */
  script?: string;
}

export type CliCommand =
  { command: 'help' } | { command: 'transcribe'; options: TranscribeOptions };

const OPTIONS = {
  live: { type: 'boolean' },
  model: { type: 'string' },
  language: { type: 'string' },
  prompt: { type: 'string' },
  vad: { type: 'string' },
  'commit-every': { type: 'string' },
  'silence-ms': { type: 'string' },
  speed: { type: 'string' },
  srt: { type: 'string' },
  vtt: { type: 'string' },
  json: { type: 'string' },
  mic: { type: 'boolean' },
  script: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `Usage:
  pnpm demo                              transcribe the bundled sample offline (simulator)
  pnpm demo transcribe <file|-> [flags]  transcribe a file, or raw PCM16 24 kHz mono from stdin
  pnpm demo transcribe --mic [flags]     transcribe the microphone (arecord or sox)
  pnpm demo web [--port N]               serve a page that transcribes the browser's microphone

Flags:
  --live               use the real OpenAI API (needs OPENAI_API_KEY; an ephemeral key is minted)
  --model NAME         transcription model (default ${DEFAULT_MODEL})
  --language CODE      language hint, e.g. en
  --prompt TEXT        prompt for the transcription model
  --vad server|client|none
                       server VAD turns (default for models that run it), client: the transport's own
                       turn detector commits (default for the others, e.g. gpt-live-transcribe), none: the same
                       as client, or fixed-interval commits with --commit-every
  --commit-every SEC   with --vad none: commit every SEC seconds instead of at detected silence
  --silence-ms MS      silence that ends a turn (default ${DEFAULT_SILENCE_MS})
  --speed realtime|max send 100 ms frames in real time (default) or as fast as possible
  --srt FILE           write SubRip subtitles
  --vtt FILE           write WebVTT subtitles
  --json FILE          write per-turn text, start/end ms, item id and status
  --script FILE        offline: the text the simulator returns, one line per turn
                       (default: the sample's reference text for the sample, else "[N s of audio]")
  -h, --help           show this help

Without --live everything runs OFFLINE against a local simulator of the transcription endpoint: the text
is scripted, not recognised. Live: OPENAI_API_KEY=… pnpm demo transcribe <file> --live`;

/**
 * Parses `argv` (without `node` and the script) into a command.
 *
 * @throws CliError (exit code 2) naming the first problem found.
 */
export function parseCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(rephraseParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };

  const [command, ...rest] = positionals;
  let input: InputSpec;
  if (command === undefined) {
    if (values.mic) input = { kind: 'mic' };
    else input = { kind: 'sample' };
  } else if (command === 'transcribe') {
    if (rest.length > 1)
      throw new CliError(
        `transcribe takes one input, got ${rest.length}: ${rest.join(' ')}`,
      );
    const target = rest[0];
    if (values.mic && target !== undefined)
      throw new CliError('--mic and an input file are exclusive; pass one');
    if (values.mic) input = { kind: 'mic' };
    else if (target === undefined)
      throw new CliError(
        'transcribe needs an input: a file, - for stdin, or --mic',
      );
    else if (target === '-') input = { kind: 'stdin' };
    else input = { kind: 'file', path: target };
  } else {
    throw new CliError(
      `unknown command "${command}" (expected "transcribe"; see --help)`,
    );
  }

  const model = values.model ?? DEFAULT_MODEL;
  // Server VAD where the model runs it, else the client detector (a model without server VAD refuses it).
  const vad = oneOf('--vad', values.vad ?? defaultTurnMode(model), [
    'server',
    'client',
    'none',
  ] as const);
  // Refused here, before any file or socket is opened, in the flags' own words.
  const vadProblem = vad === 'server' ? serverVadProblem(model) : undefined;
  if (vadProblem) throw new CliError(vadProblem);
  const speed = oneOf('--speed', values.speed ?? 'realtime', [
    'realtime',
    'max',
  ] as const);
  const commitEverySeconds =
    values['commit-every'] === undefined
      ? undefined
      : positiveNumber('--commit-every', values['commit-every']);
  if (commitEverySeconds !== undefined && vad !== 'none') {
    throw new CliError(
      '--commit-every needs --vad none (with server VAD the server decides the turns)',
    );
  }
  if (commitEverySeconds !== undefined && commitEverySeconds < 0.1) {
    throw new CliError(
      `--commit-every must be at least 0.1 s (the server refuses shorter commits), got ${commitEverySeconds}`,
    );
  }
  const silenceMs =
    values['silence-ms'] === undefined
      ? DEFAULT_SILENCE_MS
      : positiveNumber('--silence-ms', values['silence-ms']);
  if (!Number.isInteger(silenceMs) || silenceMs > MAX_SILENCE_MS)
    throw new CliError(
      `--silence-ms must be a whole number of ms from 1 to ${MAX_SILENCE_MS}, got "${values['silence-ms']}"`,
    );

  const live = values.live ?? false;
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  if (live && !apiKey)
    throw new CliError('--live needs OPENAI_API_KEY in the environment');
  if (live && values.script !== undefined)
    throw new CliError(
      '--script is for offline runs; --live transcribes for real',
    );

  for (const flag of [
    'model',
    'language',
    'prompt',
    'srt',
    'vtt',
    'json',
    'script',
  ] as const) {
    if (values[flag] === '') throw new CliError(`--${flag} needs a value`);
  }

  return {
    command: 'transcribe',
    options: {
      input,
      live,
      apiKey: live ? apiKey : undefined,
      model,
      language: values.language,
      prompt: values.prompt,
      vad,
      commitEverySeconds,
      silenceMs,
      speed,
      srt: values.srt,
      vtt: values.vtt,
      json: values.json,
      script: values.script,
    },
  };
}

function oneOf<T extends string>(
  flag: string,
  value: string,
  allowed: readonly T[],
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${flag} must be ${allowed.join(' or ')}, got "${value}"`);
}

function positiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new CliError(`${flag} must be a positive number, got "${value}"`);
  }
  return number;
}

// parseArgs messages are long and suggest `--` tricks; the user needs the flag name and where to look.
function rephraseParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `unknown flag ${flag ?? ''} (see --help)`.replace('  ', ' ');
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('ambiguous'))
      return `${flag} needs a value; write one that starts with - as ${flag}=VALUE`;
    return `${flag ?? 'a flag'} ${message.includes('argument missing') ? 'needs a value' : 'got a value it does not take'} (see --help)`;
  }
  return `${message.split('\n')[0]} (see --help)`;
}
