/** `npm run schema` writes schema/schema.graphql; `npm run schema -- --check` fails if it differs. */
import 'reflect-metadata';
import fs from 'node:fs';
import { createSchema, printSdl, SCHEMA_FILE } from '../graphql/schema';
import { parseCommandLine } from './args';

async function main() {
  const sdl = printSdl(await createSchema());
  const parsed = parseCommandLine(process.argv.slice(2), { check: { type: 'boolean' } }, 'usage: npm run schema [-- --check]');
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  if (parsed.values.check) {
    const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (current !== sdl) {
      console.error('schema/schema.graphql differs from the code: run `npm run schema` and commit it');
      process.exit(1);
    }
    console.log('schema/schema.graphql matches the code');
    return;
  }
  fs.writeFileSync(SCHEMA_FILE, sdl);
  console.log(`wrote ${SCHEMA_FILE}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
