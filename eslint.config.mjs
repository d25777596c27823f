// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports a layer may not make: the dependency direction of DESIGN §2 (apps → timeline → event-store → domain). */
const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
];
const restrict = (patterns, paths = []) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: 'the pure domain does no I/O (DESIGN §2)' })),
    patterns: patterns.map(([group, message]) => ({ group, message })),
  },
];
const noApps = [['**/apps/**'], 'libs never import apps'];
const noConfig = [
  ['@app/config', '**/config/src/**'],
  'the configuration is read by apps, not by this layer',
];
const noTimeline = [['@app/timeline', '**/timeline/**'], 'only apps import the timeline module'];
const noStore = [['@app/event-store', '**/event-store/**'], 'the domain knows no store'];
const noFramework = [
  ['@nestjs/*', 'fastify', '@fastify/*', 'better-sqlite3', '@eventstore/*', 'rxjs'],
  'the domain imports no framework and no driver (class-validator is its schema language, the one exception)',
];

/** For each app, the imports that reach into another app. */
const otherApps = {
  api: '^(\\.\\./)+(cli|demo|web)/',
  cli: '^(\\.\\./)+(api|demo|web)/',
  web: '^(\\.\\./)+(api|cli|demo)/',
  demo: '^(\\.\\./)+(cli|web)/|^(\\.\\./)+api/(?!src/app\\.factory$)',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='IsOptional']",
          message: "IsOptional lets null through: use Optional from the domain's schema decorators",
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['libs/domain/**/*.spec.ts'],
    rules: { 'no-restricted-imports': restrict([noApps, noTimeline, noStore, noConfig, noFramework], io) },
  },
  {
    files: ['libs/event-store/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([noApps, noTimeline, noConfig]) },
  },
  { files: ['libs/timeline/**/*.ts'], rules: { 'no-restricted-imports': restrict([noApps, noConfig]) } },
  { files: ['libs/config/**/*.ts'], rules: { 'no-restricted-imports': restrict([noApps, noTimeline]) } },
  // Apps share code through libs, never by importing one another (a relative path out of one app's folder
  // into another's). One exception: the demo is the API with data, started in process through its app
  // factory so that it knows the port it listens on.
  ...Object.entries(otherApps).map(([app, regex]) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex, message: 'apps never import one another: share through a lib (libs/config, …)' },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
