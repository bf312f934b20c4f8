import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
      environment: 'node',
      setupFiles: ['tests/unit/setup.ts'],
      // A harness limit, not a speed target: some tests start Python or a QuickJS module, which take a few seconds on a
      // busy 2-core machine (the 5 s default failed there); speed is measured by `npm run bench`.
      testTimeout: 30_000,
    },
  }),
);
