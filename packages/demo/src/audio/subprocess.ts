/**
 * Finding and running the external audio tools (ffmpeg, arecord, sox) that write raw PCM to stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Looks `name` up on `PATH` the way a shell would, without running it. Checking first lets the CLI say
 * "ffmpeg is not installed" instead of surfacing a spawn `ENOENT` after a session was opened.
 */
export function findExecutable(
  name: string,
  path = process.env.PATH ?? '',
): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** A running tool whose stdout is raw audio. */
export interface AudioProcess {
  stdout: AsyncIterable<Uint8Array>;
  /** Resolves when the process exits; rejects with the tool's last stderr line when it fails. */
  exited: Promise<void>;
  stop(): void;
}

/** Spawns a tool that streams audio to stdout, keeping the tail of its stderr for error messages. */
export function spawnAudioProcess(
  executable: string,
  args: readonly string[],
): AudioProcess {
  const child: ChildProcess = spawn(executable, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
  });
  let stopped = false;
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0 || stopped) return resolve();
      const lastLine = stderrTail.trim().split('\n').pop()?.trim();
      reject(
        new Error(
          lastLine ||
            `exited with ${code === null ? `signal ${signal}` : `code ${code}`}`,
        ),
      );
    });
  });
  // The caller may stop listening early; an unobserved rejection would crash the process.
  exited.catch(() => undefined);
  return {
    stdout: child.stdout!,
    exited,
    stop() {
      stopped = true;
      child.kill('SIGTERM');
    },
  };
}
