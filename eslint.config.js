import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import testRules from './scripts/eslint-test-rules.mjs';

const nodeOnly = ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'http', 'electron', 'regedit'];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', '.wine-test/', 'docs/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // CommonJS scripts (Node loader shims) are required to use require().
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The architecture, enforced: pure code knows nothing of Node, Electron or how the registry is reached.
    files: ['main/domain/**/*.ts', 'main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeOnly,
              message: 'Domain and contract code is pure: no Node, Electron or registry access.',
            },
            {
              // The registry port's types and errors are domain code (main/domain/registry-port).
              group: ['**/registry/**', '!**/registry-port', '!**/registry-port/**'],
              message: 'Domain code never imports an adapter folder: use main/domain/registry-port.',
            },
            {
              group: ['../../changes/*', '../../../changes/*', '**/ipc/**', '**/app/**', '**/preview/**'],
              message: 'Domain code never imports an adapter or the engine.',
            },
            {
              group: ['**/electron/**', '**/platform/**', '**/cli/**', 'react', '@mui/*'],
              message: 'Pure code.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    // The change engine is an adapter of the CLI, not the reverse: nothing in main/changes reaches the CLI.
    files: ['main/changes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cli/**', '**/cli'], message: 'main/changes must not import the CLI (main/cli).' },
            { group: ['**/electron/**', '**/ipc/**', '**/renderer/**'], message: 'The engine knows no UI.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'preload/api.ts', 'preload/preview.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'The renderer runs sandboxed: no Node or Electron.' },
            {
              regex: '(^|/)main/(?!contract(/|$)|domain(/|$))',
              message: 'The renderer may import only the contract and pure domain code from main/.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    // Tests prove what they claim: no case ends early without a word, no wait relies on a 1 s default.
    files: ['test/**/*.{ts,tsx}'],
    plugins: { sinkguard: testRules },
    rules: {
      'sinkguard/no-silent-early-return': 'error',
      'sinkguard/explicit-wait-timeout': 'error',
    },
  },
);
