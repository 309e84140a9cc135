import { defineConfig } from 'vitest/config';

// One runner for the whole workspace: each package contributes a project.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
