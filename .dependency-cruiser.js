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
      to: { dependencyTypes: ['core'], pathNot: '^crypto$' },
    },
    {
      name: 'domain-hashes-only-to-sample',
      comment:
        'SHA-256 is a pure function, and the inspection sample is defined by it (sha256-rank); nothing else of the ' +
        'domain uses crypto, where randomness lives too',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '(\\.spec\\.ts|/inspection/inspection\\.sample\\.ts)$' },
      to: { path: '^crypto$' },
    },
    {
      name: 'read-models-only-read-the-log',
      comment:
        'a read model reads the log through @app/event-store/reading (types, checkpoints, the reader view of the ' +
        'store): it never reaches the append path, the command handler or the store module',
      severity: 'error',
      from: { path: '^libs/read-models/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: {
        path: '^libs/event-store/',
        pathNot: '^libs/event-store/src/(reading|event-store\\.port|postgres/prepared-query)\\.ts$',
      },
    },
    {
      name: 'read-models-know-no-writer',
      comment: 'read models do not depend on what appends (supervision), nor on process wiring (bootstrap)',
      severity: 'error',
      from: { path: '^libs/read-models/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: { path: '^libs/(supervision|bootstrap)/' },
    },
    {
      name: 'projector-knows-no-projection',
      comment: 'the projector runs any projection; which ones run is decided by bootstrap',
      severity: 'error',
      from: { path: '^libs/projector/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: { path: '^libs/(read-models|supervision|access|bootstrap)/' },
    },
    {
      name: 'platform-is-a-leaf',
      comment: 'clock, batching and shutdown signals serve every package and depend on none but config',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/', pathNot: '^libs/(platform|config)/' },
    },
    {
      name: 'contracts-are-shapes',
      comment:
        "request shapes (libs/contracts) serve every edge that takes requests: they use the domain's constants and " +
        'validation libraries, never the store, a read model or an app',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '^(libs/(?!(contracts|domain)/)|apps/)' },
    },
    {
      name: 'only-bootstrap-composes',
      comment:
        'bootstrap wires every package together (migrations, projections, the app database); only apps, tests and benchmarks use it',
      severity: 'error',
      from: { path: '^libs/', pathNot: ['^libs/(bootstrap|testing)/', '\\.(int-)?spec\\.ts$'] },
      to: { path: '^libs/bootstrap/' },
    },
    {
      name: 'api-features-apart',
      comment:
        'an API feature does not import another; what they share lives in apps/api/src/http (or auth, idempotency). ' +
        'Two exceptions follow, by Nest and by the contract',
      severity: 'error',
      from: { path: '^apps/api/src/([^/]+)/', pathNot: '\\.(module|response\\.dto)\\.ts$' },
      to: { path: '^apps/api/src/([^/]+)/', pathNot: '^apps/api/src/($1|http|auth|idempotency)/' },
    },
    {
      name: 'api-feature-modules-import-modules',
      comment:
        "a feature's module may import another feature's module (to use its exported providers), nothing else of it",
      severity: 'error',
      from: { path: '^apps/api/src/([^/]+)/.*\\.module\\.ts$' },
      to: {
        path: '^apps/api/src/([^/]+)/',
        pathNot: ['^apps/api/src/($1|http|auth|idempotency)/', '\\.module\\.ts$'],
      },
    },
    {
      name: 'api-responses-embed-published-shapes',
      comment:
        "a response shape may embed another feature's shapes (an operation shows its power and alerts), nothing else of it",
      severity: 'error',
      from: { path: '^apps/api/src/([^/]+)/.*\\.response\\.dto\\.ts$' },
      to: {
        path: '^apps/api/src/([^/]+)/',
        pathNot: ['^apps/api/src/($1|http|auth|idempotency)/', '\\.dto\\.ts$'],
      },
    },
    {
      name: 'domain-modules-share-a-kernel',
      comment: "a domain module imports libs/domain/src/shared, not another module's validation",
      severity: 'error',
      from: { path: '^libs/domain/src/([^/]+)/' },
      to: { path: '^libs/domain/src/([^/]+)/[^/]*validation', pathNot: '^libs/domain/src/$1/' },
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
