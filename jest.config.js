const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

// NestJS 12 and a number of its dependencies ship ESM only. Node 20 loads them from our CommonJS
// build (require(esm)), but jest's own module runtime cannot, so swc transforms every installed
// package that declares "type": "module" (see docs/decisions.md).
function esmPackages(dir = join(__dirname, 'node_modules')) {
  const names = [];
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(join(dir, entry))) names.push(`${entry}/${scoped}`);
    } else names.push(entry);
  }
  return names.filter((name) => {
    try {
      return JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false; // a folder without a package.json is not a package
    }
  });
}
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().map(escape).join('|')})/)`],
  moduleNameMapper: {
    '^@app/config$': '<rootDir>/libs/config/src/index.ts',
    '^@app/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@app/event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^@app/timeline$': '<rootDir>/libs/timeline/src/index.ts',
    // A file of the lib without its Nest module (the CLI's import loads only what it runs), or without
    // the EventStoreDB client (an import's parser thread).
    '^@app/timeline/(.*)$': '<rootDir>/libs/timeline/src/$1',
    '^@app/event-store/(.*)$': '<rootDir>/libs/event-store/src/$1',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
module.exports = {
  // The default summary, then the name (and so the reason) of every skipped test.
  reporters: ['default', '<rootDir>/test/support/skipped-tests-reporter.js'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // test/**/*.spec.ts: checks of the deployment files (not e2e-spec, which start the service).
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/test/**/*.spec.ts',
      ],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    {
      // The same e2e suites with EVENT_STORE=eventstoredb, each app on its own EventStoreDB wire double
      // (test/esdb-double). Suites that reach behind the service into the SQLite file (tampering with
      // it, seeding it, filling its disk, the CLI on it) have no EventStoreDB form: e2e project only.
      ...shared,
      displayName: 'e2e-esdb',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '/test/(audit|audit-replay|cli|cli-cow|store-faults|verify-schemas)\\.e2e-spec\\.ts$',
      ],
      moduleNameMapper: {
        ...shared.moduleNameMapper,
        '^\\./support/test-app$': '<rootDir>/test/esdb-double/esdb-test-app.ts',
      },
    },
    {
      // The timeline page (apps/web): its logic in node, the served files, and the page itself in headless
      // Chromium on the demo data. The page's modules import each other as './x.js', as browsers need.
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/browser/build-before-browser-tests.ts',
      moduleNameMapper: { ...shared.moduleNameMapper, '^(\\.{1,2}/.*)\\.js$': '$1' },
    },
  ],
};
