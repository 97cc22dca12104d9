import { defineConfig } from 'vitest/config';

// Unit tests are pure and run in parallel. Integration and end-to-end tests spawn real process
// trees and bind real ports, so they run one file at a time: on a 2-core machine that keeps
// their deadlines honest instead of racing each other for CPU.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
