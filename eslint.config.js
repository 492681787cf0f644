// Lint, with the import boundaries of ARCHITECTURE.md enforced:
// src/ never imports an adapter, grammy or discord.js; adapters reach the core only
// through src/index.ts; migrations import nothing from src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformLibraries = ['grammy', 'grammy/*', '@grammyjs/*', 'discord.js', '@discordjs/*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'tmp/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/adapters/**', '../adapters', '../../adapters'], message: 'src/ must not import adapters: inject them through the composition root (bin/tagwire.js).' },
          { group: platformLibraries, message: 'src/ is platform-neutral: grammy and discord.js belong in adapters/.' },
        ],
      }],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    ignores: ['adapters/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src/**', '!**/src/index.ts'], message: 'Adapters import the core only through src/index.ts.' },
          { group: ['**/migrations/**'], message: 'Adapters do not touch migrations.' },
        ],
      }],
    },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/src/**', '**/adapters/**'], message: 'Migrations are frozen in time: they import nothing from src/ or adapters/.' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines': 'off' },
  },
);
