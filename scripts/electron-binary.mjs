// Where Electron's binary is, or null when it was never downloaded (offline machines). Reads what the electron
// package's own index.js reads (path.txt, then dist/) without requiring it: its require() starts a download when
// the binary is missing.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary() {
  try {
    const directory = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(directory, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(directory, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
