/** Every type that implements Node can be fetched with node(id:) (the Relay contract). */
import { GraphQLObjectType } from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import '../../src/graphql/loaders'; // composes the modules' loaders, which register their node types
import { registeredNodeTypes } from '../../src/graphql/node-registry';

it('node(id:) resolves every Node type of the schema', async () => {
  const schema = await createSchema();
  const nodeTypes = Object.values(schema.getTypeMap())
    .filter((t): t is GraphQLObjectType => t instanceof GraphQLObjectType && t.getInterfaces().some((i) => i.name === 'Node'))
    .map((t) => t.name);
  // Global ids name the type they came from; the published notice types share one id type.
  const idTypes = new Set(nodeTypes.map((n) => (n === 'FirstPublicNotice' || n === 'SecondPublicNotice' ? 'PublicNotice' : n)));
  // Every module registers its node types (src/graphql/node-registry.ts); Query.node knows none.
  const handled = new Set(registeredNodeTypes());
  expect([...idTypes].filter((t) => !handled.has(t))).toEqual([]);
  expect(idTypes.size).toBeGreaterThanOrEqual(15);
});
