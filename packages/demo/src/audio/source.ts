/**
 * Opening the audio input: a file (WAV decoded in-process, anything else through ffmpeg), raw PCM16 on
 * stdin, or the microphone. A file is checked before the session opens (it must be a regular file of at most
 * 2 GiB, and a WAV header must describe audio the demo takes), so a bad file is reported before anything
 * touches the network; its audio is then decoded in streaming chunks while it is sent.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError, ExitCode } from '../errors.js';
import { frameBytes, frameSamples } from './framer.js';
import { SAMPLE_RATE, samplesToMs } from './pcm.js';
import {
  findExecutable,
  spawnAudioProcess,
  type AudioProcess,
} from './subprocess.js';
import { looksLikeWav, wavFrames } from './wav.js';
import {
  MAX_DURATION_SECONDS,
  readWavLayout,
  WavFormatError,
  type ByteReader,
} from './wav-header.js';

/** Largest input file the demo opens. */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;

/** Audio ready to send: 24 kHz mono PCM16 frames. */
export interface AudioSource {
  /** Human-readable origin, for the banner (may hold anything a file name can: escape before printing). */
  label: string;
  /** Total duration when known up front (WAV files). */
  durationMs?: number;
  /** True for a microphone: it arrives in real time already, so pacing must not slow it further. */
  live: boolean;
  /** Set when the input is usable but not what its header promised; printed once. */
  warning?: string;
  frames: AsyncIterable<Int16Array>;
  /** Stops reading (Ctrl-C); the frame iterator then ends. */
  stop(): void;
}

/**
 * Opens a file, sniffing WAV by its header rather than trusting the extension. `stat()` comes first: a FIFO,
 * socket or device is refused without being opened (opening a FIFO blocks until a writer appears).
 */
export async function openFile(
  path: string,
  displayPath = path,
): Promise<AudioSource> {
  await statRegularFile(path, displayPath);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO after stat(), open() still returns at once, and the
    // fstat() below refuses it.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new CliError(`cannot read ${displayPath}: ${fsReason(error)}`);
  }
  try {
    const opened = await handle.stat();
    checkRegularFile(opened, displayPath);
    const read = fileReader(handle);
    const head = await read(0, 12);
    if (looksLikeWav(head))
      return await openWav(handle, read, opened.size, displayPath);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  await handle.close();
  const ffmpeg = findExecutable('ffmpeg');
  if (!ffmpeg) {
    throw new CliError(
      `${displayPath} is not a WAV file, and decoding other formats needs ffmpeg, which is not installed`,
    );
  }
  return openWithFfmpeg(ffmpeg, path, displayPath);
}

/**
 * `stat()`s `path` and refuses anything but a regular, non-empty file of at most `maxBytes`, without opening
 * it. Returns its size.
 */
export async function statRegularFile(
  path: string,
  displayPath: string,
  what = '',
  maxBytes = MAX_FILE_BYTES,
): Promise<number> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw new CliError(`cannot read ${what}${displayPath}: ${fsReason(error)}`);
  }
  checkRegularFile(info, `${what}${displayPath}`, maxBytes);
  return info.size;
}

function checkRegularFile(
  info: Stats,
  displayPath: string,
  maxBytes = MAX_FILE_BYTES,
): void {
  if (info.isDirectory())
    throw new CliError(`cannot read ${displayPath}: it is a directory`);
  if (!info.isFile())
    throw new CliError(
      `${displayPath} is ${fileKind(info)}, not a regular file; to stream audio, pipe raw PCM16 into "transcribe -"`,
    );
  if (info.size === 0) throw new CliError(`${displayPath} is empty`);
  if (info.size > maxBytes)
    throw new CliError(
      `${displayPath} is ${formatBytes(info.size)}; the demo reads files of at most ${formatBytes(maxBytes)}`,
    );
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function fileReader(handle: FileHandle): ByteReader {
  return async (position, length) => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  };
}

async function openWav(
  handle: FileHandle,
  read: ByteReader,
  size: number,
  displayPath: string,
): Promise<AudioSource> {
  let layout;
  try {
    layout = await readWavLayout(read, size);
  } catch (error) {
    if (error instanceof WavFormatError)
      throw new CliError(`cannot use ${displayPath}: ${error.message}`);
    throw error;
  }
  let stopped = false;
  const frames = (async function* () {
    try {
      for await (const frame of wavFrames(read, layout)) {
        if (stopped) return;
        yield frame;
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  })();
  return {
    label: basename(displayPath),
    durationMs: layout.durationSeconds * 1000,
    live: false,
    ...(layout.warning ? { warning: layout.warning } : {}),
    frames,
    stop() {
      stopped = true;
    },
  };
}

/** Wraps already-decoded samples as a source (also used by tests and the bundled sample). */
export function fromSamples(samples: Int16Array, label: string): AudioSource {
  let stopped = false;
  return {
    label,
    durationMs: samplesToMs(samples.length),
    live: false,
    frames: (async function* () {
      for (const frame of frameSamples(samples)) {
        if (stopped) return;
        yield frame;
      }
    })(),
    stop() {
      stopped = true;
    },
  };
}

/** Raw PCM16 LE, 24 kHz, mono on stdin (`-`). */
export function openStdin(
  stdin: NodeJS.ReadableStream = process.stdin,
): AudioSource {
  let stopped = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stdin as AsyncIterable<Buffer>) {
      if (stopped) return;
      yield chunk;
    }
  }
  return {
    label: 'stdin (raw PCM16 24 kHz mono)',
    live: false,
    frames: frameBytes(chunks()),
    stop() {
      stopped = true;
      (stdin as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    },
  };
}

/**
 * The default capture device through `arecord` (ALSA) or `sox -d` (any backend sox was built with), both
 * asked for the final format directly so no conversion runs here.
 */
export function openMicrophone(path = process.env.PATH ?? ''): AudioSource {
  const arecord = findExecutable('arecord', path);
  const sox = findExecutable('sox', path);
  let proc: AudioProcess;
  let label: string;
  if (arecord) {
    proc = spawnAudioProcess(arecord, [
      '-q',
      '-f',
      'S16_LE',
      '-r',
      String(SAMPLE_RATE),
      '-c',
      '1',
      '-t',
      'raw',
    ]);
    label = 'microphone (arecord)';
  } else if (sox) {
    proc = spawnAudioProcess(sox, [
      '-q',
      '-d',
      '-t',
      'raw',
      '-r',
      String(SAMPLE_RATE),
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      '-',
    ]);
    label = 'microphone (sox -d)';
  } else {
    throw new CliError(
      '--mic needs arecord (alsa-utils) or sox on PATH, and neither is installed',
    );
  }
  async function* checked(): AsyncGenerator<Uint8Array> {
    yield* proc.stdout;
    try {
      await proc.exited;
    } catch (error) {
      throw new CliError(
        `microphone capture failed: ${(error as Error).message}`,
        1,
      );
    }
  }
  return {
    label,
    live: true,
    frames: frameBytes(checked()),
    stop: () => proc.stop(),
  };
}

/**
 * Streams a file through ffmpeg (cut at the demo's maximum duration). The first chunk of output is awaited
 * before the session opens, so a file ffmpeg cannot decode is reported as bad input, not as a failed run.
 */
async function openWithFfmpeg(
  ffmpeg: string,
  path: string,
  displayPath: string,
): Promise<AudioSource> {
  const proc = spawnAudioProcess(ffmpeg, [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    path,
    '-vn',
    '-t',
    String(MAX_DURATION_SECONDS),
    '-f',
    's16le',
    '-acodec',
    'pcm_s16le',
    '-ac',
    '1',
    '-ar',
    String(SAMPLE_RATE),
    '-',
  ]);
  const output = proc.stdout[Symbol.asyncIterator]();
  const first = await output.next();
  if (first.done) {
    try {
      await proc.exited;
    } catch (error) {
      throw new CliError(
        `cannot decode ${displayPath} as audio (ffmpeg: ${(error as Error).message})`,
      );
    }
    throw new CliError(`${displayPath} holds no audio`);
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield first.value;
    for (;;) {
      const next = await output.next();
      if (next.done) break;
      yield next.value;
    }
    try {
      await proc.exited;
    } catch (error) {
      throw new CliError(
        `ffmpeg stopped decoding ${displayPath}: ${(error as Error).message}`,
        ExitCode.runFailed,
      );
    }
  }
  return {
    label: basename(displayPath),
    live: false,
    frames: frameBytes(chunks()),
    stop: () => proc.stop(),
  };
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return (error as Error).message;
}
