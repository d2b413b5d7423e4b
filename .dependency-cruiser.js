/**
 * Architecture rules, checked with the tests (npm test → npm run depcheck):
 * the domain stays pure, apps stay apart, libraries never reach into apps.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain holds business rules only: no framework, database, validation library, clock or id generator',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypesNot: ['local', 'core'], pathNot: '^libs/domain/' },
    },
    {
      name: 'domain-uses-no-other-lib',
      comment: 'specs may use the given/when/then helper of libs/testing',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(libs/(?!domain/)|apps/)' },
    },
    {
      name: 'domain-uses-no-io',
      comment: 'no I/O or randomness from Node core modules in the domain',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-app-imports-another-app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.d\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
