/**
 * No cycles between modules (issue 9): modules depend on each other in one direction only, through
 * any of their files, type-only imports included. Run on its own (`npm run lint:deps`) because
 * dependency-cruiser's folder-scope rules cannot say "via modules only": the graph here holds only
 * src/modules, so a cycle it finds runs through modules alone (src/graphql, which composes every
 * module's resolver, would otherwise close a cycle with each of them). Entity files are left out:
 * relations between entities are the one cross-module link allowed both ways (MikroORM needs both
 * sides of a relation), and no other file may import another module's entity
 * (.dependency-cruiser.cjs, entities-only-from-entities).
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-cycle-between-modules',
      severity: 'error',
      comment: 'Modules depend on each other in one direction only: break the cycle with a domain event or by moving the shared rule down.',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { path: '^src/modules/[^/]+$', circular: true },
    },
  ],
  options: {
    ...base.options,
    includeOnly: '^src/modules/',
    exclude: { path: '[.]entity[.]ts$' },
  },
};
