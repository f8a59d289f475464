/** Every type that implements Node can be fetched with node(id:) (the Relay contract). */
import fs from 'node:fs';
import path from 'node:path';
import { GraphQLObjectType } from 'graphql';
import { createSchema } from '../../src/graphql/schema';

it('node(id:) resolves every Node type of the schema', async () => {
  const schema = await createSchema();
  const nodeTypes = Object.values(schema.getTypeMap())
    .filter((t): t is GraphQLObjectType => t instanceof GraphQLObjectType && t.getInterfaces().some((i) => i.name === 'Node'))
    .map((t) => t.name);
  // Global ids name the type they came from; the published notice types share one id type.
  const idTypes = new Set(nodeTypes.map((n) => (n === 'FirstPublicNotice' || n === 'SecondPublicNotice' ? 'PublicNotice' : n)));
  const source = fs.readFileSync(path.join(__dirname, '../../src/modules/registry/registry.resolver.ts'), 'utf8');
  const handled = new Set([...source.matchAll(/case '(\w+)':/g)].map((m) => m[1]));
  expect([...idTypes].filter((t) => !handled.has(t))).toEqual([]);
  expect(idTypes.size).toBeGreaterThanOrEqual(15);
});
