// Builds the transport package without printing the bundler's log, for commands whose output a user reads
// (`pnpm demo`). Skips the build when dist/ is newer than every source and config file; on failure prints
// the build's whole output and exits with its code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(
  new URL('../packages/transport-transcription/', import.meta.url),
);
const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/testing/index.js'];
const inputs = ['src', 'tsdown.config.ts', 'package.json', 'tsconfig.json'];

/** The newest modification time under `path` (a file or a folder). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((name) => newest(join(path, name))),
  );
}

const at = (file) => join(pkg, file);
const fresh =
  outputs.every((file) => existsSync(at(file))) &&
  Math.min(...outputs.map((file) => statSync(at(file)).mtimeMs)) >
    Math.max(...inputs.map((file) => newest(at(file))));

if (!fresh) {
  const result = spawnSync('pnpm', ['exec', 'tsdown'], {
    cwd: pkg,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    if (result.error) console.error(result.error.message);
    console.error(
      'Building @agents-transcription/transport failed (output above).',
    );
    process.exit(result.status ?? 1);
  }
}
