import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

/** The simulated machines are `.reg` files read at run time; ship them beside the main bundle (out/main/machines). */
function copyMachineProfiles(): Plugin {
  const dir = resolve('main/registry/machines');
  return {
    name: 'sinkguard:machine-profiles',
    generateBundle() {
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.reg'))) {
        this.emitFile({ type: 'asset', fileName: `machines/${file}`, source: readFileSync(resolve(dir, file)) });
      }
    },
  };
}

export default defineConfig({
  main: {
    define,
    plugins: [copyMachineProfiles()],
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // The Electron app and the `sinkguard` command share one build; `preview` is the development server
        // (excluded from the package by electron-builder.yml).
        input: {
          index: resolve('main/electron/index.ts'),
          cli: resolve('main/cli/index.ts'),
          preview: resolve('main/preview/index.ts'),
        },
      },
    },
  },
  preload: {
    define,
    build: {
      outDir: 'out/preload',
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
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
