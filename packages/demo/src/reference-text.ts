/**
 * Reference text for offline runs (`--script FILE`, and the bundled sample's `sample.txt`): what the
 * simulator returns, one line per committed turn.
 */
import { readFile } from 'node:fs/promises';
import { statRegularFile } from './audio/source.js';
import { CliError } from './errors.js';

/** A script is a few lines of text; anything larger is not one. */
const MAX_SCRIPT_BYTES = 1024 ** 2;

/** Reads a reference-text script: one line per turn, blank lines ignored. */
export async function readScript(
  path: string,
  displayPath = path,
): Promise<string[]> {
  await statRegularFile(path, displayPath, 'script ', MAX_SCRIPT_BYTES);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read script ${displayPath}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
