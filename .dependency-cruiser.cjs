// Module boundaries checked in CI (ARCHITECTURE.md, Layout): no import cycles; a module reaches another module only
// through its index.ts; server/db and server/shared know no module.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        "Import cycles: a page showing another module's panel goes through that module's index or the panel registry.",
      from: {},
      to: { circular: true },
    },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment: 'Another module is imported only through its index.ts (its public surface), never its files.',
      from: { path: '^server/modules/([^/]+)/' },
      to: { path: '^server/modules/([^/]+)/', pathNot: ['^server/modules/$1/', '^server/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'db-knows-no-module',
      severity: 'error',
      comment:
        'server/db holds the connection, migrations and SQL helpers; model registration and seeding belong to boot.',
      from: { path: '^server/db/' },
      to: { path: '^(server/modules|seeders)/' },
    },
    {
      name: 'shared-knows-no-module',
      severity: 'error',
      comment: 'server/shared holds mechanisms every module uses; it never imports a module.',
      from: { path: '^server/shared/' },
      to: { path: '^server/modules/' },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '(^|/)tsconfig\\.json$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
