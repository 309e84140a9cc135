import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineConfig } from 'tsdown';

/**
 * Declarations ship without maps (they would point at src/, which the package does not ship), but the
 * bundler still ends each `.d.ts` with a `sourceMappingURL` comment when JavaScript maps are on; drop it, so
 * no shipped file names a file that is not there.
 */
async function dropDeclarationMapComments(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await dropDeclarationMapComments(path);
    else if (/\.d\.c?ts$/.test(entry.name)) {
      const text = await readFile(path, 'utf8');
      const stripped = text.replace(
        /\n\/\/# sourceMappingURL=\S+\.map\s*$/,
        '\n',
      );
      if (stripped !== text) await writeFile(path, stripped);
    }
  }
}

export default defineConfig({
  entry: ['src/index.ts', 'src/index.browser.ts', 'src/testing/index.ts'],
  format: ['esm', 'cjs'],
  dts: { sourcemap: false },
  // JavaScript maps carry the sources inline (sourcesContent), so stack traces map without src/.
  sourcemap: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  deps: { neverBundle: ['ws', '@openai/agents-realtime', 'openai', /^node:/] },
  hooks: {
    'build:done': () => dropDeclarationMapComments('dist'),
  },
});
