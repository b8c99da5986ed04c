// Where Electron's binary is, or null when it was never downloaded (offline machines). Reads what the electron
// package's own index.js reads (path.txt, then dist/, or ELECTRON_OVERRIDE_DIST_PATH in place of dist/) without
// requiring it: its require() starts a download when the binary is missing.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary(env = process.env) {
  try {
    const directory = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(directory, 'path.txt');
    const override = env.ELECTRON_OVERRIDE_DIST_PATH;
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : override ? 'electron' : null;
    if (name === null) return null;
    const binary = join(override || join(directory, 'dist'), name);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
