/**
 * `pnpm demo`: transcribe the bundled sample offline, or `pnpm demo transcribe <file|-> [flags]`.
 *
 * This file only wires the parts: parse flags, open the audio, pick offline (simulator) or live (ephemeral
 * key), run the session, render, write the outputs, and turn every user-fixable problem into one line on
 * stderr with exit code 2. Every line it prints passes through `printable()`: file names and messages from
 * outside never reach the terminal with control characters in them.
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, USAGE, type TranscribeOptions } from './args.js';
import {
  openFile,
  openMicrophone,
  openStdin,
  type AudioSource,
} from './audio/source.js';
import {
  CliError,
  describeError,
  describeUnexpected,
  ExitCode,
} from './errors.js';
import { printable } from './printable.js';
import { readScript } from './reference-text.js';
import { createRenderer, type OutputStream } from './render.js';
import type { OfflineServer } from './offline.js';
import type { RunResult, SessionSettings } from './runner.js';
import {
  cuesFromTurns,
  toJson,
  toSrt,
  toVtt,
  writeOutput,
} from './subtitles.js';

const ASSETS = resolve(dirname(fileURLToPath(import.meta.url)), '../assets');
/** The bundled sample and its reference text (one line per sentence). */
export const SAMPLE_WAV = resolve(ASSETS, 'sample.wav');
export const SAMPLE_TEXT = resolve(ASSETS, 'sample.txt');

const LIVE_HINT = 'OPENAI_API_KEY=… pnpm demo transcribe <file> --live';

export interface CliIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted on SIGINT or SIGTERM, with the signal's name as the reason. */
  signal: AbortSignal;
}

/** The exit code for a run stopped by `signal`: 128 + the signal number, as shells report it. */
function interruptedCode(signal: AbortSignal): number {
  return signal.reason === 'SIGTERM'
    ? ExitCode.terminated
    : ExitCode.interrupted;
}

/** Runs the CLI and returns the exit code. Never throws for user errors. */
export async function main(io: CliIo): Promise<number> {
  try {
    // Loaded lazily so the other commands do not pay for the page bundler.
    if (io.argv[0] === 'web') {
      await (
        await import('./web-server.js')
      ).runWebCommand(io.argv.slice(1), io);
      return ExitCode.ok;
    }
    const command = parseCli(io.argv, io.env);
    if (command.command === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return ExitCode.ok;
    }
    return await transcribe(command.options, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`demo: ${printable(error.message)}\n`);
      return error.exitCode;
    }
    io.stderr.write(`demo: ${describeUnexpected(error)}\n`);
    if (io.env.DEMO_DEBUG)
      io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return ExitCode.runFailed;
  }
}

async function transcribe(
  options: TranscribeOptions,
  io: CliIo,
): Promise<number> {
  // `pnpm demo …` runs in packages/demo; pnpm records where the user typed the command in INIT_CWD.
  const base = io.env.INIT_CWD || process.cwd();
  const userPath = (path: string) =>
    isAbsolute(path) ? path : resolve(base, path);
  const shown = (path: string) =>
    isAbsolute(path) ? path : relative(process.cwd(), userPath(path)) || path;

  await checkOutputs(options, userPath);

  const source = await openSource(options, userPath, shown);
  const label = printable(source.label);
  if (source.warning)
    io.stderr.write(`demo: warning: ${label}: ${printable(source.warning)}\n`);
  try {
    return await transcribeSource(options, io, source, label, userPath);
  } finally {
    source.stop();
  }
}

async function transcribeSource(
  options: TranscribeOptions,
  io: CliIo,
  source: AudioSource,
  label: string,
  userPath: (path: string) => string,
): Promise<number> {
  let transcripts: string[] | undefined;
  if (!options.live) {
    if (options.script !== undefined)
      transcripts = await readScript(userPath(options.script), options.script);
    else if (options.input.kind === 'sample')
      transcripts = await readScript(SAMPLE_TEXT);
  }

  // The SDK, the transport and the simulator load only now: they take seconds to import, and a bad flag or
  // file should be reported at once.
  const { runTranscription, sessionSettings } = await import('./runner.js');
  const { OFFLINE_API_KEY, startOfflineServer } = await import('./offline.js');
  const settings = sessionSettings(options);
  if (io.signal.aborted) return interruptedCode(io.signal);

  let server: OfflineServer | undefined;
  let connection: { apiKey: string; url?: string };
  if (options.live) {
    connection = { apiKey: await mintLiveKey(options.apiKey!, settings) };
    io.stderr.write(
      `LIVE: transcribing ${label} with ${printable(options.model)} (OpenAI Realtime, ephemeral key)\n`,
    );
  } else {
    server = await startOfflineServer(transcripts ? { transcripts } : {});
    connection = { apiKey: OFFLINE_API_KEY, url: server.url };
    io.stderr.write(
      `OFFLINE: transcribing ${label} against the local simulator of the transcription endpoint.\n` +
        `The text is ${transcripts ? 'the scripted reference text' : 'a description of each turn'}, not speech recognition. ` +
        `To transcribe for real: ${LIVE_HINT}\n`,
    );
  }

  const renderer = createRenderer(io.stdout, io.stderr);
  let result: RunResult;
  try {
    if (io.signal.aborted) return interruptedCode(io.signal);
    result = await runTranscription({
      source,
      connection,
      settings,
      vad: options.vad,
      silenceMs: options.silenceMs,
      ...(options.commitEverySeconds
        ? { commitEverySeconds: options.commitEverySeconds }
        : {}),
      speed: options.speed,
      signal: io.signal,
      finalWaitMs: options.live ? 15_000 : 10_000,
      onChange: (book, status) => renderer.update(book, status),
      onNotice: (message) => renderer.notice(message),
    });
  } catch (error) {
    throw new CliError(
      `could not run the session: ${describeError(error)}`,
      ExitCode.runFailed,
    );
  } finally {
    await server?.close();
  }
  renderer.done(result.book);

  const turns = result.book.turns;
  const cues = cuesFromTurns(turns, result.audioMs);
  const meta = {
    source: source.label,
    mode: options.live ? ('live' as const) : ('offline' as const),
    model: options.model,
    vad: options.vad,
    audioMs: Math.round(result.audioMs),
    interrupted: result.interrupted,
  };
  const written: string[] = [];
  if (options.srt)
    written.push(await save(userPath(options.srt), options.srt, toSrt(cues)));
  if (options.vtt)
    written.push(await save(userPath(options.vtt), options.vtt, toVtt(cues)));
  if (options.json)
    written.push(
      await save(userPath(options.json), options.json, toJson(meta, turns)),
    );

  const audioSeconds = result.audioMs / 1000;
  const wallSeconds = result.wallMs / 1000;
  const rtf = audioSeconds > 0 ? wallSeconds / audioSeconds : 0;
  const failed = turns.filter((turn) => turn.status === 'failed').length;
  io.stderr.write(
    `${turns.length} turns${failed ? ` (${failed} failed)` : ''} · ${audioSeconds.toFixed(1)} s audio · ` +
      `${wallSeconds.toFixed(2)} s wall · real-time factor ${rtf.toFixed(3)}` +
      `${options.live ? '' : ' · ran OFFLINE on the simulator (scripted text, not recognition)'}\n`,
  );
  if (written.length) io.stderr.write(`wrote ${written.join(', ')}\n`);
  if (result.timedOut)
    io.stderr.write(
      'gave up waiting for the last transcript(s); they are marked failed\n',
    );
  if (result.fatal) {
    io.stderr.write(
      `demo: the session ended early: ${printable(result.fatal)}\n`,
    );
    return ExitCode.runFailed;
  }
  return result.interrupted ? interruptedCode(io.signal) : ExitCode.ok;
}

async function openSource(
  options: TranscribeOptions,
  userPath: (path: string) => string,
  shown: (path: string) => string,
): Promise<AudioSource> {
  switch (options.input.kind) {
    case 'sample':
      return openFile(SAMPLE_WAV, 'sample.wav');
    case 'file':
      return openFile(userPath(options.input.path), shown(options.input.path));
    case 'stdin':
      return openStdin();
    case 'mic':
      return openMicrophone();
  }
}

/**
 * Checked before the run, so a typo in an output path does not cost a whole transcription, and an output
 * can never overwrite the recording being transcribed or another output of the same run.
 */
async function checkOutputs(
  options: TranscribeOptions,
  userPath: (path: string) => string,
): Promise<void> {
  const input =
    options.input.kind === 'file'
      ? await canonical(userPath(options.input.path))
      : undefined;
  const taken = new Map<string, string>();
  for (const flag of ['srt', 'vtt', 'json'] as const) {
    const out = options[flag];
    if (out === undefined) continue;
    const path = userPath(out);
    await checkWritable(path, out);
    const key = await canonical(path);
    if (key === input)
      throw new CliError(
        `--${flag} ${out} is the input file; writing it would overwrite the recording. Pick another name`,
      );
    const other = taken.get(key);
    if (other)
      throw new CliError(
        `--${other} and --${flag} both write ${out}; give each its own file`,
      );
    taken.set(key, flag);
  }
}

/** The real path of an existing file (links resolved), else the absolute path as given. */
async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

async function checkWritable(path: string, shownPath: string): Promise<void> {
  try {
    await access(dirname(path), constants.W_OK);
  } catch {
    throw new CliError(
      `cannot write ${shownPath}: its folder does not exist or is not writable`,
    );
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory())
    throw new CliError(`cannot write ${shownPath}: it is a folder`);
}

async function save(
  path: string,
  shownPath: string,
  content: string,
): Promise<string> {
  try {
    await writeOutput(path, content);
    return shownPath;
  } catch (error) {
    throw new CliError(
      `cannot write ${shownPath}: ${describeError(error)}`,
      ExitCode.runFailed,
    );
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  return (
    entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)
  );
}

/**
 * Mints the ephemeral key for `--live` with the demo's one key minter (the web page's `POST /token` uses the
 * same), so the long-lived key is used for nothing else. The secret is never printed.
 */
async function mintLiveKey(
  apiKey: string,
  settings: SessionSettings,
): Promise<string> {
  const { createOpenAITokenMinter } = await import('./web-token.js');
  try {
    return (
      await createOpenAITokenMinter({
        apiKey,
        session: settings,
        ttlSeconds: LIVE_KEY_TTL_SECONDS,
      })()
    ).key;
  } catch (error) {
    throw new CliError(
      `could not mint an ephemeral key: ${describeError(error)}`,
      ExitCode.runFailed,
    );
  }
}

/** How long the CLI's minted key may open sessions; the session itself may run longer. */
const LIVE_KEY_TTL_SECONDS = 600;

/** After a first SIGINT/SIGTERM the CLI drains; whatever it is doing, it is gone this long after the signal. */
const SIGNAL_EXIT_MS = 1_000;

if (isEntryPoint()) {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    const code =
      signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
    // First signal: finish gracefully (commit, drain briefly, write outputs). Second: leave now.
    if (controller.signal.aborted) process.exit(code);
    controller.abort(signal);
    // A stage that cannot be interrupted (a DNS lookup, a slow key request) must not hold the CLI.
    setTimeout(() => process.exit(code), SIGNAL_EXIT_MS).unref();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const code = await main({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  });
  // Exit explicitly: stdin or a capture process may still hold the event loop open.
  process.exit(code);
}
