// `npm start`: build, then launch Electron; where Electron's binary is missing (offline machines), say so in one
// line and serve the browser preview instead.
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const binary = electronBinary();
if (!binary) {
  console.log("Electron's binary is not installed on this machine; starting the browser preview instead.");
  await import('./preview.mjs');
} else {
  const built = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
