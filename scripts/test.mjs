// `npm test`: every check and every test lane, in the order that fails fastest.
// Lanes needing outside tools (Wine, Chromium, pwsh) skip locally with a printed reason and fail under CI=true.
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const npx = (args) => spawnSync('npx', ['--no-install', ...args], { stdio: 'inherit' }).status === 0;
const step = (name, ok) => {
  if (!ok) {
    console.error(`npm test: ${name} failed`);
    process.exit(1);
  }
};

step(
  'typecheck',
  ['node', 'web', 'e2e'].every((project) => npx(['tsc', '-p', `tsconfig.${project}.json`])),
);
step('lint', npx(['eslint', '.']) && npx(['prettier', '--check', '.']));
step('build', npx(['electron-vite', 'build']));

const report = join(mkdtempSync(join(tmpdir(), 'sinkguard-test-')), 'vitest.json');
const vitest = npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
const results = JSON.parse(readFileSync(report, 'utf8'));
const skipped = results.numPendingTests + results.numTodoTests;
// The plain closing line CI reads.
console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
step('vitest', vitest && results.numFailedTests === 0 && results.numTotalTests > 0);
