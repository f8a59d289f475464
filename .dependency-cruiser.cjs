/**
 * The layering of the code base as rules (README "Architecture", issue 9), checked in CI by
 * `npm run lint:deps` (.ci/run). Each rule says what it keeps out and why; a violation names
 * the import to remove. Type-only imports count everywhere except in the runtime-cycle rule
 * (`import type` is erased by the compiler, so it cannot make a cycle at run time).
 */
const MODULE = '^src/modules/([^/]+)/';
/** What a module offers the others: its service, reader, domain enums and (to entities only) entities. */
const PUBLIC_FACE = '[.](service|reader|enums|entity)[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      severity: 'error',
      comment: 'A runtime import cycle works only by import order (one side sees undefined while the other loads).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'shared-is-the-kernel',
      severity: 'error',
      comment: 'src/shared is the kernel every layer uses: it imports nothing from the rest of src.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'access-below-graphql-and-modules',
      severity: 'error',
      comment: 'src/access (the matrix, authentication, audit) sits below GraphQL and the modules.',
      from: { path: '^src/access/' },
      to: { path: '^src/(graphql|modules)/' },
    },
    {
      name: 'services-speak-the-domain',
      severity: 'error',
      comment:
        'Services, readers, entities and domain enums are GraphQL-free (the CLI, the seed and the partner adapters '
        + 'call the same services): no type-graphql, no graphql, nothing from src/graphql.',
      from: { path: '[.](service|reader|entity|enums)[.]ts$' },
      to: { path: '^src/graphql/|^node_modules/(type-graphql|graphql)/' },
    },
    {
      name: 'modules-meet-through-their-public-face',
      severity: 'error',
      comment:
        "A module uses another only through its *.service.ts, *.reader.ts, *.enums.ts or *.entity.ts, never its "
        + 'resolver, types, inputs, loaders or other internals.',
      from: { path: MODULE },
      to: { path: '^src/modules/(?!$1/)[^/]+/', pathNot: [PUBLIC_FACE, '[.]types[.]ts$'] },
    },
    {
      name: 'graphql-types-reference-graphql-types',
      severity: 'error',
      comment:
        "The one GraphQL exception to the rule above: a module's *.types.ts or *.resolver.ts may name another "
        + "module's GraphQL object types (its *.types.ts), as the schema links objects instead of foreign keys "
        + '(Household.plan, PlanItem.household); nothing else of the other module, and never from a service or reader.',
      from: { path: MODULE, pathNot: '[.](types|resolver)[.]ts$' },
      to: { path: '^src/modules/(?!$1/)[^/]+/.+[.]types[.]ts$' },
    },
    {
      name: 'entities-only-from-entities',
      severity: 'error',
      comment:
        "Another module's entities are for entity relations only: a service, reader or resolver reaches another "
        + 'module through its service or reader (or a domain event).',
      from: { path: MODULE, pathNot: '[.]entity[.]ts$' },
      to: { path: '^src/modules/(?!$1/)[^/]+/.+[.]entity[.]ts$' },
    },
    {
      name: 'partner-adapters-are-pure',
      severity: 'error',
      comment: 'partner-adapters/ holds pure parsers (their README): they import nothing from src/.',
      from: { path: '^partner-adapters/' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // See type-only imports too (dependency type "type-only"): the rules above count them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
