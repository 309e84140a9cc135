/**
 * The browser build of the transport, and the demo page built on it, must not reach anything that exists only
 * in Node: `ws`, `node:*`/built-in modules, or the globals `Buffer`, `process`, `global`, `require`, … A page
 * that reaches one either fails to bundle or breaks at run time in the user's browser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  browserBuildOptions,
  bundleWebPage,
  nodeOnlyImportGuard,
  type NodeOnlyImport,
} from '../src/web-bundle.js';

const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Node-only globals. Each is rewritten to a marker by esbuild `define`, which touches only free references. */
const NODE_GLOBALS = [
  'Buffer',
  'process',
  'global',
  'require',
  '__dirname',
  '__filename',
  'setImmediate',
];
const MARKER = '__NODE_ONLY_GLOBAL__';

/** Peer dependencies the application bundles itself; their own browser support is theirs to keep. */
const PEERS = ['@openai/agents-realtime', 'openai', 'zod'];

interface Reach {
  imports: NodeOnlyImport[];
  /** Lines of the bundle that use a Node-only global, with the global named. */
  globals: string[];
  inputs: string[];
}

/** Bundles `source` (as a module in packages/demo) for the browser and reports what Node-only code it reaches. */
async function bundleForBrowser(source: string): Promise<Reach> {
  const imports: NodeOnlyImport[] = [];
  const result = await esbuild.build({
    ...browserBuildOptions(),
    stdin: {
      contents: source,
      resolveDir: DEMO_DIR,
      sourcefile: 'entry.ts',
      loader: 'ts',
    },
    format: 'esm',
    external: PEERS,
    metafile: true,
    plugins: [nodeOnlyImportGuard(imports)],
    define: Object.fromEntries(
      NODE_GLOBALS.map((name) => [name, `${MARKER}${name}`]),
    ),
  });
  const code = result.outputFiles?.[0]?.text ?? '';
  const globals = code
    .split('\n')
    .filter((line) => line.includes(MARKER))
    .map((line) => line.trim().replaceAll(MARKER, '').slice(0, 160));
  return {
    imports,
    globals,
    inputs: Object.keys(result.metafile?.inputs ?? {}),
  };
}

function explain(reach: Reach): string {
  return [
    ...reach.imports.map((i) => `imports ${i.specifier} (from ${i.importer})`),
    ...reach.globals.map((line) => `uses a Node global: ${line}`),
  ].join('\n');
}

describe('the check itself', () => {
  it('catches ws, node: modules, bare built-ins and Node globals (so a pass means something)', async () => {
    const reach = await bundleForBrowser(`
      import WebSocket from 'ws';
      import { randomBytes } from 'node:crypto';
      import { EventEmitter } from 'events';
      export const a = [WebSocket, randomBytes, EventEmitter];
      export const b = Buffer.from('x').toString('base64');
      export const c = typeof process !== 'undefined' && process.env.DEBUG;
    `);
    expect(reach.imports.map((i) => i.specifier).sort()).toEqual([
      'events',
      'node:crypto',
      'ws',
    ]);
    expect(reach.globals.join('\n')).toMatch(/Buffer\.from/);
    expect(reach.globals.join('\n')).toMatch(/process\.env/);
  });

  it('leaves browser globals and local names that shadow Node globals alone', async () => {
    const reach = await bundleForBrowser(`
      const process = (x: number) => x * 2;
      export const a = process(2);
      export const b = globalThis.btoa('x') + new TextEncoder().encode('y').length;
    `);
    expect(explain(reach)).toBe('');
  });
});

describe('@agents-transcription/transport, browser condition', () => {
  it('reaches no Node built-in module, no ws and no Node global', async () => {
    const reach = await bundleForBrowser(
      `export * from '@agents-transcription/transport';`,
    ).catch((error: unknown) => {
      throw new Error(
        `Could not bundle @agents-transcription/transport for the browser. Run \`pnpm build\` first.\n${String(error)}`,
      );
    });
    expect(
      explain(reach),
      'Node-only code reachable from the browser build',
    ).toBe('');
  });

  it('resolves to a different build than Node gets (package.json has a browser condition)', async () => {
    const require = createRequire(`${DEMO_DIR}package.json`);
    const pkgPath =
      require.resolve('@agents-transcription/transport/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const root = JSON.stringify(pkg.exports['.']);
    expect(
      root,
      'exports["."] of the transport needs a "browser" condition',
    ).toContain('"browser"');
    const reach = await bundleForBrowser(
      `export * from '@agents-transcription/transport';`,
    );
    const transportFiles = reach.inputs.filter((p) =>
      p.includes('transport-transcription'),
    );
    expect(transportFiles.some((p) => /browser/.test(p))).toBe(true);
  });
});

describe('the web demo page bundle', () => {
  it('builds with no Node-only module reachable (bundleWebPage refuses otherwise)', async () => {
    const files = await bundleWebPage({ minify: false });
    const page = files.get('/main.js')!.body;
    const worklet = files.get('/mic-worklet.js')!.body;
    expect(page).toContain('OpenAIRealtimeTranscriptionWebSocket');
    // The worklet runs in a scope with no DOM and no network: it must stay self-contained and small.
    expect(worklet).toContain('registerProcessor');
    expect(worklet.length).toBeLessThan(20_000);
  });
});
