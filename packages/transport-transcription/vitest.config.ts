import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const src = (path: string) =>
  fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineProject({
  resolve: {
    // Examples import the package by name, as users do; tests run them against the sources.
    alias: [
      {
        find: /^@agents-transcription\/transport\/testing$/,
        replacement: src('testing/index.ts'),
      },
      {
        find: /^@agents-transcription\/transport$/,
        replacement: src('index.ts'),
      },
    ],
  },
  test: {
    name: 'transport',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'] },
  },
});
