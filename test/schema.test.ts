/** The checked-in SDL and the migrations must match the code (CI also runs both checks by name). */
import fs from 'node:fs';
import { MikroORM } from '@mikro-orm/postgresql';
import { createSchema, printSdl, SCHEMA_FILE } from '../src/graphql/schema';
import { ormConfig } from '../src/db/mikro-orm.config';
import { embedded } from './support/app';

it('schema/schema.graphql is what the code generates (run `npm run schema`)', async () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(printSdl(await createSchema()));
});

it('every type, field, argument and enum value carries a description', async () => {
  const schema = await createSchema();
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID', 'DateTimeISO'].includes(type.name)) continue;
    // Root operation types carry no description of their own; their fields do.
    if (!type.description && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
    if ('getFields' in type) {
      for (const f of Object.values(type.getFields())) {
        if (!f.description) missing.push(`${type.name}.${f.name}`);
        for (const a of ('args' in f ? f.args : [])) if (!a.description && !['first', 'after', 'last', 'before'].includes(a.name)) missing.push(`${type.name}.${f.name}(${a.name})`);
      }
    }
    if ('getValues' in type) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
  }
  expect(missing).toEqual([]);
});

it('the migrations create exactly the schema the entities describe', async () => {
  // As the owner: the catalog shows a table's constraints only to roles that may change the table.
  const orm = await MikroORM.init(ormConfig({ url: process.env.TEST_DB_OWNER_URL ?? process.env.TEST_DB_URL!, embedded }));
  try {
    await orm.getMigrator().up();
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    expect(diff.trim()).toBe('');
  } finally {
    await orm.close(true);
  }
});
