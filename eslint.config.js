// Lint, with the import boundaries of docs/architecture.md enforced:
// the layers of src/ import only downwards, no module takes part in an import cycle,
// src/ never imports an adapter, grammy or discord.js; adapters reach the core only
// through src/index.ts; migrations import nothing from src/.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (globs only: the rule takes no plain paths). A module imports from its own layer and the ones
 * below it, never from one above; jobs (cron) may also use delivery and feeds.
 */
const LAYERS = [
  [
    'domain',
    [
      'src/domain/**',
      'src/i18n/**',
      'src/config/**',
      'src/{config,logger,metrics}.ts',
      'src/ports/{clock,sender,card-preview}.ts',
    ],
  ],
  ['storage', ['src/storage/**']],
  ['app', ['src/app/**']],
  ['delivery', ['src/delivery/**']],
  ['feeds', ['src/feeds/**']],
  ['jobs', ['src/jobs/**']],
  ['commands', ['src/commands/**']],
  ['core', ['src/core/**', 'src/{index,ports/adapter}.ts']],
  ['web', ['src/web/**']],
  ['cli, http, runtime', ['src/cli/**', 'src/http/**', 'src/{cli,runtime}.ts']],
];
const ORDER = 'domain < storage < app < delivery, feeds < jobs < commands < core < web < cli, http, runtime < adapters';
/** Layers that share a rank: they may not import each other (jobs may import both, as ranked above them). */
const SIBLINGS = { delivery: ['feeds'], feeds: ['delivery'] };

const layerZones = LAYERS.flatMap(([name, target], index) => {
  const above = LAYERS.slice(index + 1).filter(([other]) => !(name === 'delivery' && other === 'feeds'));
  const forbidden = [
    ...above.map(([, files]) => files).flat(),
    ...(SIBLINGS[name] ?? []).flatMap((s) => LAYERS.find(([n]) => n === s)[1]),
  ];
  const allowed = LAYERS.slice(0, index + 1)
    .map(([n]) => n)
    .filter((n) => !(SIBLINGS[name] ?? []).includes(n));
  return forbidden.length === 0
    ? []
    : [
        {
          target,
          from: [...new Set(forbidden)],
          message: `${name} is a lower layer: it may import only from ${allowed.join(', ')} (order: ${ORDER}). Move the shared piece down, or inject it.`,
        },
      ];
});

const platformLibraries = ['grammy', 'grammy/*', '@grammyjs/*', 'discord.js', '@discordjs/*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'tmp/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'adapters/**/*.ts', 'bin/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      // Parse imported TypeScript modules too, or their imports (and so cycles) go unseen.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters/**', '../adapters', '../../adapters'],
              message: 'src/ must not import adapters: inject them through the composition root (bin/tagwire.js).',
            },
            {
              group: platformLibraries,
              message: 'src/ is platform-neutral: grammy and discord.js belong in adapters/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    ignores: ['adapters/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '!**/src/index.ts'],
              message: 'Adapters import the core only through src/index.ts.',
            },
            { group: ['**/migrations/**'], message: 'Adapters do not touch migrations.' },
          ],
        },
      ],
    },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '**/adapters/**'],
              message: 'Migrations are frozen in time: they import nothing from src/ or adapters/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The newsroom's script runs in the browser.
    files: ['src/web/assets/**/*.js'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', FormData: 'readonly', URLSearchParams: 'readonly' },
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines': 'off' },
  },
);
