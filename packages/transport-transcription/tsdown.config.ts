import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/index.browser.ts', 'src/testing/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  external: ['ws', '@openai/agents-realtime', 'openai', /^node:/],
});
