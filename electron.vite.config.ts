import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { base64Import } from './vite.plugins.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig({
  main: {
    define,
    plugins: [base64Import()],
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // The Electron app and the `sinkguard` command share one build; `preview` is the development server
        // (excluded from the package by electron-builder.yml).
        input: {
          index: resolve('main/electron/index.ts'),
          cli: resolve('main/cli/index.ts'),
          preview: resolve('main/preview/index.ts'),
          // `fleet audit` runs hosts on worker threads: the worker is an entry of its own (main/app/fleet/pool.ts).
          'fleet-worker': resolve('main/app/fleet/worker.ts'),
        },
        // Domain and contract modules only declare (the layers' rule): a chunk that uses none of a module's exports
        // need not import it, so a CLI command does not load the zod schemas behind types it only reads.
        treeshake: {
          moduleSideEffects: [{ test: /[\\/]main[\\/](domain|contract)[\\/]/, sideEffects: false }],
        },
      },
    },
  },
  preload: {
    define,
    build: {
      outDir: 'out/preload',
      // A sandboxed preload's require() knows only 'electron' and a few builtins: bundle every dependency into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    define,
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves bundles unminified by default; the renderer is the one worth shrinking.
      minify: true,
      // The dashboard ships in the entry chunk; other pages and the fleet dialog are chunks loaded on first use, from
      // the app's own origin (CSP script-src 'self'). `npm run bench` reports the initial bundle against its goal.
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
