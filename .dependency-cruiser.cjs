// The layers, checked by `npm run lint` (dependency-cruiser): imports flow one way,
// app → components → lib → db, and nothing imports itself in a circle.
//
// Type-only imports count like any other. They leave no trace at run time, but a lower layer that
// names a type from a higher one still changes when that layer changes, and a circle of types is
// still two modules that can only be understood together. Every type-only edge the rules found
// when they were written pointed the wrong way for a reason worth fixing.
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "db-imports-nothing-above",
      comment:
        "db/ is the bottom layer: schema, queries, SQL. It knows nothing of lib/, components/ or app/.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(lib|components|app)/" },
    },
    {
      name: "lib-imports-no-ui",
      comment: "lib/ is domain logic: it never reaches up into components/ or app/.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(components|app)/" },
    },
    {
      name: "components-import-no-routes",
      comment: "components/ is shared by routes; a route's own files stay beside it in app/.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "no-cycle",
      comment: "No module reaches itself through its imports.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-cycle-between-lib-domains",
      comment:
        "The folders of lib/ (ledger, billing, payments, jobs, ...) depend on each other one way: " +
        "no file of one may import another folder that reaches back to it, even when no single " +
        "file is in a circle (lib/billing/subscriptions.ts → lib/jobs/cycles.ts → lib/billing/plans.ts was one).",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/([^/]+)" },
      to: { path: "^lib/", pathNot: "^lib/$1(/|$)", circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data|db/migrations|test-results|playwright-report)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
