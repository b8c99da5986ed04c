import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { publishedFiles } from './published';

// Rewrites the generated, committed files (see published.ts), formatted as `prettier --check` expects.
const root = fileURLToPath(new URL('../../../', import.meta.url));
for (const file of publishedFiles()) {
  const path = root + file.path;
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(file.content, { ...options, filepath: path }));
  console.log(`wrote ${file.path}`);
}
