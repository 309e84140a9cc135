/**
 * Opening the audio input: a file (WAV decoded in-process, anything else through ffmpeg), raw PCM16 on
 * stdin, or the microphone. Files are decoded completely before the session opens, so a bad file is reported
 * before anything touches the network, and its duration is known.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError } from '../errors.js';
import { frameBytes, frameSamples } from './framer.js';
import { SAMPLE_RATE, samplesToMs } from './pcm.js';
import {
  findExecutable,
  runToBuffer,
  spawnAudioProcess,
  type AudioProcess,
} from './subprocess.js';
import { decodeWav, looksLikeWav } from './wav.js';

/** Audio ready to send: 24 kHz mono PCM16 frames. */
export interface AudioSource {
  /** Human-readable origin, for the banner. */
  label: string;
  /** Total duration when known up front (files). */
  durationMs?: number;
  /** True for a microphone: it arrives in real time already, so pacing must not slow it further. */
  live: boolean;
  frames: AsyncIterable<Int16Array>;
  /** Stops reading (Ctrl-C); the frame iterator then ends. */
  stop(): void;
}

/** Opens a file, sniffing WAV by its header rather than trusting the extension. */
export async function openFile(
  path: string,
  displayPath = path,
): Promise<AudioSource> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read ${displayPath}: ${fsReason(error)}`);
  }
  if (bytes.length === 0) throw new CliError(`${displayPath} is empty`);

  let samples: Int16Array;
  if (looksLikeWav(bytes)) {
    try {
      samples = decodeWav(bytes).samples;
    } catch (error) {
      // wavefile reads PCM/float/G.711/IMA ADPCM; ffmpeg may still know an exotic WAV codec.
      const ffmpeg = findExecutable('ffmpeg');
      if (!ffmpeg)
        throw new CliError(
          `${displayPath} is not a WAV file this demo can read: ${(error as Error).message}`,
        );
      samples = await decodeWithFfmpeg(ffmpeg, path, displayPath);
    }
  } else {
    const ffmpeg = findExecutable('ffmpeg');
    if (!ffmpeg) {
      throw new CliError(
        `${displayPath} is not a WAV file, and decoding other formats needs ffmpeg, which is not installed`,
      );
    }
    samples = await decodeWithFfmpeg(ffmpeg, path, displayPath);
  }
  return fromSamples(samples, basename(displayPath));
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

async function decodeWithFfmpeg(
  ffmpeg: string,
  path: string,
  displayPath: string,
): Promise<Int16Array> {
  let pcm: Buffer;
  try {
    pcm = await runToBuffer(ffmpeg, [
      '-nostdin',
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      path,
      '-vn',
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
  } catch (error) {
    throw new CliError(
      `cannot decode ${displayPath} as audio (ffmpeg: ${(error as Error).message})`,
    );
  }
  if (pcm.length < 2) throw new CliError(`${displayPath} holds no audio`);
  const copy = new Uint8Array(pcm.subarray(0, pcm.length - (pcm.length % 2)));
  return new Int16Array(copy.buffer);
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return (error as Error).message;
}
