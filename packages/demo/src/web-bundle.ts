/**
 * Bundles the browser demo page (`web/`) in memory with esbuild, for the web demo server to serve.
 *
 * Two bundles, because an AudioWorklet is loaded by URL into its own global scope: `main.js` (the page, ESM)
 * and `mic-worklet.js` (the processor, IIFE). Both are built for the browser with the `browser` export
 * condition, which is what selects the transport's browser build (page `WebSocket`, no `ws`, no `Buffer`).
 * A guard plugin makes the build fail if any Node built-in module or `ws` is still reachable, naming the
 * importer, instead of letting the page break at run time.
 */
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { MIC_WORKLET_PATH } from '../web/audio/mic-protocol.js';

/** The folder holding the page sources (`index.html`, `main.ts`, the worklet…). */
export const WEB_SOURCE_DIR = fileURLToPath(
  new URL('../web/', import.meta.url),
);

/** A file the server can send as is. */
export interface StaticFile {
  contentType: string;
  body: string;
}

/** A Node-only module some bundled file imports. */
export interface NodeOnlyImport {
  /** The specifier as written, e.g. `ws` or `node:crypto`. */
  specifier: string;
  /** The file that imports it. */
  importer: string;
}

const NODE_ONLY = new Set([...builtinModules, 'ws']);

/** Whether a bare import specifier names a Node built-in (with or without `node:`), a subpath of one, or `ws`. */
export function isNodeOnlySpecifier(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  const root = specifier.split('/')[0] ?? specifier;
  return NODE_ONLY.has(specifier) || NODE_ONLY.has(root);
}

/**
 * An esbuild plugin that records every import of a Node-only module into `found` (and marks it external so
 * the build completes and every offender is listed, not just the first).
 */
export function nodeOnlyImportGuard(found: NodeOnlyImport[]): esbuild.Plugin {
  return {
    name: 'node-only-import-guard',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || !isNodeOnlySpecifier(args.path))
          return undefined;
        found.push({ specifier: args.path, importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
}

/** The esbuild options every browser bundle of ours shares. */
export function browserBuildOptions(): esbuild.BuildOptions {
  return {
    bundle: true,
    write: false,
    platform: 'browser',
    // Explicit, although platform 'browser' implies it: this is what picks the transport's browser build.
    conditions: ['browser'],
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
  };
}

/** Builds the page and returns every file the server serves, by URL path. */
export async function bundleWebPage(
  options: { minify?: boolean } = {},
): Promise<Map<string, StaticFile>> {
  const found: NodeOnlyImport[] = [];
  const common = {
    ...browserBuildOptions(),
    minify: options.minify ?? true,
    plugins: [nodeOnlyImportGuard(found)],
  };
  const [page, worklet, html, css] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [`${WEB_SOURCE_DIR}main.ts`],
      format: 'esm',
    }),
    esbuild.build({
      ...common,
      entryPoints: [`${WEB_SOURCE_DIR}audio/mic-worklet.ts`],
      format: 'iife',
    }),
    readFile(`${WEB_SOURCE_DIR}index.html`, 'utf8'),
    readFile(`${WEB_SOURCE_DIR}style.css`, 'utf8'),
  ]);
  if (found.length > 0) {
    throw new Error(
      `The web page bundle reaches Node-only modules, which do not exist in a browser:\n${found
        .map((f) => `  ${f.specifier} (imported by ${f.importer})`)
        .join('\n')}`,
    );
  }
  return new Map<string, StaticFile>([
    ['/', { contentType: 'text/html; charset=utf-8', body: html }],
    ['/index.html', { contentType: 'text/html; charset=utf-8', body: html }],
    ['/style.css', { contentType: 'text/css; charset=utf-8', body: css }],
    [
      '/main.js',
      { contentType: 'text/javascript; charset=utf-8', body: outputText(page) },
    ],
    [
      MIC_WORKLET_PATH,
      {
        contentType: 'text/javascript; charset=utf-8',
        body: outputText(worklet),
      },
    ],
  ]);
}

function outputText(result: esbuild.BuildResult): string {
  const file = result.outputFiles?.[0];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
}
