import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/**
 * `import data from './file.reg?base64'` gives the file's bytes as a base64 string. The simulated machines' `.reg`
 * fixtures are UTF-16LE, which `?raw` would mangle; embedding them makes every bundle (CLI, preview, app) self-contained.
 * Used by the app build and by Vitest, so tests load the fixtures exactly as the app does.
 */
export function base64Import(): Plugin {
  return {
    name: 'sinkguard:base64-import',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?', 2);
      if (query !== 'base64' || file === undefined) return null;
      return `export default ${JSON.stringify(readFileSync(file).toString('base64'))};`;
    },
  };
}
