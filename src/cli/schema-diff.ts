/**
 * Schema evolution against the released baseline (schema/baseline.graphql):
 *   npm run schema:breaking                 CI: list the changes since the baseline; exit 1 on a breaking one
 *   npm run schema:changelog                print the unreleased changes as a changelog section (Markdown)
 *   npm run schema:release -- 0.2.0         when a release is cut: prepend its section to schema/CHANGELOG.md
 *                                           and make the code's schema the new baseline
 *     [--allow-breaking]                    … even with breaking changes (a deliberate major break; they are
 *                                           listed under "Breaking" in the changelog)
 * The current schema is the one the code generates (same SDL as `npm run schema`), not the file.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createSchema, printSdl, SCHEMA_FILE } from '../graphql/schema';
import { baselineRelease, changelogSection, compareSchemas, SchemaChange } from '../graphql/schema-evolution';
import { parseCommandLine } from './args';

const BASELINE_FILE = path.join(path.dirname(SCHEMA_FILE), 'baseline.graphql');
const CHANGELOG_FILE = path.join(path.dirname(SCHEMA_FILE), 'CHANGELOG.md');
const CHANGELOG_HEAD = '# Schema changelog\n';

function printList(title: string, changes: SchemaChange[], stream: (line: string) => void) {
  if (changes.length === 0) return;
  stream(`${title} (${changes.length}):`);
  for (const c of changes) stream(`  - ${c.path}: ${c.message}${c.reason ? `\n      ${c.reason}` : ''}`);
}

const USAGE = 'usage: npm run schema:breaking | npm run schema:changelog | npm run schema:release -- <version> [--allow-breaking]';

async function main() {
  const parsed = parseCommandLine(process.argv.slice(2), { changelog: { type: 'boolean' }, release: { type: 'boolean' }, 'allow-breaking': { type: 'boolean' } }, USAGE, true);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  const baselineSdl = fs.readFileSync(BASELINE_FILE, 'utf8');
  const since = baselineRelease(baselineSdl) ?? 'the baseline';
  const currentSdl = printSdl(await createSchema());
  const { changes, ok } = await compareSchemas(baselineSdl, currentSdl);
  const of = (v: SchemaChange['verdict']) => changes.filter((c) => c.verdict === v);

  if (values.changelog) {
    process.stdout.write(changelogSection(`Unreleased (since ${since})`, changes));
    return;
  }

  if (values.release) {
    const version = positionals[0];
    if (!version || positionals.length > 1) {
      console.error('usage: npm run schema:release -- <version> [--allow-breaking]');
      process.exit(2);
    }
    if (!ok && !values['allow-breaking']) {
      printList('Breaking changes', of('breaking'), console.error);
      console.error('refusing to release: deprecate first, or pass --allow-breaking for a deliberate major break');
      process.exit(1);
    }
    const date = new Date().toISOString().slice(0, 10);
    const old = fs.existsSync(CHANGELOG_FILE) ? fs.readFileSync(CHANGELOG_FILE, 'utf8') : CHANGELOG_HEAD;
    const [head, ...rest] = old.split(/\n(?=## )/);
    const section = changelogSection(`${version} — ${date} (since ${since})`, changes);
    fs.writeFileSync(CHANGELOG_FILE, [head.trimEnd() + '\n', section, ...rest].join('\n'));
    fs.writeFileSync(BASELINE_FILE, baselineHeader(version, date) + currentSdl);
    console.log(`wrote ${CHANGELOG_FILE} and ${BASELINE_FILE} (release ${version}); commit both`);
    return;
  }

  console.log(`Schema changes since ${since}: ${changes.length}`);
  printList('Safe', of('safe'), console.log);
  printList('Dangerous (allowed; check clients that switch on enums or rely on defaults)', of('dangerous'), console.log);
  printList('Removed after a released deprecation (allowed)', of('deprecatedRemoval'), console.log);
  if (!ok) {
    printList('BREAKING', of('breaking'), console.error);
    console.error(
      'Breaking changes against the released schema. Keep the old field, argument or enum value, mark it\n' +
      '@deprecated(reason: "use …") (type-graphql: deprecationReason), release it, and remove it only after\n' +
      'the deprecation period (README, "Schema evolution").',
    );
    process.exit(1);
  }
  console.log('no breaking changes');
}

function baselineHeader(version: string, date: string): string {
  return `# release ${version} (${date}): the schema as released. Written by \`npm run schema:release\`; never edit by hand.\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
