/**
 * ffmpeg for the CLI tests, so they run (never skip) on a machine with only Node and npm: the ffmpeg on PATH,
 * else the static build inside the `@ffmpeg-installer/ffmpeg` devDependency (shipped in its npm tarball, no
 * download at install). The CLI looks for ffmpeg on PATH, so that build's folder is put first on this
 * process's PATH, which the CLI processes the tests start inherit.
 */
import { createRequire } from 'node:module';
import { delimiter, dirname } from 'node:path';
import { findExecutable } from '../../src/audio/subprocess.js';

export function ensureFfmpeg(): string {
  const onPath = findExecutable('ffmpeg');
  if (onPath) return onPath;
  let packaged: string;
  try {
    const require = createRequire(import.meta.url);
    packaged = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (error) {
    throw new Error(
      'The CLI tests need ffmpeg: none is on PATH and @ffmpeg-installer/ffmpeg has no build for this ' +
        `platform (${(error as Error).message}). Install ffmpeg, or run \`pnpm install\`.`,
    );
  }
  process.env.PATH = `${dirname(packaged)}${delimiter}${process.env.PATH ?? ''}`;
  return packaged;
}
