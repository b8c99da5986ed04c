// `npm run preview`: build (unless SINKGUARD_SKIP_BUILD=1), bundle the preview bridge, serve on 127.0.0.1.
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build } from 'vite';

const root = new URL('..', import.meta.url);
process.chdir(fileURLToPath(root));

if (process.env.SINKGUARD_SKIP_BUILD !== '1' || !existsSync('out/main/preview.js')) {
  const result = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await buildBridge();
await import(new URL('out/main/preview.js', root).href);

/** The preview's stand-in for the preload: one classic script, loaded before the renderer's module. */
async function buildBridge() {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: 'out/preview',
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: 'preload/preview.ts',
        formats: ['iife'],
        name: 'SinkGuardPreviewBridge',
        fileName: () => 'bridge.js',
      },
    },
  });
}
