// Imports workspace packages from bench/, which is not a workspace package itself: each one is resolved
// from the package that depends on it (packages/demo or packages/transport-transcription), through the
// package's own "exports" map, so the bench loads exactly the ESM build an application would load.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fromDemo = createRequire(join(root, 'packages/demo/package.json'));
const fromTransport = createRequire(
  join(root, 'packages/transport-transcription/package.json'),
);

/** Directory of an installed package, as seen from the package that depends on it. */
function packageDir(name, requireFrom) {
  // Not every package exports ./package.json, so walk up from its main entry instead.
  let dir = dirname(requireFrom.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === name) return { dir, pkg };
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find the package directory of ${name}`);
    dir = parent;
  }
}

/** The ESM file an `import` of `name` + `subpath` would load under Node's default conditions. */
function esmEntry(dir, pkg, subpath) {
  let target = pkg.exports?.[subpath];
  while (target && typeof target === 'object') {
    target = target.node ?? target.import ?? target.default;
  }
  if (typeof target !== 'string')
    throw new Error(`${pkg.name} does not export ${subpath} for import`);
  return pathToFileURL(join(dir, target)).href;
}

async function importFrom(name, requireFrom, subpath = '.') {
  const { dir, pkg } = packageDir(name, requireFrom);
  return import(esmEntry(dir, pkg, subpath));
}

export const repoRoot = root;

/** `@openai/agents-realtime` (RealtimeSession, RealtimeAgent, OpenAIRealtimeWebSocket). */
export const importRealtime = () =>
  importFrom('@openai/agents-realtime', fromTransport);

/**
 * `@agents-transcription/transport` (needs `pnpm build`). BENCH_TRANSPORT_ENTRY=<file> benchmarks
 * another build of it instead (say, a branch built elsewhere, for an A/B run);
 * BENCH_TESTING_ENTRY=<file> does the same for the simulator.
 */
export const importTransport = () =>
  process.env.BENCH_TRANSPORT_ENTRY
    ? import(pathToFileURL(process.env.BENCH_TRANSPORT_ENTRY).href)
    : importFrom('@agents-transcription/transport', fromDemo);

/** `@agents-transcription/transport/testing` (the simulator; needs `pnpm build`). */
export const importTesting = () =>
  process.env.BENCH_TESTING_ENTRY
    ? import(pathToFileURL(process.env.BENCH_TESTING_ENTRY).href)
    : importFrom('@agents-transcription/transport', fromDemo, './testing');

/** The `ws` package the transport itself depends on (CommonJS; default export holds the classes). */
export async function importWs() {
  const mod = await import(pathToFileURL(fromTransport.resolve('ws')).href);
  return mod.default ?? mod;
}

/** Whether `ws` found the optional native `bufferutil` (it looks it up once, when it is first loaded). */
export function bufferutilLoaded() {
  if (process.env.WS_NO_BUFFER_UTIL) return false;
  const wsRequire = createRequire(fromTransport.resolve('ws'));
  try {
    wsRequire.resolve('bufferutil');
    return true;
  } catch {
    return false;
  }
}
