/** Spawning the demo CLI as a real process (through tsx), as a user would run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DEMO_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
export const SAMPLE_WAV = fileURLToPath(
  new URL('../../assets/sample.wav', import.meta.url),
);
export const SAMPLE_TEXT = fileURLToPath(
  new URL('../../assets/sample.txt', import.meta.url),
);

export interface CliRun {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (or 128 + signal number). */
  exited: Promise<number>;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  stdin?: Buffer;
  /**
   * Run without root's power to read any file (util-linux `setpriv` drops CAP_DAC_OVERRIDE and
   * CAP_DAC_READ_SEARCH), so a mode-000 file gives a real permission error even in CI, which runs as root.
   */
  withoutFileOverride?: boolean;
  /** Leave stdin open and silent (a pipe nobody writes to), instead of ending it. */
  keepStdinOpen?: boolean;
}

const DROP_FILE_OVERRIDE = [
  '--bounding-set=-dac_override,-dac_read_search',
  '--inh-caps=-dac_override,-dac_read_search',
];

/** Starts `node --import tsx src/cli.ts …args` in the demo folder, collecting its output. */
export function startCli(args: string[], options: SpawnOptions = {}): CliRun {
  // INIT_CWD would make relative paths resolve against where vitest was started; tests pass absolute paths.
  const {
    INIT_CWD: _ignored,
    OPENAI_API_KEY: _key,
    ...inherited
  } = process.env;
  const node = [process.execPath, '--import', 'tsx', CLI, ...args];
  const [command, ...commandArgs] = options.withoutFileOverride
    ? ['setpriv', ...DROP_FILE_OVERRIDE, ...node]
    : node;
  const child = spawn(command!, commandArgs, {
    cwd: DEMO_DIR,
    env: { ...inherited, NO_COLOR: undefined, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const run: CliRun = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) =>
        resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : 15)),
      );
    }),
  };
  child
    .stdout!.setEncoding('utf8')
    .on('data', (chunk: string) => (run.stdout += chunk));
  child
    .stderr!.setEncoding('utf8')
    .on('data', (chunk: string) => (run.stderr += chunk));
  // A CLI that exits early (bad input) closes stdin under us; that is its answer, not a test failure.
  child.stdin!.on('error', () => undefined);
  if (options.stdin) child.stdin!.end(options.stdin);
  else if (!options.keepStdinOpen) child.stdin!.end();
  return run;
}

/** Runs the CLI to completion. */
export async function runCli(args: string[], options: SpawnOptions = {}) {
  const run = startCli(args, options);
  const code = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}

/** Lines of text, without the trailing empty one. */
export const lines = (text: string) =>
  text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
