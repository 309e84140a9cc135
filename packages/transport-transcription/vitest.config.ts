import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'transport',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'] },
  },
});
