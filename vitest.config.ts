import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { base64Import } from './vite.plugins.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// One runner, five lanes. `npm test` runs them all; each lane also runs on its own (see package.json).
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [base64Import()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'wine',
          include: ['test/wine/**/*.test.ts'],
          environment: 'node',
          // One Wine prefix is shared by the lane; wineserver does not like being raced by parallel files.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'pwsh',
          include: ['test/pwsh/**/*.test.ts'],
          environment: 'node',
          // One pwsh process per suite; suites take turns (the machine's cores are shared).
          fileParallelism: false,
          globalSetup: ['test/pwsh/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
